/// Request schemas of the CRM endpoints (contacts, calls, properties), transcribed from
/// HubSpot's specs `contacts.json`, `calls.json` and `properties.json`: field types and
/// the `required` lists exactly as the specs state them.
enum CRMSchemas {
    static let stringMap = FieldSchema.map(.string)
    static let strings = FieldSchema.array(.string)

    static let associationCategories = [
        "HUBSPOT_DEFINED", "INTEGRATOR_DEFINED", "USER_DEFINED", "WORK",
    ]

    static let associationsForObject = FieldSchema.object(
        ObjectSchema(
            "PublicAssociationsForObject",
            [
                "to*": .object(ObjectSchema("PublicObjectId", ["id*": .string])),
                "types*": .array(
                    .object(
                        ObjectSchema(
                            "AssociationSpec",
                            [
                                "associationCategory*": .enumeration(associationCategories),
                                "associationTypeId*": .integer,
                            ]))),
            ]))

    /// `SimplePublicObjectInputForCreate` (single create: `associations` is required).
    static let createInput = FieldSchema.object(
        ObjectSchema(
            "SimplePublicObjectInputForCreate",
            ["associations*": .array(associationsForObject), "properties*": stringMap]))

    /// `SimplePublicObjectInput` (PATCH).
    static let updateInput = FieldSchema.object(
        ObjectSchema("SimplePublicObjectInput", ["properties*": stringMap]))

    /// `BatchInputSimplePublicObjectBatchInputForCreate`.
    static let batchCreate = FieldSchema.object(
        ObjectSchema(
            "BatchInputSimplePublicObjectBatchInputForCreate",
            [
                "inputs*": .array(
                    .object(
                        ObjectSchema(
                            "SimplePublicObjectBatchInputForCreate",
                            [
                                "associations*": .array(associationsForObject), "objectWriteTraceId": .string,
                                "properties*": stringMap,
                            ])))
            ]))

    private static func idInputs(_ name: String, _ itemName: String) -> FieldSchema {
        .object(
            ObjectSchema(
                name,
                [
                    "inputs*": .array(
                        .object(
                            ObjectSchema(
                                itemName,
                                [
                                    "id*": .string, "idProperty": .string, "objectWriteTraceId": .string,
                                    "properties*": stringMap,
                                ])))
                ]))
    }

    /// `BatchInputSimplePublicObjectBatchInput` (batch update).
    static let batchUpdate = idInputs(
        "BatchInputSimplePublicObjectBatchInput", "SimplePublicObjectBatchInput")

    /// `BatchInputSimplePublicObjectBatchInputUpsert` (batch upsert).
    static let batchUpsert = idInputs(
        "BatchInputSimplePublicObjectBatchInputUpsert", "SimplePublicObjectBatchInputUpsert")

    static let simpleObjectID = FieldSchema.object(
        ObjectSchema("SimplePublicObjectId", ["id*": .string]))

    /// `BatchReadInputSimplePublicObjectId` (`properties` and `propertiesWithHistory` required).
    static let batchRead = FieldSchema.object(
        ObjectSchema(
            "BatchReadInputSimplePublicObjectId",
            [
                "idProperty": .string, "inputs*": .array(simpleObjectID), "properties*": strings,
                "propertiesWithHistory*": strings,
            ]))

    /// `BatchInputSimplePublicObjectId` (batch archive).
    static let batchArchive = FieldSchema.object(
        ObjectSchema("BatchInputSimplePublicObjectId", ["inputs*": .array(simpleObjectID)]))

    static let searchOperators = [
        "BETWEEN", "CONTAINS_TOKEN", "EQ", "GT", "GTE", "HAS_PROPERTY", "IN", "LT", "LTE", "NEQ",
        "NOT_CONTAINS_TOKEN",
        "NOT_HAS_PROPERTY", "NOT_IN",
    ]

    /// `PublicObjectSearchRequest`: `after`, `filterGroups`, `limit`, `properties`, `sorts` required.
    ///
    /// `sorts` is `array<string>` in the spec; HubSpot's docs also show
    /// `{"propertyName","direction"}` objects, which HubSpot accepts, so both are allowed.
    static let search = FieldSchema.object(
        ObjectSchema(
            "PublicObjectSearchRequest",
            [
                "after*": .string,
                "filterGroups*": .array(
                    .object(
                        ObjectSchema(
                            "FilterGroup",
                            [
                                "filters*": .array(
                                    .object(
                                        ObjectSchema(
                                            "Filter",
                                            [
                                                "highValue": .string, "operator*": .enumeration(searchOperators),
                                                "propertyName*": .string, "value": .string, "values": strings,
                                            ])))
                            ]))),
                "limit*": .integer, "properties*": strings, "query": .string, "sorts*": .array(.any),
            ]))

    /// `PublicGdprDeleteInput`.
    static let gdprDelete = FieldSchema.object(
        ObjectSchema("PublicGdprDeleteInput", ["idProperty": .string, "objectId*": .string]))

    static let propertyTypes = [
        "bool", "date", "datetime", "enumeration", "number", "phone_number", "string",
    ]
    static let fieldTypes = [
        "booleancheckbox", "calculation_equation", "checkbox", "date", "file", "html", "number",
        "phonenumber", "radio", "select",
        "text", "textarea",
    ]

    /// `PropertyCreate`.
    static let propertyCreate = FieldSchema.object(
        ObjectSchema(
            "PropertyCreate",
            [
                "calculationFormula": .string, "currencyPropertyName": .string,
                "dataSensitivity": .enumeration(["highly_sensitive", "non_sensitive", "sensitive"]),
                "description": .string,
                "displayOrder": .integer, "externalOptions": .boolean,
                "fieldType*": .enumeration(fieldTypes),
                "formField": .boolean, "groupName*": .string, "hasUniqueValue": .boolean,
                "hidden": .boolean, "label*": .string,
                "name*": .string,
                "numberDisplayHint": .enumeration([
                    "currency", "duration", "formatted", "percentage", "probability", "unformatted",
                ]),
                "options": .array(
                    .object(
                        ObjectSchema(
                            "OptionInput",
                            [
                                "description": .string, "displayOrder": .integer, "hidden*": .boolean,
                                "label*": .string, "value*": .string,
                            ]
                        ))),
                "referencedObjectType": .string, "showCurrencySymbol": .boolean, "textDisplayHint": .string,
                "type*": .enumeration(propertyTypes),
            ]))

    /// `PropertyGroupCreate`.
    static let propertyGroupCreate = FieldSchema.object(
        ObjectSchema(
            "PropertyGroupCreate", ["displayOrder": .integer, "label*": .string, "name*": .string]))
}
