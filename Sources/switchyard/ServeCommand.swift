import ArgumentParser
import Foundation
import Composition
import Host

/// `switchyard serve`: runs the host.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the host: load the tenants, serve webhooks, health and metrics, sync.",
        discussion:
            "Stops gracefully on SIGTERM or SIGINT; reloads tenant files on change and on SIGHUP."
    )

    @OptionGroup var options: HostOptions

    func run() async throws {
        let settings = try options.settings()
        let logger = LoggingSetup.bootstrap(format: settings.logFormat, level: settings.logLevel)
        let host = SwitchyardHost.standard(settings: settings, logger: logger)
        do {
            try await host.run { running in
                let statuses = await running.registry.statuses
                let ok = statuses.filter { $0.state != .error }.count
                logger.notice(
                    "Switchyard is listening on \(running.baseURL) with \(ok) of \(statuses.count) tenant files loaded; health at \(running.baseURL)/health"
                )
                // The console's address and demo sign-in tokens go to standard output, for the
                // person who started the host (never real secrets: see ConsoleSignInHint).
                FileHandle.standardOutput.write(Data(running.console.lines.map { $0 + "\n" }.joined().utf8))
            }
        } catch let error as HostStartupError {
            printError("switchyard: \(error.message)")
            throw ExitCode.failure
        }
    }
}
