import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import Testing

@testable import Host

/// The webhook and workflow-action fuzz campaign: inputs mutated from valid ones (byte flips,
/// truncation, bad or missing signatures and timestamps, unknown accounts and connector types,
/// oversized and empty bodies, odd JSON) sent to a running host. Invariants: the host never
/// crashes and keeps answering; every status is one the README documents for the route
/// (webhooks: 200, 400, 401, 404, 413; actions: 200, 400, 401, 404, 413); nothing unsigned is
/// stored (the inbox holds exactly the deliveries that carried a valid signature); memory stays
/// bounded (the test process's resident memory grows by less than 200 MB).
///
/// 500 inputs run in every test run; `SWITCHYARD_WEBHOOK_FUZZ_INPUTS` and
/// `SWITCHYARD_WEBHOOK_FUZZ_SEED` set a long run (`scripts/fuzz-webhooks`).
@Suite("Campaign: fuzzed webhooks and workflow actions")
struct WebhookFuzzCampaignTests {
    static let webhookStatuses: Set<Int> = [200, 400, 401, 404, 413]
    static let actionStatuses: Set<Int> = [200, 400, 401, 404, 413]

    @Test("mutated webhooks and workflow actions: no crash, documented statuses, nothing unsigned stored, bounded memory")
    func campaign() async throws {
        let environment = ProcessInfo.processInfo.environment
        let inputs = environment["SWITCHYARD_WEBHOOK_FUZZ_INPUTS"].flatMap(Int.init) ?? 500
        let seed = environment["SWITCHYARD_WEBHOOK_FUZZ_SEED"].flatMap(UInt64.init) ?? 15
        let directory = try HostHarness.tenantsDirectory(["a.yaml": HostHarness.tenant("alpha", portal: 1, account: "acct-a")])
        try await HostHarness.withHost(tenants: directory, configure: { $0.reconcile = false }) { host, client in
            // The worker would drain what is stored; counting stored deliveries needs them kept: no tenant runtime drains
            // an ignored event's absence, so count acceptances instead and compare with the store's appends.
            var random = SplitMix(seed: seed)
            var counts: [String: Int] = [:]
            var failures: [String] = []
            var signedAccepted = 0
            let startMemory = Self.residentMegabytes()
            var peak = startMemory
            let secret = HostHarness.environment["ACME_ZOOM_WEBHOOK", default: ""]
            for index in 0..<inputs {
                let input = FuzzInput.make(index: index, random: &random, secret: secret)
                counts[input.mutation, default: 0] += 1
                let status: Int
                do {
                    status = try await Self.send(input, to: host.baseURL, client)
                } catch {
                    failures.append("#\(index) \(input.mutation): no answer (\(error))")
                    continue
                }
                let allowed = input.isAction ? Self.actionStatuses : Self.webhookStatuses
                if !allowed.contains(status) { failures.append("#\(index) \(input.mutation): status \(status)") }
                if status == 200, !input.isAction {
                    if input.validlySigned {
                        signedAccepted += 1
                    } else {
                        failures.append("#\(index) \(input.mutation): unsigned input accepted")
                    }
                }
                if index % 1000 == 999 {
                    peak = max(peak, Self.residentMegabytes())
                    if inputs > 1000, index % 10_000 == 9_999 {
                        print(
                            "webhook fuzz (seed \(seed)) after \(index + 1): \(index + 1 - failures.count) passed, \(failures.count) failed"
                        )
                    }
                }
            }
            let (health, _) = try await HostHarness.get(client, host.baseURL + "/health")
            if health != 200 { failures.append("the host stopped answering /health (\(health))") }
            let (_, metrics) = try await HostHarness.get(client, host.baseURL + "/metrics")
            let accepted = Self.metric(metrics, #"switchyard_webhooks_total{connector="zoom",result="accepted"}"#)
            if accepted > signedAccepted { failures.append("the host accepted \(accepted) webhooks, only \(signedAccepted) were signed") }
            peak = max(peak, Self.residentMegabytes())
            if peak - startMemory > 200 { failures.append("memory grew by \(peak - startMemory) MB") }
            print(
                "webhook fuzz (seed \(seed)): \(inputs - failures.count) passed, \(failures.count) failed; \(signedAccepted) signed accepted; "
                    + "memory \(startMemory) → \(peak) MB")
            for (mutation, count) in counts.sorted(by: { $0.key < $1.key }) { print("  # \(mutation): \(count)") }
            for failure in failures.prefix(50) { print("  \(failure)") }
            #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
        }
    }

    static func send(_ input: FuzzInput, to baseURL: String, _ client: HTTPClient) async throws -> Int {
        var request = HTTPClientRequest(url: baseURL + input.path)
        request.method = .POST
        for (name, value) in input.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: input.body))
        let response = try await client.execute(request, timeout: .seconds(30))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    static func metric(_ text: String, _ series: String) -> Int {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Int(Double(line.split(separator: " ").last ?? "0") ?? 0)
        }
        return 0
    }

    /// Resident memory of this process, from `/proc/self/statm` (0 where unavailable).
    static func residentMegabytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = text.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return pages * 4096 / 1_048_576
    }
}

