import Foundation

/// Email address checks shared by configuration validation and the sync rules.
public enum EmailAddress {
    /// Whether `text` is a plausible, deliverable-looking email address: one `@`, a non-empty
    /// local part without spaces, and a valid domain with a dot and a TLD of two letters or more.
    public static func isValid(_ text: String) -> Bool {
        if let verdict = isValidASCII(text) { return verdict }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last else { return false }
        guard !local.isEmpty, local.count <= 64, !local.hasPrefix("."), !local.hasSuffix("."),
            !local.contains(".."),
            local.allSatisfy({ $0.isASCII && !$0.isWhitespace && !"()<>,;:\\\"[]".contains($0) })
        else { return false }
        return isValidDomain(String(domain))
    }

    /// Whether `text` is a domain name such as `example.com` (labels of letters, digits and
    /// hyphens, at least two labels, a final label of two letters or more).
    public static func isValidDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, text.count <= 253, let tld = labels.last, tld.count >= 2,
            tld.allSatisfy(\.isLetter)
        else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// The lower-cased domain of an address (the part after the last `@`), or nil.
    public static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        return domain.isEmpty ? nil : domain.lowercased()
    }

    /// The canonical form used to compare addresses: trimmed and lower-cased.
    public static func normalized(_ address: String) -> String {
        // Most addresses are ASCII, already trimmed and lower-cased: Foundation's trimming (and
        // its bridging) cost more than the rest of planning a large webinar.
        let utf8 = address.utf8
        guard let first = utf8.first, let last = utf8.last else { return address }
        func isEdgeSafe(_ byte: UInt8) -> Bool { byte < 0x80 && !isASCIIWhitespace(byte) }
        guard isEdgeSafe(first), isEdgeSafe(last) else {
            return address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        }
        if utf8.allSatisfy({ $0 < 0x80 && !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) { return address }
        return address.lowercased()
    }

    private static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    private static let forbiddenInLocalPart = Set("()<>,;:\\\"[]".utf8)

    /// ``isValid(_:)`` of an ASCII address by its bytes; nil for any other text.
    private static func isValidASCII(_ text: String) -> Bool? {
        let utf8 = Array(text.utf8)
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        guard let at = utf8.firstIndex(of: UInt8(ascii: "@")), utf8.lastIndex(of: UInt8(ascii: "@")) == at else { return false }
        let local = utf8[..<at]
        let domain = utf8[(at + 1)...]
        guard !local.isEmpty, local.count <= 64, local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
            !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }),
            local.allSatisfy({ !isASCIIWhitespace($0) && !forbiddenInLocalPart.contains($0) })
        else { return false }
        func isLetter(_ byte: UInt8) -> Bool { (65...90).contains(byte) || (97...122).contains(byte) }
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.count <= 253, let tld = labels.last, tld.count >= 2, tld.allSatisfy(isLetter) else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isLetter($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// Whether `address`'s domain is `domain` or one of its subdomains (case-insensitive).
    public static func address(_ address: String, isInDomain domain: String) -> Bool {
        guard let own = self.domain(of: address) else { return false }
        let listed = domain.lowercased()
        return own == listed || own.hasSuffix("." + listed)
    }
}
