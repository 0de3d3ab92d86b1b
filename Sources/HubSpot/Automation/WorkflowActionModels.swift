/// A custom workflow action definition to create (`PublicActionDefinitionEgg`; the spec
/// requires `actionUrl`, `functions`, `inputFields`, `labels`, `objectTypes`, `published`).
public struct WorkflowActionDefinition: Encodable, Sendable, Equatable {
    /// The URL HubSpot calls when a workflow runs the action.
    public var actionUrl: String
    /// Whether workflows can use it.
    public var published: Bool
    /// Object types it runs for, e.g. `["CONTACT"]`.
    public var objectTypes: [String]
    /// The action's input fields.
    public var inputFields: [WorkflowActionInputField]
    /// The action's output fields.
    public var outputFields: [WorkflowActionOutputField]
    /// Labels by language code, e.g. `["en": …]`.
    public var labels: [String: WorkflowActionLabels]
    /// Serverless functions (none: always sent empty).
    public var functions: [String] = []
    /// Properties of the enrolled object HubSpot sends along.
    public var objectRequestOptions: ObjectRequestOptions?

    /// `PublicObjectRequestOptions`.
    public struct ObjectRequestOptions: Codable, Sendable, Equatable {
        /// Property names, e.g. `["email", "firstname", "lastname"]`.
        public var properties: [String]

        /// - Parameter properties: property names.
        public init(properties: [String]) {
            self.properties = properties
        }
    }

    /// - Parameters: see the properties.
    public init(
        actionUrl: String, published: Bool, objectTypes: [String] = ["CONTACT"],
        inputFields: [WorkflowActionInputField],
        outputFields: [WorkflowActionOutputField] = [], labels: [String: WorkflowActionLabels],
        objectRequestOptions: ObjectRequestOptions? = nil
    ) {
        self.actionUrl = actionUrl
        self.published = published
        self.objectTypes = objectTypes
        self.inputFields = inputFields
        self.outputFields = outputFields
        self.labels = labels
        self.objectRequestOptions = objectRequestOptions
    }
}

/// Changes to an action definition (`PublicActionDefinitionPatch`; all optional).
public struct WorkflowActionPatch: Encodable, Sendable, Equatable {
    /// New URL.
    public var actionUrl: String?
    /// Publish or unpublish.
    public var published: Bool?
    /// New input fields.
    public var inputFields: [WorkflowActionInputField]?
    /// New output fields.
    public var outputFields: [WorkflowActionOutputField]?
    /// New labels.
    public var labels: [String: WorkflowActionLabels]?
    /// New object types.
    public var objectTypes: [String]?
    /// New properties of the enrolled object to send along.
    public var objectRequestOptions: WorkflowActionDefinition.ObjectRequestOptions?

    /// - Parameters: see the properties.
    public init(
        actionUrl: String? = nil, published: Bool? = nil,
        inputFields: [WorkflowActionInputField]? = nil,
        outputFields: [WorkflowActionOutputField]? = nil, labels: [String: WorkflowActionLabels]? = nil,
        objectTypes: [String]? = nil, objectRequestOptions: WorkflowActionDefinition.ObjectRequestOptions? = nil
    ) {
        self.actionUrl = actionUrl
        self.published = published
        self.inputFields = inputFields
        self.outputFields = outputFields
        self.labels = labels
        self.objectTypes = objectTypes
        self.objectRequestOptions = objectRequestOptions
    }

    /// A patch that makes a definition equal to `definition`.
    public init(replacingWith definition: WorkflowActionDefinition) {
        self.init(
            actionUrl: definition.actionUrl, published: definition.published, inputFields: definition.inputFields,
            outputFields: definition.outputFields, labels: definition.labels, objectTypes: definition.objectTypes,
            objectRequestOptions: definition.objectRequestOptions)
    }
}

