/// Request schemas of the automation actions v4 endpoints, transcribed from `actionsV4.json`.
enum ActionSchemas {
    static let functionTypes = [
        "POST_ACTION_EXECUTION", "POST_FETCH_OPTIONS", "PRE_ACTION_EXECUTION", "PRE_FETCH_OPTIONS",
    ]

    static let inputField = FieldSchema.object(
        ObjectSchema(
            "PublicInputFieldDefinition",
            [
                "isRequired*": .boolean, "supportedValueTypes": .array(.string),
                "typeDefinition*": .object(
                    ObjectSchema(
                        "PublicFieldTypeDefinition",
                        [
                            "description": .string, "fieldType": .string, "helpText": .string, "label": .string,
                            "name*": .string,
                            "options*": .array(
                                .object(
                                    ObjectSchema(
                                        "PublicOption",
                                        [
                                            "description": .string, "displayOrder": .integer, "label*": .string,
                                            "value*": .string,
                                        ]))),
                            "optionsUrl": .string, "referencedObjectType": .string,
                            "type*": .enumeration([
                                "bool", "date", "datetime", "enumeration", "json", "number", "object_coordinates",
                                "phone_number", "string",
                            ]),
                        ])),
            ]))

    static let outputField = FieldSchema.object(
        ObjectSchema(
            "OutputFieldDefinition",
            [
                "typeDefinition*": .object(
                    ObjectSchema(
                        "FieldTypeDefinition",
                        [
                            "description": .string, "externalOptions*": .boolean, "fieldType": .string,
                            "helpText": .string,
                            "label": .string, "name*": .string,
                            "options*": .array(
                                .object(
                                    ObjectSchema(
                                        "Option",
                                        [
                                            "description*": .string, "displayOrder*": .integer, "doubleData*": .number,
                                            "hidden*": .boolean,
                                            "label*": .string, "readOnly*": .boolean, "value*": .string,
                                        ]))),
                            "schema*": .any, "type*": .string, "useChirp*": .boolean,
                        ]))
            ]))

    static let executionRule = FieldSchema.object(
        ObjectSchema(
            "PublicExecutionTranslationRule", ["conditions*": .map(.any), "labelName*": .string]))
    static let labels = FieldSchema.map(
        .object(
            ObjectSchema(
                "PublicActionLabels",
                [
                    "actionCardContent": .string, "actionDescription": .string, "actionName*": .string,
                    "appDisplayName": .string,
                    "executionRules": .map(.string), "inputFieldDescriptions": .map(.string),
                    "inputFieldLabels": .map(.string),
                    "inputFieldOptionLabels": .map(.map(.string)), "outputFieldLabels": .map(.string),
                ])))
    static let objectRequestOptions = FieldSchema.object(
        ObjectSchema("PublicObjectRequestOptions", ["properties*": .array(.string)]))

    /// `PublicActionDefinitionEgg` (create).
    static let definitionCreate = FieldSchema.object(
        ObjectSchema(
            "PublicActionDefinitionEgg",
            [
                "actionUrl*": .string, "archivedAt": .integer, "executionRules": .array(executionRule),
                "functions*": .array(
                    .object(
                        ObjectSchema(
                            "PublicActionFunction",
                            [
                                "functionSource*": .string, "functionType*": .enumeration(functionTypes),
                                "id": .string,
                            ]))),
                "inputFieldDependencies": .array(.any), "inputFields*": .array(inputField),
                "labels*": labels,
                "objectRequestOptions": objectRequestOptions, "objectTypes*": .array(.string),
                "outputFields": .array(outputField),
                "published*": .boolean,
            ]))

    /// `PublicActionDefinitionPatch` (nothing required).
    static let definitionPatch = FieldSchema.object(
        ObjectSchema(
            "PublicActionDefinitionPatch",
            [
                "actionUrl": .string, "executionRules": .array(executionRule),
                "inputFieldDependencies": .array(.any),
                "inputFields": .array(inputField), "labels": labels,
                "objectRequestOptions": objectRequestOptions,
                "objectTypes": .array(.string), "outputFields": .array(outputField), "published": .boolean,
            ]))

    /// `CallbackCompletionRequest`: `outputFields` and `typedOutputs` required.
    static let callbackCompletion = FieldSchema.object(
        ObjectSchema(
            "CallbackCompletionRequest",
            [
                "failureReasonType": .string, "outputFields*": .map(.string), "requestContext": .any,
                "typedOutputs*": .map(.any),
            ]))

    /// `BatchInputCallbackCompletionBatchRequest`.
    static let batchCallbackCompletion = FieldSchema.object(
        ObjectSchema(
            "BatchInputCallbackCompletionBatchRequest",
            [
                "inputs*": .array(
                    .object(
                        ObjectSchema(
                            "CallbackCompletionBatchRequest",
                            [
                                "callbackId*": .string, "failureReasonType": .string,
                                "outputFields*": .map(.string),
                                "requestContext": .any, "typedOutputs*": .map(.any),
                            ])))
            ]))
}
