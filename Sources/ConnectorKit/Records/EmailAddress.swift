import Foundation

/// Email address checks shared by configuration validation and the sync rules.
public enum EmailAddress {
    /// Whether `text` is a plausible, deliverable-looking email address: one `@`, a non-empty
    /// local part without spaces, and a valid domain with a dot and a TLD of two letters or more.
    public static func isValid(_ text: String) -> Bool {
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
        address.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Whether `address`'s domain is `domain` or one of its subdomains (case-insensitive).
    public static func address(_ address: String, isInDomain domain: String) -> Bool {
        guard let own = self.domain(of: address) else { return false }
        let listed = domain.lowercased()
        return own == listed || own.hasSuffix("." + listed)
    }
}
