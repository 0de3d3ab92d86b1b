import ConnectorKit
import Testing

@Suite("Hex encoding")
struct HexEncodingTests {
    @Test("A buffer's prefix is written as the sequence form writes it, and a long prefix stops at the end")
    func bufferPrefix() {
        let bytes: [UInt8] = [0x00, 0x0f, 0xa5, 0xff, 0x10, 0x7e]
        bytes.withUnsafeBytes { buffer in
            #expect(HexEncoding.string(buffer, prefix: 4) == HexEncoding.string(bytes.prefix(4)))
            #expect(HexEncoding.string(buffer, prefix: 4) == "000fa5ff")
            #expect(HexEncoding.string(buffer, prefix: 99) == HexEncoding.string(bytes))
            #expect(HexEncoding.string(buffer, prefix: 0).isEmpty)
        }
    }
}
