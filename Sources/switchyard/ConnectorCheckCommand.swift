import ArgumentParser
import ConnectorKit
import Foundation

/// `switchyard connector …`: tools for connector authors.
struct ConnectorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connector",
        abstract: "Tools for connector authors (see Plugins/connector-protocol.md).",
        subcommands: [ConnectorCheckCommand.self]
    )
}

/// `switchyard connector check`: runs a connector through the protocol's conformance checks.
struct ConnectorCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a connector through the protocol's conformance checks and print what fails.",
        discussion: """
            switchyard connector check Plugins/webinar-export        a folder with connector.json
            switchyard connector check -- python3 my_connector.py    any command line
            """
    )

    @Argument(
        parsing: .captureForPassthrough,
        help: "A folder holding connector.json, or `--` followed by the command that runs the connector.")
    var target: [String] = []

    func run() async throws {
        let client: ConnectorProcessClient
        var manifestType: String?
        do {
            (client, manifestType) = try Self.client(for: target)
        } catch {
            printError("switchyard: \(error)")
            throw ExitCode.failure
        }
        let expectedType = manifestType
        let report = try await RefusingService.with { serviceURL in
            await ConnectorConformance(client: client, manifestType: expectedType, serviceURL: serviceURL).run()
        }
        for line in report.lines { print(line) }
        print("\(report.passed) passed, \(report.failed) failed")
        if report.failed > 0 { throw ExitCode.failure }
    }

    /// The client for a manifest folder (`check DIR`) or a command line (`check -- CMD …`).
    static func client(for target: [String]) throws -> (ConnectorProcessClient, String?) {
        var arguments = target
        let explicitCommand = arguments.first == "--"
        if explicitCommand { arguments.removeFirst() }
        guard let first = arguments.first else {
            throw ValidationError("give a folder with connector.json, or `--` and the connector's command line")
        }
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        if !explicitCommand {
            guard arguments.count == 1 else {
                throw ValidationError(
                    "to check a command line, put `--` before it: switchyard connector check -- \(arguments.joined(separator: " "))")
            }
            var folder = URL(fileURLWithPath: first, relativeTo: current).standardizedFileURL
            if folder.lastPathComponent == ConnectorManifest.fileName { folder.deleteLastPathComponent() }
            let manifest = try ConnectorManifest.load(folder: folder)
            return (try ConnectorProcessClient(manifest: manifest, folder: folder), manifest.type)
        }
        let program = try ConnectorManifest.resolveProgram(first, relativeTo: current)
        return (ConnectorProcessClient(executable: program, arguments: Array(arguments.dropFirst()), name: first), nil)
    }
}
