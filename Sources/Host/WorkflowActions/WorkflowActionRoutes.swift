import Foundation
import HTTPTypes
import Hummingbird
import HubSpot
import SyncEngine

/// `POST /actions/{type}/{segment}`: HubSpot's calls of the custom workflow actions the
/// registered connector types declare in their HubSpot profiles (e.g. `/actions/acme/register`),
/// one URL per action for every tenant. An unknown type or segment → 404. The tenant is found by
/// `origin.portalId` and the request verified with its app's client secret before anything is
/// done. HubSpot signs the requests to an app with `X-HubSpot-Signature-v3` (and v2 for backward
/// compatibility), so only v3 is accepted: a v2-only request could be a replay (v2 has no
/// timestamp). Unsigned, stale, badly signed, v2-only and unknown-portal requests get the same
/// 401 and body, so portal ids cannot be probed. The answer is HubSpot's
/// `{"outputFields": {...}}` with `hs_execution_state` `SUCCESS`, `FAIL_CONTINUE` or `BLOCK`.
enum WorkflowActionRoutes {
    static func add(
        to router: Router<BasicRequestContext>, registry: TenantRegistry, executor: WorkflowActionExecutor, address: PublicAddress,
        metrics: HostMetrics
    ) {
        router.post("/actions/:type/:segment") { request, context in
            var request = request
            let type = context.parameters.get("type") ?? ""
            let segment = context.parameters.get("segment") ?? ""
            guard let action = await ResolvedWorkflowAction.resolve(connectorType: type, segment: segment, registry: registry) else {
                let outcome = refuse(
                    .notFound, "unknown_action", "no connector offers a workflow action at /actions/\(type)/\(segment)")
                metrics.count("switchyard_workflow_actions_total", [("action", "unknown"), ("result", outcome.result)])
                return outcome.response
            }
            let body = Data(buffer: try await request.collectBody(upTo: 1 << 20))
            let headers = Dictionary(
                request.headers.map { ($0.name.canonicalName, $0.value) }, uniquingKeysWith: { first, _ in first })
            let uri = address.url(host: request.head.authority) + request.uri.description
            let outcome = await handle(
                body: body, headers: headers, uri: uri, method: request.method.rawValue, action: action, registry: registry,
                executor: executor)
            metrics.count("switchyard_workflow_actions_total", [("action", action.action.metricLabel), ("result", outcome.result)])
            return outcome.response
        }
    }

    static func handle(
        body: Data, headers: [String: String], uri: String, method: String, action: ResolvedWorkflowAction, registry: TenantRegistry,
        executor: WorkflowActionExecutor
    ) async -> WebhookRoutes.Outcome {
        guard headers["x-hubspot-signature-v3"] != nil || headers["x-hubspot-signature"] != nil else {
            return refuse(.unauthorized, "unsigned", "the request carries no HubSpot signature; only HubSpot may call this action")
        }
        guard let portalID = WorkflowActionPayload.claimedPortalID(of: body) else {
            return refuse(.badRequest, "malformed", "the body is not a HubSpot workflow-action request (no origin.portalId)")
        }
        guard let runtime = await registry.runtime(portalID: portalID) else {
            return unverified("unknown_portal")
        }
        guard let secret = runtime.config.hubSpot.clientSecret else {
            return unverified("no_client_secret")
        }
        do {
            _ = try HubSpotRequestSignature.verify(
                headers: headers, method: method, uri: uri, body: body, clientSecret: secret.reveal(), acceptingV2Only: false)
        } catch {
            return unverified(error.reason.rawValue)
        }
        let payload: WorkflowActionPayload
        do {
            payload = try JSONDecoder().decode(WorkflowActionPayload.self, from: body)
        } catch {
            return refuse(
                .badRequest, "malformed", "the body does not have the fields of a workflow-action request (callbackId, origin, object)")
        }
        do {
            let outputs = try await executor.handle(payload, body: body, runtime: runtime, action: action)
            let data = (try? JSONEncoder().encode(["outputFields": outputs])) ?? Data()
            return WebhookRoutes.Outcome(
                result: outputs[WebinarRegistrationWorkflowAction.executionStateOutput]?.lowercased() ?? "answered",
                response: WebhookRoutes.json(.ok, data))
        } catch {
            return refuse(.serviceUnavailable, "store_error", "the execution could not be stored; HubSpot should retry later")
        }
    }

    /// The one answer to a request that could not be verified, whatever the reason (counted
    /// under `result`), so it tells nothing about which portals have a tenant.
    private static func unverified(_ result: String) -> WebhookRoutes.Outcome {
        refuse(
            .unauthorized, result,
            "the request could not be verified as HubSpot's: its X-HubSpot-Signature-v3 does not match the app's client "
                + "secret for the portal it names, or its timestamp is stale")
    }

    private static func refuse(_ status: HTTPResponse.Status, _ result: String, _ message: String) -> WebhookRoutes.Outcome {
        WebhookRoutes.Outcome(result: result, response: WebhookRoutes.error(status, message))
    }
}
