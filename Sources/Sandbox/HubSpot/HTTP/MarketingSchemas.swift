/// Request schemas of the marketing-event endpoints, transcribed from `marketingEvents.json`.
enum MarketingSchemas {
    /// `PropertyValue`: the spec marks every field required, so a custom property must be
    /// sent complete (or `customProperties` left empty). `source` is a long enum in the
    /// spec; the simulator checks only that it is a string.
    static let propertyValue = FieldSchema.object(
        ObjectSchema(
            "PropertyValue",
            [
                "dataSensitivity*": .enumeration(["high", "none", "standard"]), "isEncrypted*": .boolean,
                "isLargeValue*": .boolean,
                "maskedSubstrings*": .object(
                    ObjectSchema(
                        "MaskedSubstrings",
                        [
                            "substrings*": .array(
                                .object(ObjectSchema("MaskedSubstring", ["end*": .integer, "start*": .integer])))
                        ])),
                "name*": .string, "persistenceTimestamp*": .integer, "requestId*": .string,
                "selectedByUser*": .boolean,
                "selectedByUserTimestamp*": .integer, "source*": .string, "sourceId*": .string,
                "sourceLabel*": .string,
                "sourceMetadata*": .string, "sourceUpstreamDeployable*": .string,
                "sourceVid*": .array(.integer),
                "timestamp*": .integer, "unit*": .string, "updatedByUserId*": .integer,
                "useTimestampAsPersistenceTimestamp*": .boolean, "value*": .string,
            ]))

    private static let eventFields: [String: FieldSchema] = [
        "customProperties*": .array(propertyValue), "endDateTime": .dateTime,
        "eventCancelled": .boolean,
        "eventCompleted": .boolean, "eventDescription": .string, "eventName*": .string,
        "eventOrganizer*": .string,
        "eventType": .string, "eventUrl": .string, "externalAccountId*": .string,
        "externalEventId*": .string,
        "startDateTime": .dateTime,
    ]

    /// `MarketingEventCreateRequestParams` (create, upsert).
    static let createParams = ObjectSchema("MarketingEventCreateRequestParams", eventFields)
    static let create = FieldSchema.object(createParams)

    /// `BatchInputMarketingEventCreateRequestParams`.
    static let batchUpsert = FieldSchema.object(
        ObjectSchema(
            "BatchInputMarketingEventCreateRequestParams", ["inputs*": .array(.object(createParams))]))

    /// `MarketingEventUpdateRequestParams` (PATCH): only `customProperties` required.
    static let update = FieldSchema.object(
        ObjectSchema(
            "MarketingEventUpdateRequestParams",
            [
                "customProperties*": .array(propertyValue), "endDateTime": .dateTime,
                "eventCancelled": .boolean,
                "eventCompleted": .boolean, "eventDescription": .string, "eventName": .string,
                "eventOrganizer": .string,
                "eventType": .string, "eventUrl": .string, "startDateTime": .dateTime,
            ]))

    /// `MarketingEventCompleteRequestParams`.
    static let complete = FieldSchema.object(
        ObjectSchema(
            "MarketingEventCompleteRequestParams",
            ["endDateTime*": .dateTime, "startDateTime*": .dateTime]))

    /// `BatchInputMarketingEventEmailSubscriber`: every input needs `contactProperties`,
    /// `email`, `interactionDateTime` (epoch ms) and `properties`.
    static let emailSubscribers = FieldSchema.object(
        ObjectSchema(
            "BatchInputMarketingEventEmailSubscriber",
            [
                "inputs*": .array(
                    .object(
                        ObjectSchema(
                            "MarketingEventEmailSubscriber",
                            [
                                "contactProperties*": .map(.string), "email*": .string,
                                "interactionDateTime*": .integer,
                                "properties*": .map(.string),
                            ])))
            ]))

    /// The `subscriberState` values the attendance endpoints accept.
    static let subscriberStates = ["register", "attend", "cancel"]
    /// Event properties allowed per subscriber state (the spec: "For the state attend: joinedAt, leftAt").
    static let allowedProperties: [String: Set<String>] = [
        "attend": ["joinedAt", "leftAt"], "register": [], "cancel": [],
    ]
}
