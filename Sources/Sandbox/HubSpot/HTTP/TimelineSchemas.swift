/// Request schemas of the timeline v3 endpoints, transcribed from `timeline.json`.
enum TimelineSchemas {
    static let tokenOption = FieldSchema.object(
        ObjectSchema("TimelineEventTemplateTokenOption", ["label*": .string, "value*": .string]))
    static let tokenTypes = ["date", "enumeration", "number", "string"]

    /// `TimelineEventTemplateToken` (`options` is required, empty for non-enumerations).
    static let tokenSchema = ObjectSchema(
        "TimelineEventTemplateToken",
        [
            "createdAt": .dateTime, "label*": .string, "name*": .string, "objectPropertyName": .string,
            "options*": .array(tokenOption), "type*": .enumeration(tokenTypes), "updatedAt": .dateTime,
        ])
    static let token = FieldSchema.object(tokenSchema)

    /// `TimelineEventTemplateTokenUpdateRequest`.
    static let tokenUpdate = FieldSchema.object(
        ObjectSchema(
            "TimelineEventTemplateTokenUpdateRequest",
            ["label*": .string, "objectPropertyName": .string, "options*": .array(tokenOption)]))

    /// `TimelineEventTemplateCreateRequest`.
    static let templateCreate = FieldSchema.object(
        ObjectSchema(
            "TimelineEventTemplateCreateRequest",
            [
                "detailTemplate": .string, "headerTemplate": .string, "name*": .string,
                "objectType*": .string,
                "tokens*": .array(token),
            ]))

    /// `TimelineEventTemplateUpdateRequest`.
    static let templateUpdate = FieldSchema.object(
        ObjectSchema(
            "TimelineEventTemplateUpdateRequest",
            [
                "detailTemplate": .string, "headerTemplate": .string, "id*": .string, "name*": .string,
                "tokens*": .array(token),
            ]))

    /// `TimelineEvent`: `eventTemplateId`, `id` and `tokens` required.
    static let eventSchema = ObjectSchema(
        "TimelineEvent",
        [
            "customObjectTypeId": .string, "domain": .string, "email": .string,
            "eventTemplateId*": .string, "extraData": .any,
            "id*": .string, "objectId": .string,
            "timelineIFrame": .object(
                ObjectSchema(
                    "TimelineEventIFrame",
                    [
                        "headerLabel*": .string, "height*": .integer, "linkLabel*": .string, "url*": .string,
                        "width*": .integer,
                    ])),
            "timestamp": .dateTime, "tokens*": .map(.string), "utk": .string,
        ])
    static let event = FieldSchema.object(eventSchema)

    /// `BatchInputTimelineEvent`.
    static let batchEvents = FieldSchema.object(
        ObjectSchema("BatchInputTimelineEvent", ["inputs*": .array(.object(eventSchema))]))
}
