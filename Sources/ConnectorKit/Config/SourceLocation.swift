/// A position in a configuration file, reported with every configuration error.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Path of the file, as given to the loader.
    public var file: String
    /// 1-based line number.
    public var line: Int
    /// 1-based column number.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, the form editors and terminals understand.
    public var description: String { "\(file):\(line):\(column)" }
}
