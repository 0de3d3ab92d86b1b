import Foundation

/// An id typed as digits, optionally grouped by single spaces or dashes the way people copy
/// them ("812 3456 7890", "812-3456-7890"). Anything else — a sign (`-81234567890`), a leading
/// or trailing or doubled separator, a non-ASCII digit — is not such an id.
public enum GroupedDigits {
    /// The digits of `text` (surrounding whitespace ignored), or nil when it is not digits
    /// grouped by single spaces or dashes.
    public static func digits(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var digits = ""
        var previousWasDigit = false
        for character in trimmed {
            if character.isASCII, character.isWholeNumber {
                digits.append(character)
                previousWasDigit = true
            } else if character == " " || character == "-", previousWasDigit {
                previousWasDigit = false
            } else {
                return nil
            }
        }
        return previousWasDigit ? digits : nil
    }
}
