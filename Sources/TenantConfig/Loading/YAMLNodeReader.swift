import ConnectorKit
import Yams

/// Parses YAML text into positioned ``ConfigNode``s with Yams, turning syntax errors into
/// ``ConfigIssue``s that name `file:line:column`.
enum YAMLNodeReader {
    /// Parses one YAML document; nil plus an issue when the text is not valid YAML or is empty.
    static func read(_ text: String, file: String) -> Result<ConfigNode, ConfigIssue> {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(issue(for: error, file: file))
        } catch {
            return .failure(
                ConfigIssue(
                    "could not read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        guard let root else {
            return .failure(
                ConfigIssue(
                    "the file is empty; expected a tenant mapping with keys such as tenant, hubspot, sync, business_units",
                    at: SourceLocation(file: file, line: 1, column: 1)
                )
            )
        }
        return .success(convert(root, file: file))
    }

    private static func location(_ mark: Mark?, file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func convert(_ node: Node, file: String) -> ConfigNode {
        let location = location(node.mark, file: file)
        switch node {
        case .scalar(let scalar):
            let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
            if !quoted, scalar.style != .literal, scalar.style != .folded,
                ["", "~", "null", "Null", "NULL"].contains(scalar.string)
            {
                return ConfigNode(.null, at: location)
            }
            let isBlock = scalar.style == .literal || scalar.style == .folded
            return ConfigNode(.scalar(scalar.string, quoted: quoted || isBlock), at: location)
        case .sequence(let sequence):
            return ConfigNode(.sequence(sequence.map { convert($0, file: file) }), at: location)
        case .mapping(let mapping):
            let entries = mapping.map { key, value in
                ConfigNode.Entry(
                    key: key.string ?? String(describing: key),
                    keyLocation: self.location(key.mark, file: file),
                    value: convert(value, file: file)
                )
            }
            return ConfigNode(.mapping(entries), at: location)
        case .alias:
            return ConfigNode(.scalar("*alias", quoted: false), at: location)
        }
    }

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
                "invalid YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return ConfigIssue(
                "invalid YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