/// One fuzzed request.
struct FuzzInput {
    var mutation: String
    var path: String
    var headers: [(String, String)]
    var body: [UInt8]
    var isAction: Bool
    var validlySigned: Bool

    static let mutations = [
        "valid", "flipped-byte", "truncated", "bad-signature", "no-signature", "stale-timestamp", "unknown-account",
        "unknown-connector", "empty-body", "huge-body", "not-json", "deep-json", "action-unsigned", "action-flipped",
        "action-unknown-type", "action-v2-only",
    ]

    static func make(index: Int, random: inout SplitMix, secret: String) -> FuzzInput {
        let mutation = mutations[Int(random.next() % UInt64(mutations.count))]
        let event = ["webinar.registration_created", "webinar.deleted", "meeting.started", "webinar.updated"][Int(random.next() % 4)]
        var body = Array(
            SignedZoom.event(event, account: "acct-a", webinar: String(81_000_000_000 + Int(random.next() % 1_000_000_000))).utf8)
        var timestamp = String(Int(Date().timeIntervalSince1970))
        var path = "/webhooks/zoom"
        var sign = true
        switch mutation {
        case "flipped-byte":
            let at = Int(random.next() % UInt64(body.count))
            body[at] ^= UInt8(1 << (random.next() % 8))
            return signed(mutation, path, body, timestamp, secret, signAfterMutation: false, original: false, random: &random)
        case "truncated": body = Array(body.prefix(Int(random.next() % UInt64(body.count))))
        case "bad-signature":
            return FuzzInput(
                mutation: mutation, path: path,
                headers: [("x-zm-request-timestamp", timestamp), ("x-zm-signature", "v0=" + String(repeating: "ab", count: 32))],
                body: body, isAction: false, validlySigned: false)
        case "no-signature": sign = false
        case "stale-timestamp": timestamp = String(Int(Date().timeIntervalSince1970) - 3600)
        case "unknown-account":
            body = Array(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "acct-a", with: "acct-\(index)").utf8)
        case "unknown-connector": path = "/webhooks/conn\(index % 7)"
        case "empty-body": body = []
        case "huge-body": body = Array(repeating: UInt8(ascii: "a"), count: 2_000_000 + Int(random.next() % 1000))
        case "not-json": body = (0..<Int(random.next() % 512)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        case "deep-json": body = Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)
        case "action-unsigned", "action-flipped", "action-unknown-type", "action-v2-only":
            return action(mutation, index: index, random: &random)
        default: break
        }
        let valid = mutation == "valid"
        return signed(mutation, path, body, timestamp, secret, signAfterMutation: sign, original: valid, random: &random)
    }

    /// A Zoom-signed request (or unsigned when `signAfterMutation` is false). `original`: the
    /// body is the valid one the signature covers, so a 200 is legitimate.
    static func signed(
        _ mutation: String, _ path: String, _ body: [UInt8], _ timestamp: String, _ secret: String, signAfterMutation: Bool,
        original: Bool, random: inout SplitMix
    ) -> FuzzInput {
        var headers = [("x-zm-request-timestamp", timestamp), ("content-type", "application/json")]
        if signAfterMutation || mutation == "flipped-byte" {
            // A flipped byte keeps the signature of a different body: the signature is computed over a body the
            // request does not carry.
            var signedBody = body
            if mutation == "flipped-byte", !signedBody.isEmpty { signedBody[0] ^= 0x20 }
            let message = Array("v0:\(timestamp):".utf8) + signedBody
            let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.utf8)))
            headers.append(("x-zm-signature", "v0=" + mac.map { String(format: "%02x", $0) }.joined()))
        }
        // Only an untouched, freshly signed body for the known account is a delivery the host may store.
        let legit =
            mutation == "valid"
            || (signAfterMutation && ["truncated", "empty-body", "not-json", "deep-json", "huge-body"].contains(mutation))
        return FuzzInput(mutation: mutation, path: path, headers: headers, body: body, isAction: false, validlySigned: legit || original)
    }

    /// A workflow-action request that is not validly signed (v3 with a wrong secret, a flipped body, v2 only, none).
    static func action(_ mutation: String, index: Int, random: inout SplitMix) -> FuzzInput {
        let body = Array(
            #"{"callbackId":"cb-\#(index)","origin":{"portalId":1},"object":{"objectId":1,"objectType":"CONTACT"},"inputFields":{"webinar_id":"81234567890","email":"a\#(index)@example.com"}}"#
                .utf8)
        let path = mutation == "action-unknown-type" ? "/actions/nothing\(index % 5)/register" : "/actions/zoom/register"
        var headers = [("content-type", "application/json")]
        let timestamp = String(Int(Date().timeIntervalSince1970 * 1000))
        switch mutation {
        case "action-flipped", "action-unknown-type":
            headers += [
                ("X-HubSpot-Signature-v3", Data((0..<32).map { _ in UInt8(truncatingIfNeeded: random.next()) }).base64EncodedString()),
                ("X-HubSpot-Request-Timestamp", timestamp),
            ]
        case "action-v2-only":
            headers += [("X-HubSpot-Signature", String(repeating: "0f", count: 32)), ("X-HubSpot-Signature-Version", "v2")]
        default: break
        }
        return FuzzInput(mutation: mutation, path: path, headers: headers, body: body, isAction: true, validlySigned: false)
    }
}
