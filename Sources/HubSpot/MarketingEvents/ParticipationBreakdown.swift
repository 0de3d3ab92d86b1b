import Foundation

/// One contact's participation in a marketing event (`ParticipationBreakdown`).
public struct MarketingEventParticipation: Decodable, Sendable, Equatable {
    /// The contact's email.
    public var email: String
    /// The contact's id.
    public var contactId: String
    /// `REGISTERED`, `ATTENDED`, `CANCELLED`, `NO_SHOW` or `EMPTY`.
    public var attendanceState: String
    /// When the latest interaction happened (epoch milliseconds).
    public var occurredAt: Int64

    private struct Row: Decodable {
        struct Associations: Decodable {
            struct Contact: Decodable {
                var contactId: String
                var email: String
            }
            var contact: Contact
        }
        struct Properties: Decodable {
            var attendanceState: String
            var occurredAt: Int64
        }
        var associations: Associations
        var properties: Properties
    }

    /// Decodes one row of the breakdown.
    public init(from decoder: any Decoder) throws {
        let row = try Row(from: decoder)
        email = row.associations.contact.email.lowercased()
        contactId = row.associations.contact.contactId
        attendanceState = row.properties.attendanceState
        occurredAt = row.properties.occurredAt
    }
}

extension HubSpotMarketingEventsAPI {
    /// Every contact's participation in an event
    /// (`GET …/participations/{externalAccountId}/{externalEventId}/breakdown`, 100 a page).
    public func participationBreakdown(externalAccountId: String, externalEventId: String) async throws
        -> [MarketingEventParticipation]
    {
        let path =
            "/marketing/v3/marketing-events/participations/" + HubSpotRequest.segment(externalAccountId) + "/"
            + HubSpotRequest.segment(externalEventId) + "/breakdown"
        var all: [MarketingEventParticipation] = []
        var after: String?
        repeat {
            var request = HubSpotRequest(operation: "marketingEvents.participationBreakdown", method: .get, path: path)
            request.addQuery("limit", values: ["100"])
            if let after { request.addQuery("after", values: [after]) }
            let page = try await client.send(request, as: HubSpotPage<MarketingEventParticipation>.self)
            all += page.results
            after = page.paging?.next?.after
        } while after != nil
        return all
    }
}
