import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// Contact-only endpoints of `contacts.json`: batch upsert and GDPR delete.
    func addContactRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        api.post("/crm/v3/objects/contacts/batch/upsert") { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.batchUpsert)
            let inputs = try Self.batchInputs(body)
            try Self.rejectDuplicateIDs(inputs)
            let started = self.store.now()
            let outcome = try self.store.portal(portal) { state in
                state.upsertContacts(inputs, now: started)
            }
            return self.batchReply(outcome, startedAt: started, success: .ok)
        }
        api.post("/crm/v3/objects/contacts/gdpr-delete") { request, context in
            let portal = try self.portalID(of: request)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.gdprDelete)
            let id = body["objectId"]?.stringValue ?? ""
            let idProperty = body["idProperty"]?.stringValue
            try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                guard
                    let contact = state.object("contacts", id: id, idProperty: idProperty, archived: false)
                        ?? state.object("contacts", id: id, idProperty: idProperty, archived: true)
                else { throw HubSpotAPIError.notFound() }
                state.objects["contacts"]?.purge(id: contact.id)
                state.gdprDeletedEmails += [contact.email].compactMap { $0 } + contact.additionalEmails
            }
            return Response(status: .noContent)
        }
    }

    /// HubSpot refuses a batch that names the same record twice (emails compare case-insensitively).
    static func rejectDuplicateIDs(_ inputs: [JSONValue]) throws(HubSpotAPIError) {
        var seen: Set<String> = []
        var duplicates: [String] = []
        for input in inputs {
            let id = (input["id"]?.stringValue ?? "").lowercased()
            if !seen.insert(id).inserted, !duplicates.contains(id) { duplicates.append(id) }
        }
        guard duplicates.isEmpty else {
            throw HubSpotAPIError.validation(
                "Duplicate IDs found in batch input: [\(duplicates.joined(separator: ", "))]. IDs must be unique",
                context: ["ids": duplicates])
        }
    }
}
