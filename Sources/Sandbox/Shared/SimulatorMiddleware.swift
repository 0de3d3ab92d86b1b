import Foundation
import Hummingbird

/// Records every simulated-API request in a ``RequestLog`` and injects the faults of a
/// ``FaultInjector``.
///
/// Requests under `/_sandbox/` (inspection and control) are neither recorded nor faulted.
/// The service supplies the bodies of injected errors, because each real API has its own
/// error shape and rate-limit headers.
public struct SimulatorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Builds the response for an injected fault.
    public typealias FaultResponder = @Sendable (InjectedFault, Request) -> Response

    /// Finds the fault injector of a request's scope (a HubSpot portal, say), which
    /// replaces the service-wide one for that request; nil: the service-wide one applies.
    public typealias ScopedFaults = @Sendable (Request) -> FaultInjector?

    let service: String
    let log: RequestLog
    let faults: FaultInjector
    let scopedFaults: ScopedFaults
    let faultResponse: FaultResponder

    /// Creates the middleware for one simulated API.
    public init(
        service: String, log: RequestLog, faults: FaultInjector, scopedFaults: @escaping ScopedFaults = { _ in nil },
        faultResponse: @escaping FaultResponder
    ) {
        self.service = service
        self.log = log
        self.faults = faults
        self.scopedFaults = scopedFaults
        self.faultResponse = faultResponse
    }

    /// Records the request and its outcome, injecting a fault when the plan says so.
    public func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        if request.uri.path.hasPrefix("/_sandbox/") {
            return try await next(request, context)
        }
        var request = request
        let bodyBuffer = try await request.collectBody(upTo: context.maxUploadSize)
        let body = String(buffer: bodyBuffer)
        let faults = scopedFaults(request) ?? self.faults
        let latency = faults.addedLatency
        if latency > .zero {
            try await Task.sleep(for: latency)
        }
        let fault = faults.nextRequestFault(path: request.uri.path)
        let response: Response
        switch fault {
        case .none:
            do {
                response = try await next(request, context)
            } catch let error as HTTPResponseError {
                record(request, body: body, status: Int(error.status.code), fault: nil)
                throw error
            }
        case .lostAnswer:
            _ = try? await next(request, context)  // the work happens; its answer is lost
            response = faultResponse(.serverError, request)
        case .serverError, .rateLimited:
            response = faultResponse(fault, request)
        }
        record(request, body: body, status: Int(response.status.code), fault: fault)
        return response
    }

    private func record(_ request: Request, body: String, status: Int, fault: InjectedFault?) {
        let faultName: String? =
            switch fault {
            case .some(.serverError): "server_error"
            case .some(.rateLimited): "rate_limited"
            case .some(.lostAnswer): "lost_answer"
            case .some(.none), nil: nil
            }
        log.append { sequence in
            RecordedRequest(
                sequence: sequence,
                service: service,
                method: request.method.rawValue,
                path: request.uri.path,
                query: request.uri.query ?? "",
                body: body,
                status: status,
                injectedFault: faultName,
                receivedAt: Date()
            )
        }
    }
}
