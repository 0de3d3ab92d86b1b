/// Lower-case hexadecimal text of bytes, built in one pass without formatting each byte
/// through `String(format:)` (digests and signatures are hex-encoded on every webhook).
public enum HexEncoding {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// `bytes` as lower-case hex, two digits per byte.
    public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let bytes = Array(bytes)
        // Written straight into the string's storage (no intermediate array, no UTF-8
        // validation pass: every byte is an ASCII digit).
        return String(unsafeUninitializedCapacity: bytes.count * 2) { text in
            var index = 0
            for byte in bytes {
                text[index] = digits[Int(byte >> 4)]
                text[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }

    /// The first `count` bytes of `bytes` as lower-case hex: a digest's prefix through its
    /// `withUnsafeBytes`, without iterating the digest through the generic `Sequence` path (which
    /// cost more than hashing for the short ids and ledger hashes of a large sync).
    public static func string(_ bytes: UnsafeRawBufferPointer, prefix count: Int) -> String {
        let length = min(max(count, 0), bytes.count)
        return String(unsafeUninitializedCapacity: length * 2) { text in
            digits.withUnsafeBufferPointer { digits in
                for index in 0..<length {
                    text[2 * index] = digits[Int(bytes[index] >> 4)]
                    text[2 * index + 1] = digits[Int(bytes[index] & 0x0f)]
                }
            }
            return length * 2
        }
    }

    /// The bytes of hex text (either case), or nil when it is not an even number of hex digits.
    public static func bytes(_ text: some StringProtocol) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = value(of: utf8[index]), let low = value(of: utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func value(of digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
