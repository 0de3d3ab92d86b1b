/// One HTTP attempt of a connector to its source's API, as reported to
/// ``ConnectorContext/onAPICall``.
public struct APICallRecord: Sendable {
    /// The API, named by the connector (its source).
    public var provider: String
    /// What kind of call, from a small fixed set per connector (never ids or paths with ids).
    public var operation: String
    /// The answer's status code, or `nil` when no answer came.
    public var status: Int?
    /// From sending the request to receiving the answer.
    public var duration: Duration

    /// Creates a record.
    public init(provider: String, operation: String, status: Int?, duration: Duration) {
        self.provider = provider
        self.operation = operation
        self.status = status
        self.duration = duration
    }
}
