import ArgumentParser

/// `switchyard`: the multi-tenant integration host and its tools.
@main
struct SwitchyardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchyard",
        abstract: "A multi-tenant, plugin-based integration host (Zoom webinars → HubSpot).",
        subcommands: [
            ServeCommand.self, ValidateCommand.self, ConnectorsCommand.self, ConnectorCommand.self, SchemaCommand.self, SandboxCommand.self,
            SyncCommand.self, BackfillCommand.self, InboxCommand.self,
            AuditCommand.self, HubSpotCommand.self,
        ],
        defaultSubcommand: nil
    )
}
