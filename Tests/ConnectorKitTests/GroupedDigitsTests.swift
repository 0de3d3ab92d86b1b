import ConnectorKit
import Testing

@Suite("Typed ids: digits grouped by single spaces or dashes")
struct GroupedDigitsTests {
    @Test("digits with single spaces or dashes between groups are accepted")
    func accepted() {
        #expect(GroupedDigits.digits("81234567890") == "81234567890")
        #expect(GroupedDigits.digits(" 812 3456 7890 ") == "81234567890")
        #expect(GroupedDigits.digits("812-3456-7890") == "81234567890")
    }

    @Test("a sign, a stray or doubled separator, or a non-ASCII digit is refused")
    func refused() {
        for text in ["-81234567890", "81234567890-", "812--3456", "812 - 3456", "+81234567890", "812.3456", "٨١٢٣٤٥٦٧٨٩٠", "", " - "] {
            #expect(GroupedDigits.digits(text) == nil, "\(text)")
        }
    }
}