/// An input field (`PublicInputFieldDefinition` with its `PublicFieldTypeDefinition`).
public struct WorkflowActionInputField: Encodable, Sendable, Equatable {
    struct TypeDefinition: Encodable, Sendable, Equatable {
        var name: String
        var type: String
        var fieldType: String?
        var options: [String] = []
    }

    var isRequired: Bool
    var supportedValueTypes: [String]
    var typeDefinition: TypeDefinition

    /// The field name.
    public var name: String { typeDefinition.name }

    /// - Parameters:
    ///   - name: the field name (key of `inputFields` in HubSpot's execution request).
    ///   - type: `string`, `number`, `enumeration`, … (default `string`).
    ///   - fieldType: `text`, `number`, … (default `text`).
    ///   - isRequired: whether the workflow must fill it.
    ///   - supportedValueTypes: `STATIC_VALUE` (typed in) and/or `OBJECT_PROPERTY` (a contact token).
    public init(
        name: String, type: String = "string", fieldType: String? = "text", isRequired: Bool,
        supportedValueTypes: [String] = ["STATIC_VALUE", "OBJECT_PROPERTY"]
    ) {
        self.isRequired = isRequired
        self.supportedValueTypes = supportedValueTypes
        self.typeDefinition = TypeDefinition(name: name, type: type, fieldType: fieldType)
    }
}

/// An output field (`OutputFieldDefinition`; its `FieldTypeDefinition` requires
/// `name`, `type`, `options`, `externalOptions`, `useChirp` and `schema`).
public struct WorkflowActionOutputField: Encodable, Sendable, Equatable {
    struct Schema: Encodable, Sendable, Equatable {
        var type: String
    }

    struct TypeDefinition: Encodable, Sendable, Equatable {
        var name: String
        var type: String
        var fieldType: String?
        var options: [String] = []
        var externalOptions = false
        var useChirp = false
        var schema: Schema
    }

    var typeDefinition: TypeDefinition

    /// The output name.
    public var name: String { typeDefinition.name }

    /// - Parameters:
    ///   - name: the output name (key of `outputFields` when completing a callback).
    ///   - type: `string`, `number`, … (default `string`).
    ///   - fieldType: `text`, … (default `text`).
    public init(name: String, type: String = "string", fieldType: String? = "text") {
        let schemaType = type == "number" ? "DOUBLE" : (type == "bool" ? "BOOLEAN" : "STRING")
        typeDefinition = TypeDefinition(
            name: name, type: type, fieldType: fieldType, schema: Schema(type: schemaType))
    }
}

/// Labels of an action in one language (`PublicActionLabels`; `actionName` is required).
public struct WorkflowActionLabels: Codable, Sendable, Equatable {
    /// The action's name in the workflow editor, e.g. "Add contact to Zoom webinar".
    public var actionName: String
    /// A description.
    public var actionDescription: String?
    /// The card text shown in a workflow.
    public var actionCardContent: String?
    /// The app's display name.
    public var appDisplayName: String?
    /// Labels of the input fields by field name.
    public var inputFieldLabels: [String: String]?
    /// Descriptions of the input fields by field name.
    public var inputFieldDescriptions: [String: String]?
    /// Labels of the output fields by field name.
    public var outputFieldLabels: [String: String]?

    /// - Parameters: see the properties.
    public init(
        actionName: String, actionDescription: String? = nil, actionCardContent: String? = nil,
        appDisplayName: String? = nil,
        inputFieldLabels: [String: String]? = nil, inputFieldDescriptions: [String: String]? = nil,
        outputFieldLabels: [String: String]? = nil
    ) {
        self.actionName = actionName
        self.actionDescription = actionDescription
        self.actionCardContent = actionCardContent
        self.appDisplayName = appDisplayName
        self.inputFieldLabels = inputFieldLabels
        self.inputFieldDescriptions = inputFieldDescriptions
        self.outputFieldLabels = outputFieldLabels
    }
}

