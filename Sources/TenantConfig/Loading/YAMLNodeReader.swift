import ConnectorKit
import Yams

/// Parses YAML text into positioned ``ConfigNode``s with Yams, within ``TenantFileLimits``,
/// turning syntax errors into ``ConfigIssue``s that name `file:line:column` and say what was
/// expected — never the file's text (Yams' own error descriptions quote it).
enum YAMLNodeReader {
    /// Parses one YAML document; an issue when the text is over a limit, not valid YAML, or empty.
    static func read(_ text: String, file: String, limits: TenantFileLimits = .standard) -> Result<ConfigNode, ConfigIssue> {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let bytes = text.utf8.count
        guard bytes <= limits.maximumBytes else {
            return .failure(ConfigIssue(TenantFileLimitMessages.tooLarge(limits), at: start))
        }
        if let excess = excessAlias(in: text, limit: limits.maximumAliases, file: file) {
            return .failure(ConfigIssue(TenantFileLimitMessages.tooManyAliases(limits), at: excess))
        }
        let root: Node?
        do {
            // The basic resolver: the walker reads scalars as text and never their implicit tags,
            // while the default one runs a regular expression per rule on every key Yams hashes
            // for its duplicate check (a fifth of loading). UTF-8 given, so Yams does not read
            // the whole environment per file to choose.
            root = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            return .failure(issue(for: error, file: file))
        } catch {
            return .failure(ConfigIssue("invalid YAML: the parser stopped; check the file's syntax", at: start))
        }
        guard let root else {
            return .failure(
                ConfigIssue(
                    "the file is empty; expected a tenant mapping with keys such as tenant, hubspot, sync, business_units",
                    at: start))
        }
        var walker = BoundedWalker(file: file, limits: limits)
        do {
            return .success(try walker.convert(root, depth: 1, expandingAlias: false))
        } catch {
            return .failure(error.issue)
        }
    }

