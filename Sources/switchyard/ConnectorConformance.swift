import ConnectorKit
import Foundation

/// The lines `switchyard connector check` prints, and the tally.
struct ConformanceReport {
    var lines: [String] = []
    var passed = 0
    var failed = 0

    mutating func record(_ check: String, _ problems: [String], detail: String? = nil) {
        if problems.isEmpty {
            passed += 1
            lines.append("ok     \(check)" + (detail.map { " (\($0))" } ?? ""))
        } else {
            failed += 1
            lines.append("FAILED \(check): \(problems.joined(separator: "; "))")
        }
    }
}

/// The protocol's conformance checks (document §7), run against one connector process.
struct ConnectorConformance {
    let client: ConnectorProcessClient
    let manifestType: String?
    /// How long any one answer may take.
    var timeout: Duration = .seconds(10)
    /// The secret value sent in `configure`; it must never show up on stderr.
    let secret = "switchyard-check-secret-\(UUID().uuidString)"
    let instance = "switchyard-check/0"
    /// Where the config's URLs point.
    let serviceURL: String

    func run() async -> ConformanceReport {
        var report = ConformanceReport()
        do {
            try await client.start()
        } catch {
            report.record("starts", ["\(error)"])
            return report
        }
        if let descriptor = await handshake(&report) {
            let configured = await configure(descriptor, &report)
            await capabilities(descriptor, configured: configured, &report)
            await malformedRequests(&report)
            await release(&report)
        }
        await cleanExit(&report)
        return report
    }

    private func handshake(_ report: inout ConformanceReport) async -> ConnectorDescriptor? {
        let result: HandshakeResult
        do {
            result = try await client.request(.handshake, HandshakeParams(), as: HandshakeResult.self, timeout: timeout)
        } catch let error as ConnectorError where error.kind == .unsupported {
            report.record("handshake", ["the connector speaks none of the offered protocol versions [1]: \(error.message)"])
            return nil
        } catch {
            report.record("handshake", ["\(error)"])
            return nil
        }
        guard result.protocolVersion == ConnectorProtocol.version else {
            report.record(
                "handshake",
                ["the connector answered protocol version \(result.protocolVersion); the host offered only \(ConnectorProtocol.version)"])
            return nil
        }
        report.record("handshake", [], detail: "protocol version \(result.protocolVersion)")
        let descriptor = result.descriptor
        var problems = descriptor.descriptorProblems
        if let manifestType, manifestType != descriptor.typeName {
            problems.append("the manifest's type '\(manifestType)' differs from the descriptor's typeName '\(descriptor.typeName)'")
        }
        report.record("descriptor", problems, detail: "\(descriptor.typeName) \(descriptor.version)")
        report.record("config spec", descriptor.configSpec.specProblems(), detail: "\(descriptor.configSpec.fields.count) fields")
        report.record("HubSpot profile", descriptor.profileProblems)
        return descriptor
    }

    /// Configures one instance from defaults and examples; true when it was configured.
    private func configure(_ descriptor: ConnectorDescriptor, _ report: inout ConformanceReport) async -> Bool {
        let config = ConfigObject(
            values: ExampleConfig(secret: secret, url: serviceURL).values(for: descriptor.configSpec),
            location: SourceLocation(file: "check", line: 1, column: 1))
        let params = ConfigureParams(instance: instance, config: WireConfig(config), context: ConfigureContext())
        let (problems, detail, succeeded) = await answered(.configure, params)
        report.record("configure with example values", problems, detail: detail)
        return succeeded
    }