/// An action definition as HubSpot returns it (`PublicActionDefinition`, the fields the project needs).
public struct WorkflowAction: Decodable, Sendable, Equatable {
    /// The definition id.
    public var id: String
    /// The revision id.
    public var revisionId: String
    /// The URL HubSpot calls.
    public var actionUrl: String
    /// Whether workflows can use it.
    public var published: Bool
    /// Labels by language.
    public var labels: [String: WorkflowActionLabels]?
    /// The names of its input fields, in order.
    public var inputFieldNames: [String]
    /// The names of its output fields, in order.
    public var outputFieldNames: [String]
    /// The record properties HubSpot sends with each execution (`objectRequestOptions`).
    public var requestedProperties: [String]

    private struct NamedField: Decodable {
        struct TypeDefinition: Decodable { var name: String }
        var typeDefinition: TypeDefinition
    }

    private struct RequestOptions: Decodable { var properties: [String]? }

    private enum CodingKeys: String, CodingKey {
        case id, revisionId, actionUrl, published, labels, inputFields, outputFields, objectRequestOptions
    }

    /// Decodes a definition; absent field lists are empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        revisionId = try container.decode(String.self, forKey: .revisionId)
        actionUrl = try container.decode(String.self, forKey: .actionUrl)
        published = try container.decode(Bool.self, forKey: .published)
        labels = try container.decodeIfPresent([String: WorkflowActionLabels].self, forKey: .labels)
        inputFieldNames = try container.decodeIfPresent([NamedField].self, forKey: .inputFields)?.map(\.typeDefinition.name) ?? []
        outputFieldNames = try container.decodeIfPresent([NamedField].self, forKey: .outputFields)?.map(\.typeDefinition.name) ?? []
        requestedProperties =
            try container.decodeIfPresent(RequestOptions.self, forKey: .objectRequestOptions)?.properties ?? []
    }
}

/// The completion of an asynchronous workflow-action execution (`CallbackCompletionRequest`;
/// `outputFields` and `typedOutputs` are required and always sent).
public struct WorkflowCallbackCompletion: Encodable, Sendable, Equatable {
    /// How the execution ended (`hs_execution_state` output).
    public enum ExecutionState: String, Sendable {
        /// The action succeeded; the workflow continues.
        case success = "SUCCESS"
        /// The action failed; the workflow continues.
        case failContinue = "FAIL_CONTINUE"
    }

    /// The callback id HubSpot sent with the execution request.
    public var callbackId: String
    /// Output values by output field name, including `hs_execution_state`.
    public var outputFields: [String: String]
    /// Typed output values (an object; empty when there are none).
    public var typedOutputs: [String: String]
    /// A failure reason type, when the execution failed.
    public var failureReasonType: String?

    /// - Parameters:
    ///   - callbackId: the callback id.
    ///   - state: how the execution ended (written to `hs_execution_state`).
    ///   - outputs: further output values by field name.
    ///   - typedOutputs: typed output values (default empty).
    ///   - failureReasonType: a failure reason type, optional.
    public init(
        callbackId: String, state: ExecutionState, outputs: [String: String] = [:],
        typedOutputs: [String: String] = [:],
        failureReasonType: String? = nil
    ) {
        self.callbackId = callbackId
        var fields = outputs
        fields["hs_execution_state"] = state.rawValue
        self.outputFields = fields
        self.typedOutputs = typedOutputs
        self.failureReasonType = failureReasonType
    }
}

/// The body of a single completion: ``WorkflowCallbackCompletion`` without `callbackId`.
struct CallbackCompletionBody: Encodable, Sendable {
    var outputFields: [String: String]
    var typedOutputs: [String: String]
    var failureReasonType: String?

    init(_ completion: WorkflowCallbackCompletion) {
        outputFields = completion.outputFields
        typedOutputs = completion.typedOutputs
        failureReasonType = completion.failureReasonType
    }
}
