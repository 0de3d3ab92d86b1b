import Foundation
import Hummingbird

/// Registers the inspection and control routes shared by every simulated API:
///
/// - `GET /_sandbox/{service}/requests` — the request log (JSON array of ``RecordedRequest``)
/// - `DELETE /_sandbox/{service}/requests` — clears it
/// - `GET /_sandbox/{service}/counters` — ``RequestCounters``
/// - `GET /_sandbox/{service}/faults` — the ``FaultPlan`` in force
/// - `PUT /_sandbox/{service}/faults` — replaces it (JSON body of a ``FaultPlan``)
public func addSimulatorControlRoutes<Context: RequestContext>(
    to router: Router<Context>,
    service: String,
    log: RequestLog,
    faults: FaultInjector
) {
    let group = router.group(RouterPath("/_sandbox/\(service)"))
    group.get("requests") { _, _ in
        try JSONResponse(log.all)
    }
    group.delete("requests") { _, _ in
        log.clear()
        return HTTPResponse.Status.noContent
    }
    group.get("counters") { _, _ in
        try JSONResponse(log.counters)
    }
    group.get("faults") { _, _ in
        try JSONResponse(faults.plan)
    }
    group.put("faults") { request, context in
        let plan = try await request.decode(as: FaultPlan.self, context: context)
        faults.update(plan)
        return try JSONResponse(plan)
    }
}

/// A JSON response with ISO-8601 dates and sorted keys, as the inspection routes answer.
public struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value
    let status: HTTPResponse.Status

    /// Wraps a value to be encoded as the response body.
    public init(_ value: Value, status: HTTPResponse.Status = .ok) throws {
        self.value = value
        self.status = status
    }

    /// Encodes the value.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
