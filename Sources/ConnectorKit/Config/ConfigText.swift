/// Text from a configuration file made safe to quote in an error message: secret references
/// lose any fallback value they carry (`${env:NAME:-…}`), line breaks and control characters
/// are replaced, and long text is cut, so an error never repeats a secret or a file's contents.
public enum ConfigText {
    /// Most characters of file text an error message repeats.
    public static let maximumQuotedLength = 60

    /// `'text'`, made safe (see ``ConfigText``).
    public static func quoted(_ text: String) -> String {
        "'\(safe(text))'"
    }

    /// The text with secret fallbacks masked, control characters replaced by `?`, and cut to
    /// ``maximumQuotedLength`` characters (marked with `…`).
    public static func safe(_ text: String) -> String {
        let masked = maskingSecretFallbacks(text)
        let cleaned = String(
            masked.unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
                    ? "?" : Character(scalar)
            })
        guard cleaned.count > maximumQuotedLength else { return cleaned }
        return cleaned.prefix(maximumQuotedLength) + "…"
    }

    /// Whether the text contains something written like a secret reference: `${` followed by a
    /// scheme and `:` (`${env:…}`, `${file:…}`, or a mistyped or unknown one such as `${vault:…}`).
    public static func containsSecretReference(_ text: String) -> Bool {
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            let after = rest[open.upperBound...]
            let scheme = after.prefix { $0.isASCII && $0.isLetter }
            if !scheme.isEmpty, after.dropFirst(scheme.count).first == ":" { return true }
            rest = after
        }
        return false
    }

    /// Every secret reference of the text reduced to its scheme and name: `${env:NAME}` stays,
    /// `${env:NAME:-fallback}` becomes `${env:NAME:-…}`, and anything else after the name — a
    /// mistyped fallback (`${env:NAME;-x}`), a path, more braces — becomes `…}`, up to the text's
    /// last `}` (a fallback may itself contain `}`); text after an unclosed `${` is dropped.
    public static func maskingSecretFallbacks(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            var index = open.upperBound
            var kept = "${"
            func take(while accepts: (Character) -> Bool) {
                while index < rest.endIndex, accepts(rest[index]) {
                    kept.append(rest[index])
                    index = rest.index(after: index)
                }
            }
            take { $0.isASCII && $0.isLetter }
            if index < rest.endIndex, rest[index] == ":" {
                kept.append(":")
                index = rest.index(after: index)
                take { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            }
            if index < rest.endIndex, rest[index] == "}" {
                result += kept + "}"
                rest = rest[rest.index(after: index)...]
                continue
            }
            result += kept + (rest[index...].hasPrefix(":-") ? ":-…}" : "…}")
            guard let last = rest[index...].lastIndex(of: "}") else { return result }
            rest = rest[rest.index(after: last)...]
        }
        return result + rest
    }
}