    private func capabilities(_ descriptor: ConnectorDescriptor, configured: Bool, _ report: inout ConformanceReport) async {
        let body = Data(#"{"event":"switchyard.check","payload":{}}"#.utf8)
        for capability in descriptor.capabilities.sorted() {
            var calls: [(ConnectorMethod, any Codable & Sendable)] = []
            switch capability {
            case .webhooks:
                let request = WebhookRequest(headers: ["content-type": "application/json"], body: body, receivedAt: Date())
                calls = [
                    (.verifyWebhook, VerifyWebhookParams(instance: instance, request: request)),
                    (.decodeWebhook, DecodeWebhookParams(instance: instance, body: body)),
                ]
            case .webinarListing:
                calls = [(.listWebinars, InstanceParams(instance: instance))]
            case .pastWebinarListing:
                calls = [(.listPastWebinars, ListPastWebinarsParams(instance: instance, since: Date(timeIntervalSince1970: 0)))]
            case .snapshots:
                calls = [(.snapshot, SnapshotParams(instance: instance, webinarId: "0"))]
            case .actions:
                for action in descriptor.actions {
                    let inputs = Dictionary(uniqueKeysWithValues: action.inputs.map { ($0.name, ExampleConfig.actionInput($0.name)) })
                    calls.append((.perform, PerformParams(instance: instance, request: ActionRequest(action: action.name, inputs: inputs))))
                }
            case .recordingFetch:
                calls = [(.recording, RecordingParams(instance: instance, webinarId: "0"))]
            case .subscriptions:
                let request = SubscriptionRequest(notificationURL: "https://switchyard.invalid/webhooks/\(descriptor.typeName)")
                calls = [(.maintainSubscriptions, MaintainSubscriptionsParams(instance: instance, request: request))]
            }
            for (method, params) in calls {
                let (problems, detail, _) = await answered(method, params, unknownInstanceAllowed: !configured)
                report.record("capability \(capability.rawValue): \(method.rawValue)", problems, detail: detail)
            }
        }
    }

    /// Calls `method`; answered means a result, or a `-32000` error of a documented kind.
    private func answered(_ method: ConnectorMethod, _ params: some Codable & Sendable, unknownInstanceAllowed: Bool = false) async
        -> (problems: [String], detail: String, succeeded: Bool)
    {
        do {
            switch try await client.call(method.rawValue, params, timeout: timeout) {
            case .result: return ([], "answered", true)
            case .error(let error) where error.code == RPCErrorCode.connectorError:
                guard let kind = error.data?.kind, ConnectorError.Kind(rawValue: kind) != nil else {
                    return (["error -32000 without a documented data.kind (got \(error.data?.kind ?? "none"))"], "", false)
                }
                return ([], "answered error \(kind): \(error.message)", false)
            case .error(let error) where error.code == RPCErrorCode.invalidParams && unknownInstanceAllowed:
                return ([], "answered -32602 since configure failed: \(error.message)", false)
            case .error(let error):
                return (["answered error \(error.code): \(error.message)"], "", false)
            }
        } catch {
            return (["\(error)"], "", false)
        }
    }

    private func malformedRequests(_ report: inout ConformanceReport) async {
        await expectUnidentified("not JSON", line: "this is not JSON {", code: RPCErrorCode.parseError, &report)
        await expectUnidentified("not an object", line: "[1, 2, 3]", code: RPCErrorCode.invalidRequest, &report)
        let cases: [(String, String, RPCID, Int)] = [
            ("no method", #"{"jsonrpc":"2.0","id":9001}"#, .number(9001), RPCErrorCode.invalidRequest),
            (
                "unknown method", #"{"jsonrpc":"2.0","id":9002,"method":"switchyard_no_such_method","params":{}}"#, .number(9002),
                RPCErrorCode.methodNotFound
            ),
            (
                "invalid params", #"{"jsonrpc":"2.0","id":9003,"method":"snapshot","params":{"instance":5}}"#, .number(9003),
                RPCErrorCode.invalidParams
            ),
        ]
        for (name, line, id, code) in cases {
            let problems: [String]
            do {
                switch try await client.send(Data(line.utf8), id: id, timeout: timeout) {
                case .error(let error) where error.code == code: problems = []
                case .error(let error): problems = ["answered error \(error.code) (\(error.message)), expected \(code)"]
                case .result: problems = ["answered a result, expected error \(code)"]
                }
            } catch {
                problems = ["\(error)"]
            }
            report.record("malformed request (\(name)) → \(code)", problems)
        }
    }

    private func expectUnidentified(_ name: String, line: String, code: Int, _ report: inout ConformanceReport) async {
        await client.sendUnanswered(Data(line.utf8))
        guard let head = await client.nextUnidentifiedResponse(timeout: timeout) else {
            report.record("malformed request (\(name)) → \(code)", ["no error response with \"id\": null arrived"])
            return
        }
        let got = head.error?.code
        report.record(
            "malformed request (\(name)) → \(code)", got == code ? [] : ["answered \(got.map(String.init) ?? "a result"), expected \(code)"]
        )
    }

    private func release(_ report: inout ConformanceReport) async {
        let (problems, _, _) = await answered(.release, InstanceParams(instance: instance))
        report.record("release", problems)
    }

    private func cleanExit(_ report: inout ConformanceReport) async {
        await client.closeInput()
        let status = await client.waitForExit(timeout: .seconds(5))
        if status == nil { await client.kill() }
        _ = await client.waitForExit(timeout: .seconds(5))
        switch status {
        case 0?: report.record("clean exit when stdin closes", [])
        case let status?: report.record("clean exit when stdin closes", ["exited with status \(status), expected 0"])
        case nil: report.record("clean exit when stdin closes", ["still running 5 s after stdin closed (killed)"])
        }
        let leaked = await client.stderrText.contains(secret)
        report.record("no secret on stderr", leaked ? ["a secret sent in configure appeared on stderr"] : [])
    }
}
