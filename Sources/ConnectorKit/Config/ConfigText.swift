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

    /// Whether the text contains a secret reference (`${env:…}` or `${file:…}`).
    public static func containsSecretReference(_ text: String) -> Bool {
        text.contains("${env:") || text.contains("${file:")
    }

    /// Every `${…:-fallback}` of the text with its fallback replaced by `…`. A fallback may
    /// itself contain `}`, so everything up to the text's last `}` is masked; text after an
    /// unclosed `${…:-` is dropped.
    public static func maskingSecretFallbacks(_ text: String) -> String {
        guard text.contains("${") else { return text }
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            result += rest[..<open.lowerBound]
            let reference = rest[open.lowerBound...]
            let close = reference.firstIndex(of: "}")
            let head = reference[..<(close ?? reference.endIndex)]
            if let marker = head.range(of: ":-") {
                result += reference[..<marker.upperBound] + "…}"
                guard let last = reference.lastIndex(of: "}") else { return result }
                rest = reference[reference.index(after: last)...]
            } else if let close {
                result += reference[...close]
                rest = reference[reference.index(after: close)...]
            } else {
                return result + reference
            }
        }
        return result + rest
    }
}
