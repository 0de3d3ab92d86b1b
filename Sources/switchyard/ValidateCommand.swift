import ArgumentParser
import ConnectorKit
import Foundation
import Composition
import Host
import TenantConfig

/// `switchyard validate [DIR]`: checks every tenant file without starting anything.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract:
            "Validate tenant files; exit 0 when all are valid, 1 otherwise (2 when the directory cannot be read)."
    )

    @Argument(help: "Directory of tenant files (default: $SWITCHYARD_TENANTS or tenants).")
    var directory: String?

    @Flag(name: .long, help: "Print the result as JSON.")
    var json = false

    @OptionGroup var plugins: PluginOptions

    /// The JSON shape of the result.
    struct Report: Encodable {
        struct Problem: Encodable {
            var file: String
            var line: Int
            var column: Int
            var message: String
        }

        struct FileResult: Encodable {
            var file: String
            var valid: Bool
            var tenant: String?
            var portalID: Int?
            var businessUnits: Int?
            var connectors: [String]?
            var errors: [Problem]
        }

        var valid: Bool
        var files: [FileResult]
        /// Plugin connectors that cannot be used (manifest errors, failed handshakes).
        var pluginProblems: [String] = []
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let directory = directory ?? environment["SWITCHYARD_TENANTS"] ?? "tenants"
        let (loaded, problems) = try await plugins.withConnectors { registry, problems in
            (
                Result { () throws(TenantDirectoryError) in
                    try TenantLoader(registry: registry, environment: environment).loadDirectory(directory)
                }, problems
            )
        }
        let load: TenantDirectoryLoad
        do {
            load = try loaded.get()
        } catch {
            printError("switchyard: \(error.message)")
            throw ExitCode(2)
        }
        var report = Self.report(load)
        report.pluginProblems = problems
        report.valid = report.valid && problems.isEmpty
        if json {
            print(try jsonText(report))
        } else {
            printHuman(report, directory: directory)
        }
        if !report.valid { throw ExitCode.failure }
    }

    static func report(_ load: TenantDirectoryLoad) -> Report {
        var files = load.tenants.map { tenant in
            Report.FileResult(
                file: tenant.sourceFile, valid: true, tenant: tenant.id, portalID: tenant.hubSpot.portalID,
                businessUnits: tenant.businessUnits.count,
                connectors: tenant.connectors.map { "\($0.type):\($0.routingKey ?? "-")" }, errors: [])
        }
        files += load.failures.map { failure in
            Report.FileResult(
                file: failure.file, valid: false,
                errors: failure.issues.map {
                    Report.Problem(
                        file: $0.location.file, line: $0.location.line, column: $0.location.column,
                        message: $0.message)
                })
        }
        files.sort { $0.file < $1.file }
        return Report(valid: load.failures.isEmpty && !files.isEmpty, files: files)
    }

    private func printHuman(_ report: Report, directory: String) {
        for problem in report.pluginProblems {
            print("error  plugin: \(problem)")
        }
        if report.files.isEmpty {
            print("No tenant files (*.yaml, *.yml) in \(directory).")
            return
        }
        for file in report.files {
            if file.valid {
                let connectors = (file.connectors ?? []).joined(separator: ", ")
                print(
                    "ok     \(file.file): tenant '\(file.tenant ?? "")', portal \(file.portalID ?? 0), "
                        + "\(file.businessUnits ?? 0) business unit(s), connectors: \(connectors.isEmpty ? "none" : connectors)"
                )
            } else {
                print("error  \(file.file): \(file.errors.count) problem(s)")
                for problem in file.errors {
                    print("  \(problem.file):\(problem.line):\(problem.column): \(problem.message)")
                }
            }
        }
        let invalid = report.files.filter { !$0.valid }.count
        print("\(report.files.count - invalid) valid, \(invalid) invalid")
    }
}
