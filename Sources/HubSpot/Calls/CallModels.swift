import Foundation

/// A call engagement to create, associated with contacts (`SimplePublicObjectInputForCreate`;
/// `properties` and `associations` are required).
public struct CallInput: Sendable, Equatable {
    /// When the call happened (`hs_timestamp`, required by HubSpot for calls).
    public var timestamp: Date
    /// The title (`hs_call_title`), e.g. the webinar topic.
    public var title: String?
    /// The body (`hs_call_body`), e.g. the transcript (HTML allowed).
    public var body: String?
    /// The recording URL (`hs_call_recording_url`).
    public var recordingURL: String?
    /// The duration (`hs_call_duration`, sent in milliseconds).
    public var duration: Duration?
    /// The status (`hs_call_status`), default `COMPLETED`.
    public var status: String?
    /// Further properties, e.g. `hs_call_direction`, `hubspot_owner_id`,
    /// `hs_all_assigned_business_unit_ids`.
    public var extraProperties: [String: String]
    /// The contacts to associate the call with.
    public var contactIds: [String]
    /// A caller-chosen id naming this input in batch answers (`objectWriteTraceId`).
    public var traceId: String?

    /// - Parameters: see the properties.
    public init(
        timestamp: Date, title: String? = nil, body: String? = nil, recordingURL: String? = nil,
        duration: Duration? = nil,
        status: String? = "COMPLETED", extraProperties: [String: String] = [:], contactIds: [String],
        traceId: String? = nil
    ) {
        self.timestamp = timestamp
        self.title = title
        self.body = body
        self.recordingURL = recordingURL
        self.duration = duration
        self.status = status
        self.extraProperties = extraProperties
        self.contactIds = contactIds
        self.traceId = traceId
    }

    /// The HubSpot call properties this input sets.
    public var properties: [String: String] {
        var properties = extraProperties
        properties["hs_timestamp"] = HubSpotJSON.formatDate(timestamp)
        if let title { properties["hs_call_title"] = title }
        if let body { properties["hs_call_body"] = body }
        if let recordingURL { properties["hs_call_recording_url"] = recordingURL }
        if let duration { properties["hs_call_duration"] = String(Int64(duration.timeInterval * 1000)) }
        if let status { properties["hs_call_status"] = status }
        return properties
    }
}

/// The wire form of ``CallInput``.
struct CallCreateInput: Encodable, Sendable {
    var properties: [String: String]
    var associations: [HubSpotAssociation]
    var objectWriteTraceId: String?

    init(_ call: CallInput, batch: Bool) {
        properties = call.properties
        objectWriteTraceId = batch ? call.traceId : nil
        associations = call.contactIds.map { HubSpotAssociation(to: $0, types: [.callToContact]) }
    }
}
