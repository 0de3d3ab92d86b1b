/// One HTTP attempt of a ``HubSpotClient``, as reported to ``HubSpotClient/Configuration/onCall``.
public struct HubSpotCallRecord: Sendable {
    /// The operation, a fixed name per endpoint (e.g. `contacts.batchUpsert`), never an id.
    public var operation: String
    /// HubSpot's status code, or `nil` when no answer came (timeout, connection error).
    public var status: Int?
    /// From sending the request to receiving the whole answer.
    public var duration: Duration

    /// Creates a record.
    public init(operation: String, status: Int?, duration: Duration) {
        self.operation = operation
        self.status = status
        self.duration = duration
    }
}
