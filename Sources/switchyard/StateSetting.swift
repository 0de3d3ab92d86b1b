import ArgumentParser
import Host
import Store
import TenantConfig

/// The state setting (`--state` or `SWITCHYARD_STATE`): a SQLite file, `:memory:`, or a
/// PostgreSQL URL `postgres://user@host:port/db[?sslmode=require]` for several replicas.
enum StateSetting {
    /// Applies `text` to the settings. A PostgreSQL password comes from
    /// `SWITCHYARD_STATE_PASSWORD` (a secret reference such as `${env:NAME}` or
    /// `${file:secrets/NAME}`, relative to the tenants directory), else `PGPASSWORD`, else the URL.
    static func apply(_ text: String, to settings: inout HostSettings, environment: [String: String]) throws {
        guard PostgresStateLocation.isPostgresURL(text) else {
            settings.statePath = text == ":memory:" ? nil : text
            settings.postgresState = nil
            return
        }
        var location: PostgresStateLocation
        do {
            location = try PostgresStateLocation(url: text)
        } catch {
            throw ValidationError(error.message)
        }
        if let reference = environment["SWITCHYARD_STATE_PASSWORD"] {
            do {
                location.password = try ReferenceSecretResolver(environment: environment, baseDirectory: settings.tenantsDirectory)
                    .resolve(reference).reveal()
            } catch {
                throw ValidationError("SWITCHYARD_STATE_PASSWORD: \(error.message)")
            }
        } else if let password = environment["PGPASSWORD"] {
            location.password = password
        }
        settings.postgresState = location
        settings.statePath = nil
    }
}
