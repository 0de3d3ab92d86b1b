import Foundation

/// What a connector declares about itself — the single source of truth for validation,
/// documentation (`switchyard connectors`) and routing.
public struct ConnectorDescriptor: Sendable, Hashable {
    /// The `type` a tenant file names, e.g. `webinar-export`.
    public var typeName: String
    /// Human name, e.g. "Webinar export files".
    public var displayName: String
    /// Semantic version of the connector.
    public var version: String
    /// One paragraph saying what it does.
    public var summary: String
    /// Its configuration fields.
    public var configSpec: ConfigSpec
    /// What it can do.
    public var capabilities: Set<ConnectorCapability>
    /// The actions it can perform.
    public var actions: [ActionDescriptor]
    /// The config field whose value identifies the external account (e.g. `account_id`).
    /// Webhooks route by it, so no two connector instances of this type may share a value.
    public var routingKeyField: String?
    /// Where in a webhook body the account it claims to come from is written, as dotted paths
    /// into the JSON (`payload.account_id`; a number indexes an array: `value.0.tenantId`). The
    /// host reads the first path that holds a string to choose whose secret verifies the
    /// delivery; when none does (e.g. a URL-validation challenge) every instance of the type is tried.
    public var webhookRoutingKeyPaths: [String]
    /// What the connector's data is called in HubSpot (properties, templates, organizer, actions).
    public var hubSpotProfile: HubSpotProfile

    /// Creates a descriptor.
    public init(
        typeName: String,
        displayName: String,
        version: String,
        summary: String,
        configSpec: ConfigSpec,
        capabilities: Set<ConnectorCapability>,
        actions: [ActionDescriptor] = [],
        routingKeyField: String? = nil,
        webhookRoutingKeyPaths: [String] = [],
        hubSpotProfile: HubSpotProfile
    ) {
        self.typeName = typeName
        self.displayName = displayName
        self.version = version
        self.summary = summary
        self.configSpec = configSpec
        self.capabilities = capabilities
        self.actions = actions
        self.routingKeyField = routingKeyField
        self.webhookRoutingKeyPaths = webhookRoutingKeyPaths
        self.hubSpotProfile = hubSpotProfile
    }

    /// The account a webhook body claims to come from, read at ``webhookRoutingKeyPaths``
    /// without verifying anything; nil when the body names none or is not JSON.
    public func claimedRoutingKey(ofWebhookBody body: Data) -> String? {
        // Usually found by a byte walk (no document built); a full parse when it cannot tell.
        for path in webhookRoutingKeyPaths {
            if let key = JSONPathScanner.string(at: path.split(separator: ".").map(String.init), in: body), !key.isEmpty {
                return key
            }
        }
        guard !webhookRoutingKeyPaths.isEmpty, let root = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        else { return nil }
        for path in webhookRoutingKeyPaths {
            var node: Any? = root
            for component in path.split(separator: ".") {
                if let object = node as? [String: Any] {
                    node = object[String(component)]
                } else if let array = node as? [Any], let index = Int(component), array.indices.contains(index) {
                    node = array[index]
                } else {
                    node = nil
                }
            }
            if let key = node as? String, !key.isEmpty { return key }
        }
        return nil
    }
}

/// Something a connector can do.
public enum ConnectorCapability: String, Sendable, Codable, CaseIterable, Comparable {
    /// Verifies and decodes webhooks.
    case webhooks
    /// Lists webinars.
    case webinarListing = "webinar_listing"
    /// Takes full snapshots of one webinar.
    case snapshots
    /// Lists past webinars from the source's history (reports), for a backfill.
    case pastWebinarListing = "past_webinar_listing"
    /// Performs actions (see ``ConnectorDescriptor/actions``).
    case actions
    /// Keeps the source's change-notification subscriptions alive (`maintain_subscriptions`).
    case subscriptions
    /// Reads one instance's recording and transcript without a full snapshot (`recording`).
    case recordingFetch = "recording_fetch"

    /// Alphabetical order, for stable output.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An action a connector performs on request (e.g. register a contact for a webinar).
public struct ActionDescriptor: Sendable, Codable, Hashable {
    /// A field of an action's input or output.
    public struct Field: Sendable, Codable, Hashable {
        /// Key.
        public var name: String
        /// Label for people.
        public var label: String
        /// One-line description.
        public var doc: String
        /// Whether an input must be given.
        public var required: Bool

        /// Creates a field.
        public init(name: String, label: String, doc: String, required: Bool = true) {
            self.name = name
            self.label = label
            self.doc = doc
            self.required = required
        }
    }

    /// Key, e.g. `register_contact`.
    public var name: String
    /// What it does.
    public var summary: String
    /// Inputs.
    public var inputs: [Field]
    /// Outputs on success.
    public var outputs: [Field]

    /// Creates an action descriptor.
    public init(name: String, summary: String, inputs: [Field], outputs: [Field]) {
        self.name = name
        self.summary = summary
        self.inputs = inputs
        self.outputs = outputs
    }
}

/// A request to perform an action.
public struct ActionRequest: Sendable, Codable, Hashable {
    /// The action's name, as declared.
    public var action: String
    /// Input values by field name.
    public var inputs: [String: String]

    /// Creates a request.
    public init(action: String, inputs: [String: String]) {
        self.action = action
        self.inputs = inputs
    }
}

/// The outcome of a successful action.
public struct ActionResult: Sendable, Codable, Hashable {
    /// Output values by field name.
    public var outputs: [String: String]
    /// A sentence for people, e.g. "Registered ada@example.com for 'Launch' (812 3456 7890)".
    public var message: String

    /// Creates a result.
    public init(outputs: [String: String], message: String) {
        self.outputs = outputs
        self.message = message
    }
}