    /// Where the alias reference one past the limit is, if the text has more than `limit`.
    private static func excessAlias(in text: String, limit: Int, file: String) -> SourceLocation? {
        guard TenantFileLimits.aliasReferences(in: text, stoppingAfter: limit) > limit else { return nil }
        var line = 1
        var column = 0
        var count = 0
        var previousWasStar = false
        for scalar in text.unicodeScalars {
            column += 1
            if previousWasStar, scalar.isASCII, TenantFileLimits.isAnchorCharacter(UInt8(scalar.value)) {
                count += 1
                if count > limit { return SourceLocation(file: file, line: line, column: column - 1) }
            }
            previousWasStar = scalar == "*"
            if scalar == "\n" {
                line += 1
                column = 0
            }
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    static func location(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: max(mark?.line ?? 1, 1), column: max(mark?.column ?? 1, 1))
    }

    /// The issue for a Yams error: its position and libyaml's fixed description of the problem
    /// (e.g. "could not find expected ':'"), never the snippet of the file Yams attaches.
    private static func issue(for error: YamlError, file: String) -> ConfigIssue {
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return ConfigIssue(message, at: location(mark, file: file))
        case .reader(let problem, _, _, _):
            return ConfigIssue(
                "invalid YAML: \(problem); tenant files must be UTF-8 text",
                at: SourceLocation(file: file, line: 1, column: 1))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map(ConfigText.quoted).joined(separator: ", ")
            return ConfigIssue(
                "duplicate key \(keys) in one mapping; each key may appear once", at: location(context.mark, file: file))
        case .memory:
            return ConfigIssue(
                "invalid YAML: the parser ran out of memory", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return ConfigIssue(
                "invalid YAML: the parser stopped; check the file's syntax", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}

/// The messages of the limits, shared by the reader and the loader.
enum TenantFileLimitMessages {
    static func tooLarge(_ limits: TenantFileLimits) -> String {
        "the file is larger than \(limits.maximumBytes) bytes (\(limits.maximumBytes / 1024) KiB), the limit for a tenant file; "
            + "split it or remove unused entries"
    }

    static func tooManyAliases(_ limits: TenantFileLimits) -> String {
        "the file has more than \(limits.maximumAliases) alias references (*name; every '*' followed by a name counts, "
            + "even inside quotes); write the values out instead"
    }
}

/// A limit was reached while walking the parsed document.
private struct LimitExceeded: Error {
    var issue: ConfigIssue
}

/// Converts Yams nodes into ``ConfigNode``s, counting every node it produces: aliases share
/// storage in Yams' tree, so the count (and the depth) bounds their expansion.
private struct BoundedWalker {
    let file: String
    let limits: TenantFileLimits
    var nodes = 0
    var aliasNodes = 0
    var visited: Set<Int> = []

    mutating func convert(_ node: Node, depth: Int, expandingAlias: Bool) throws(LimitExceeded) -> ConfigNode {
        let location = YAMLNodeReader.location(node.mark, file: file)
        let aliased = isRepeated(node) || expandingAlias
        try count(at: location, depth: depth, aliased: aliased)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            let isBlock = scalar.style == .literal || scalar.style == .folded
            if !quoted, !isBlock, ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return ConfigNode(.null, at: location)
            }
            return ConfigNode(.scalar(scalar.string, quoted: quoted || isBlock), at: location)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence {
                items.append(try convert(item, depth: depth + 1, expandingAlias: aliased))
            }
            return ConfigNode(.sequence(items), at: location)
        case .mapping(let mapping):
            var entries: [ConfigNode.Entry] = []
            for (key, value) in mapping {
                let keyLocation = YAMLNodeReader.location(key.mark, file: file)
                try count(at: keyLocation, depth: depth + 1, aliased: aliased)
                guard case .scalar(let keyScalar) = key else {
                    let found = if case .mapping = key { "a mapping" } else { "a list" }
                    throw LimitExceeded(
                        issue: ConfigIssue("a key must be plain text, found \(found) as a key", at: keyLocation))
                }
                entries.append(
                    ConfigNode.Entry(
                        key: keyScalar.string, keyLocation: keyLocation,
                        value: try convert(value, depth: depth + 1, expandingAlias: aliased)))
            }
            return ConfigNode(.mapping(entries), at: location)
        case .alias:
            throw LimitExceeded(issue: ConfigIssue("invalid YAML: an alias that names no anchor", at: location))
        }
    }

    /// Whether the node was visited before, i.e. is reached again through an alias. Yams
    /// returns an alias as the anchored node itself (its anchor is no longer known once parsing
    /// ends), and no two other nodes of one kind start at the same position.
    private mutating func isRepeated(_ node: Node) -> Bool {
        guard let mark = node.mark else { return false }
        let kind =
            switch node {
            case .scalar: 0
            case .sequence: 1
            case .mapping: 2
            case .alias: 3
            }
        return !visited.insert((mark.line << 24) | (mark.column << 2) | kind).inserted
    }

    private mutating func count(at location: SourceLocation, depth: Int, aliased: Bool) throws(LimitExceeded) {
        nodes += 1
        if aliased { aliasNodes += 1 }
        if depth > limits.maximumDepth {
            throw LimitExceeded(
                issue: ConfigIssue(
                    "the file nests mappings and lists deeper than \(limits.maximumDepth) levels, the limit for a tenant file",
                    at: location))
        }
        if nodes > limits.maximumNodes {
            throw LimitExceeded(
                issue: ConfigIssue(
                    "the file has more than \(limits.maximumNodes) values (keys, values and list items, aliases counted as "
                        + "what they stand for), the limit for a tenant file",
                    at: location))
        }
        if aliasNodes > limits.maximumAliasNodes {
            throw LimitExceeded(
                issue: ConfigIssue(
                    "aliases expand to more than \(limits.maximumAliasNodes) values (the anchor reached again is here), "
                        + "the limit for a tenant file; write the values out instead",
                    at: location))
        }
    }
}
