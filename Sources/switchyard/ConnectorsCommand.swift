import ArgumentParser
import ConnectorKit
import Composition
import Host
import TenantConfig

/// `switchyard connectors`: documents every connector from its descriptor.
struct ConnectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connectors",
        abstract: "List the connectors and print each one's configuration reference (from its spec)."
    )

    @Argument(help: "Only this connector type (e.g. zoom).")
    var type: String?

    @OptionGroup var plugins: PluginOptions

    func run() async throws {
        let (registry, problems) = try await plugins.withConnectors { registry, problems in (registry, problems) }
        for problem in problems {
            printError("switchyard: plugin connector cannot be used: \(problem)")
        }
        var descriptors = registry.descriptors
        if let type {
            descriptors = descriptors.filter { $0.typeName == type }
            guard !descriptors.isEmpty else {
                printError(
                    "switchyard: unknown connector type '\(type)'; known types: \(registry.typeNames.joined(separator: ", "))"
                )
                throw ExitCode.failure
            }
        }
        print(descriptors.map(Self.document).joined(separator: "\n\n"))
    }

    static func document(_ descriptor: ConnectorDescriptor) -> String {
        var lines = [
            "type: \(descriptor.typeName) — \(descriptor.displayName) \(descriptor.version)",
            descriptor.summary,
            "capabilities: " + descriptor.capabilities.sorted().map(\.rawValue).joined(separator: ", "),
        ]
        if let key = descriptor.routingKeyField {
            lines.append("webhooks are routed by: \(key) (unique across all tenants)")
        }
        lines.append("")
        lines.append(
            "Configuration (in a business unit's `connectors:` list, with `type: \(descriptor.typeName)`):"
        )
        lines.append(descriptor.configSpec.documentation(level: 1))
        for action in descriptor.actions {
            lines.append("")
            lines.append("Action \(action.name): \(action.summary)")
            for input in action.inputs {
                lines.append(
                    "  input  \(input.name) (\(input.required ? "required" : "optional")): \(input.doc)")
            }
            for output in action.outputs {
                lines.append("  output \(output.name): \(output.doc)")
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// `switchyard schema`: documents the tenant file format.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the tenant file reference (every key, type, default and meaning)."
    )

    func run() throws {
        print("Tenant file (one YAML file per tenant in the tenants directory):")
        print(TenantSchema.spec.documentation(level: 1))
        print("")
        print(
            "Secrets are references: ${env:NAME}, ${env:NAME:-demo fallback} or ${file:path relative to the tenants directory}."
        )
        print("Connector entries: see `switchyard connectors`.")
    }
}
