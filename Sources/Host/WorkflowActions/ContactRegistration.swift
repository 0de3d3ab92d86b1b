import ConnectorKit
import Foundation
import HubSpot
import Logging
import SyncEngine

/// The rules of a webinar-registration workflow action (DESIGN §1, "Add contact to … webinar"):
/// only the account of the action's connector type connected to the primary ("Account")
/// business unit is used; only contacts associated with that unit are registered; the connector
/// action the profile names (e.g. `register_contact`) enforces the webinar id, the three-field
/// rule and the host rule; on success the contact's "last registered webinar" property of that
/// source is set. Never throws: every outcome is a ``RegistrationAttempt``.
struct ContactRegistration: Sendable {
    let coordinator: SyncCoordinator
    let logger: Logger

    typealias Action = WebinarRegistrationWorkflowAction
    private static let businessUnitsProperty = "hs_all_assigned_business_unit_ids"

    /// Runs `action` once for a verified request of `runtime`'s portal; `sourceName` names its source in messages.
    func run(_ payload: WorkflowActionPayload, runtime: TenantRuntime, action: Action, sourceName: String) async
        -> RegistrationAttempt
    {
        let config = runtime.config
        let primaryName = config.primaryBusinessUnit?.name ?? "Account"
        guard let source = runtime.connectors.first(where: { $0.isPrimaryUnit && $0.type == action.connectorType }) else {
            return .failure(
                "No \(sourceName) account is connected to the primary business unit (\(primaryName)) in Switchyard; connect one in the tenant file. Nobody was registered."
            )
        }
        guard payload.object.objectType.uppercased() == "CONTACT" else {
            return .failure(
                "This action registers contacts; it ran for a \(payload.object.objectType.lowercased()) record. Use it in a contact-based workflow."
            )
        }
        let properties: [String: String]
        switch await contactProperties(payload, runtime: runtime) {
        case .success(let found): properties = found
        case .failure(let error): return error.attempt
        }
        let email = properties["email"]?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !email.isEmpty else {
            return .failure("The contact has no email address, and \(sourceName) registers people by email. Nobody was registered.")
        }
        if config.businessUnits.count > 1, let primary = config.primaryBusinessUnit {
            let units = Set((properties[Self.businessUnitsProperty] ?? "").split(separator: ";").compactMap { Int($0) })
            guard units.contains(primary.id) else {
                return .failure(
                    "\(email) is not associated with the primary business unit (\(primary.name)). This action only registers contacts of that business unit, for webinars of its \(sourceName) account; add the contact to \(primary.name) and enroll it again. Nobody was registered."
                )
            }
        }
        let inputs = [
            "webinar_id": payload.inputFields[Action.webinarIDField] ?? "", "email": email,
            "first_name": properties["firstname"] ?? "", "last_name": properties["lastname"] ?? "",
        ]
        let result: ActionResult
        do {
            result = try await source.connector.perform(ActionRequest(action: action.profile.action, inputs: inputs))
        } catch let error as ConnectorError {
            if error.isRetryable {
                return .retryLater(
                    reason: "\(sourceName): \(error.message)", after: .seconds(max(1, min(error.retryAfterSeconds ?? 5, 300))))
            }
            return .failure(error.message)
        } catch {
            return .retryLater(reason: "\(sourceName): \(error)", after: .seconds(5))
        }
        let registrantID = result.outputs["registrant_id"] ?? ""
        let joinURL = result.outputs["join_url"] ?? ""
        var message = result.message
        if let webinarURL = result.outputs["webinar_url"] {
            let property = source.descriptor.hubSpotProfile.contactProperties.lastRegisteredWebinar
            if let problem = await setLastRegisteredWebinar(
                webinarURL, property: property, contactID: payload.object.objectId, runtime: runtime)
            {
                message += " " + problem
            }
        }
        return .success(registrantID: registrantID, joinURL: joinURL, message: message)
    }

    /// The enrolled contact's email, names and business units: from the request when HubSpot
    /// sent them (the definition asks for them), else read from HubSpot.
    private func contactProperties(_ payload: WorkflowActionPayload, runtime: TenantRuntime) async
        -> Result<[String: String], AttemptError>
    {
        var properties = payload.object.properties
        let multiUnit = runtime.config.businessUnits.count > 1
        let missing = properties["email"] == nil || (multiUnit && properties[Self.businessUnitsProperty] == nil)
        guard missing else { return .success(properties) }
        do {
            let client = try await coordinator.hubSpotClient(for: runtime.config)
            guard
                let contact = try await client.contacts.get(
                    id: payload.object.objectId, properties: Action.requestedProperties)
            else {
                return .failure(
                    AttemptError(
                        .failure(
                            "The enrolled contact (id \(payload.object.objectId)) no longer exists in HubSpot. Nobody was registered.")))
            }
            properties.merge(contact.properties) { sent, _ in sent }
            return .success(properties)
        } catch let error as HubSpotError where Self.isTransient(error) {
            return .failure(AttemptError(.retryLater(reason: "HubSpot: \(error.message)", after: .seconds(10))))
        } catch {
            return .failure(
                AttemptError(
                    .failure("Switchyard could not read the contact from HubSpot (\(error)). Nobody was registered.")))
        }
    }

    /// Sets the source's "last registered webinar" property (the webinar URL, as the sync writes
    /// it); returns a sentence for the result message when it could not be set.
    private func setLastRegisteredWebinar(
        _ url: String, property: HubSpotProfile.Property, contactID: String, runtime: TenantRuntime
    ) async -> String? {
        do {
            try await coordinator.prepare(runtime)
            let client = try await coordinator.hubSpotClient(for: runtime.config)
            _ = try await client.contacts.update(id: contactID, properties: [property.name: url])
            return nil
        } catch {
            logger.warning(
                "registered, but could not set the last registered webinar",
                metadata: ["tenant": .string(runtime.id), "contact": .string(contactID), "error": .string("\(error)")])
            return "The contact property '\(property.label)' could not be set now; the next sync of the webinar sets it."
        }
    }

    private static func isTransient(_ error: HubSpotError) -> Bool {
        switch error.kind {
        case .rateLimited, .dailyLimitReached, .timeout, .transport: true
        case .http: (error.status ?? 0) >= 500
        default: false
        }
    }

    /// A finished attempt carried through `Result`.
    struct AttemptError: Error {
        var attempt: RegistrationAttempt
        init(_ attempt: RegistrationAttempt) { self.attempt = attempt }
    }
}
