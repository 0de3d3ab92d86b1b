/// The bounds every tenant file is read within, so that no file — however hostile (a YAML
/// "billion laughs" alias bomb, a 10 MB file, deep nesting) — costs more than a small, fixed
/// amount of memory and time. A file over a bound is refused with a `file:line:column` error;
/// only its own tenant is affected.
///
/// - ``maximumBytes`` is checked before the file is read (and reading stops there).
/// - ``maximumAliases`` is checked before the YAML is parsed: every `*name` in the text counts,
///   quoted or not, so the parser never composes a document whose aliases could multiply.
/// - ``maximumDepth``, ``maximumNodes`` and ``maximumAliasNodes`` are checked while walking the
///   parsed document: an alias counts as every node it stands for, so expansion is bounded too.
public struct TenantFileLimits: Sendable, Hashable {
    /// Largest tenant file in bytes.
    public var maximumBytes: Int
    /// Most alias references (`*name`) in one file.
    public var maximumAliases: Int
    /// Deepest nesting of mappings and lists (the tenant format needs 9).
    public var maximumDepth: Int
    /// Most nodes (keys, values, list items), aliases counted as what they stand for.
    public var maximumNodes: Int
    /// Most nodes produced by expanding aliases.
    public var maximumAliasNodes: Int
    /// Largest `${file:…}` secret file in bytes.
    public var maximumSecretFileBytes: Int

    /// Creates limits.
    public init(
        maximumBytes: Int, maximumAliases: Int, maximumDepth: Int, maximumNodes: Int, maximumAliasNodes: Int,
        maximumSecretFileBytes: Int
    ) {
        self.maximumBytes = maximumBytes
        self.maximumAliases = maximumAliases
        self.maximumDepth = maximumDepth
        self.maximumNodes = maximumNodes
        self.maximumAliasNodes = maximumAliasNodes
        self.maximumSecretFileBytes = maximumSecretFileBytes
    }

    /// The documented limits: 256 KiB, 10 aliases, depth 32, 50,000 nodes of which at most
    /// 10,000 come from aliases, secret files of at most 64 KiB.
    public static let standard = TenantFileLimits(
        maximumBytes: 256 * 1024, maximumAliases: 10, maximumDepth: 32, maximumNodes: 50_000, maximumAliasNodes: 10_000,
        maximumSecretFileBytes: 64 * 1024)

    /// How many alias references (`*` followed by an anchor name) the text may contain: an upper
    /// bound of the aliases the YAML parser will see, counted without parsing.
    static func aliasReferences(in text: String, stoppingAfter limit: Int) -> Int {
        var count = 0
        var previousWasStar = false
        for byte in text.utf8 {
            if previousWasStar && isAnchorCharacter(byte) {
                count += 1
                if count > limit { return count }
            }
            previousWasStar = byte == UInt8(ascii: "*")
        }
        return count
    }

    /// libyaml's anchor-name characters: ASCII letters, digits, `_` and `-`.
    static func isAnchorCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
