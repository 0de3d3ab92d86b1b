import SwitchyardJSON
import Foundation
import Hummingbird

extension HubSpotSimulator {
    /// `/crm/v3/properties/{objectType}` endpoints of `properties.json`: properties and groups.
    func addPropertyRoutes<Context: RequestContext>(to api: RouterGroup<Context>) {
        api.get("/crm/v3/properties/{objectType}") { request, context in
            let portal = try self.portalID(of: request)
            let objectType = try Self.propertyObjectType(context.parameters)
            let archived = try request.queryBool("archived")
            let definitions = try self.store.portal(portal) { state in
                archived ? [] : (state.properties[objectType] ?? [:]).values.sorted { $0.name < $1.name }
            }
            return hubSpotJSONResponse(["results": .array(definitions.map(Self.render))])
        }
        api.post("/crm/v3/properties/{objectType}") { request, context in
            let portal = try self.portalID(of: request)
            let objectType = try Self.propertyObjectType(context.parameters)
            let body = try await request.hubSpotJSON(context: context, schema: CRMSchemas.propertyCreate)
            let now = self.store.now()
            let created = try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                try Self.createProperty(body, objectType: objectType, state: &state, now: now)
            }
            return hubSpotJSONResponse(Self.render(created), status: .created)
        }
        api.get("/crm/v3/properties/{objectType}/groups") { request, context in
            let portal = try self.portalID(of: request)
            let objectType = try Self.propertyObjectType(context.parameters)
            let groups = try self.store.portal(portal) { state in
                (state.groups[objectType] ?? [:]).values.sorted { $0.name < $1.name }
            }
            return hubSpotJSONResponse(["results": .array(groups.map(Self.render))])
        }
        api.post("/crm/v3/properties/{objectType}/groups") { request, context in
            let portal = try self.portalID(of: request)
            let objectType = try Self.propertyObjectType(context.parameters)
            let body = try await request.hubSpotJSON(
                context: context, schema: CRMSchemas.propertyGroupCreate)
            let name = body["name"]?.stringValue ?? ""
            let group = HubSpotPropertyGroup(
                name: name, label: body["label"]?.stringValue ?? name,
                displayOrder: Int(body["displayOrder"]?.int64Value ?? -1),
                archived: false)
            try Self.checkInternalName(name)
            try self.store.portal(portal) { (state) throws(HubSpotAPIError) in
                guard state.groups[objectType]?[name] == nil else {
                    throw HubSpotAPIError.conflict(
                        "A property group named '\(name)' already exists.", category: "OBJECT_ALREADY_EXISTS",
                        context: ["name": [name]])
                }
                state.groups[objectType, default: [:]][name] = group
            }
            return hubSpotJSONResponse(Self.render(group), status: .created)
        }
        api.get("/crm/v3/properties/{objectType}/groups/{groupName}") { request, context in
            let portal = try self.portalID(of: request)
            let objectType = try Self.propertyObjectType(context.parameters)
            let name = try context.parameters.hubSpotPath("groupName")
            let group = try self.store.portal(portal) { state in state.groups[objectType]?[name] }
            guard let group else {
                throw HubSpotAPIError.notFound("Unable to find property group \(name)")
            }
            return hubSpotJSONResponse(Self.render(group))
        }
        api.get("/crm/v3/properties/{objectType}/{propertyName}") { request, context in
            let portal = try self.portalID(of: request)
            let objectType = try Self.propertyObjectType(context.parameters)
            let name = try context.parameters.hubSpotPath("propertyName")
            let definition = try self.store.portal(portal) { state in state.properties[objectType]?[name]
            }
            guard let definition else {
                throw HubSpotAPIError.notFound("Unable to find property \(name)")
            }
            return hubSpotJSONResponse(Self.render(definition))
        }
    }

    static func propertyObjectType(_ parameters: Parameters) throws -> String {
        let raw = try parameters.hubSpotPath("objectType").lowercased()
        let aliases = ["contact": "contacts", "0-1": "contacts", "call": "calls", "0-48": "calls"]
        let objectType = aliases[raw] ?? raw
        guard DefaultProperties.objectTypes.contains(objectType) else {
            throw HubSpotAPIError.validation("Unable to infer object type from: \(raw)")
        }
        return objectType
    }

    /// Which `fieldType`s each property `type` accepts.
    static let compatibleFieldTypes: [String: Set<String>] = [
        "string": ["text", "textarea", "html", "phonenumber", "file"],
        "number": ["number", "calculation_equation"],
        "date": ["date"], "datetime": ["date"],
        "enumeration": ["select", "radio", "checkbox", "booleancheckbox"],
        "bool": ["booleancheckbox"],
        "phone_number": ["phonenumber", "text"],
    ]

    static func checkInternalName(_ name: String) throws(HubSpotAPIError) {
        let allowed =
            name.first?.isLetter == true
            && name.allSatisfy { ($0.isLowercase && $0.isASCII) || $0.isNumber || $0 == "_" }
        guard allowed else {
            throw HubSpotAPIError.validation(
                "Invalid internal name '\(name)': use lowercase letters, digits and underscores, starting with a letter"
            )
        }
    }

    static func createProperty(
        _ body: JSONValue, objectType: String, state: inout PortalState, now: Date
    ) throws(HubSpotAPIError)
        -> HubSpotPropertyDefinition
    {
        let name = body["name"]?.stringValue ?? ""
        let type = body["type"]?.stringValue ?? ""
        let fieldType = body["fieldType"]?.stringValue ?? ""
        let groupName = body["groupName"]?.stringValue ?? ""
        try checkInternalName(name)
        guard state.properties[objectType]?[name] == nil else {
            throw HubSpotAPIError.conflict(
                "Property named '\(name)' already exists.", category: "OBJECT_ALREADY_EXISTS",
                context: ["name": [name]])
        }
        guard state.groups[objectType]?[groupName] != nil else {
            throw HubSpotAPIError.validation(
                "Property group '\(groupName)' does not exist", context: ["groupName": [groupName]])
        }
        guard compatibleFieldTypes[type]?.contains(fieldType) == true else {
            throw HubSpotAPIError.validation(
                "fieldType '\(fieldType)' is not compatible with type '\(type)'")
        }
        let options = (body["options"]?.arrayValue ?? []).map { option in
            HubSpotPropertyOption(
                label: option["label"]?.stringValue ?? "", value: option["value"]?.stringValue ?? "",
                description: option["description"]?.stringValue,
                displayOrder: option["displayOrder"]?.int64Value.map { Int($0) },
                hidden: option["hidden"]?.boolValue ?? false)
        }
        let definition = HubSpotPropertyDefinition(
            name: name, label: body["label"]?.stringValue ?? name, type: type, fieldType: fieldType,
            groupName: groupName,
            description: body["description"]?.stringValue ?? "", options: options,
            displayOrder: Int(body["displayOrder"]?.int64Value ?? -1),
            hasUniqueValue: body["hasUniqueValue"]?.boolValue ?? false,
            hidden: body["hidden"]?.boolValue ?? false, formField: body["formField"]?.boolValue ?? false,
            hubspotDefined: false,
            readOnlyValue: false, createdAt: now, updatedAt: now)
        state.properties[objectType, default: [:]][name] = definition
        return definition
    }

    /// The spec's `Property`.
    static func render(_ property: HubSpotPropertyDefinition) -> JSONValue {
        let options: [JSONValue] = property.options.map { option in
            jsonObject([
                "label": .string(option.label), "value": .string(option.value),
                "hidden": .bool(option.hidden),
                "description": option.description.map(JSONValue.string),
                "displayOrder": option.displayOrder.map { .integer(Int64($0)) },
            ])
        }
        return [
            "name": .string(property.name), "label": .string(property.label),
            "type": .string(property.type),
            "fieldType": .string(property.fieldType), "groupName": .string(property.groupName),
            "description": .string(property.description), "options": .array(options),
            "displayOrder": .integer(Int64(property.displayOrder)),
            "hasUniqueValue": .bool(property.hasUniqueValue),
            "hidden": .bool(property.hidden), "formField": .bool(property.formField), "calculated": false,
            "externalOptions": false, "hubspotDefined": .bool(property.hubspotDefined), "archived": false,
            "createdAt": .string(HubSpotTime.format(property.createdAt)),
            "updatedAt": .string(HubSpotTime.format(property.updatedAt)),
            "modificationMetadata": [
                "archivable": .bool(!property.hubspotDefined),
                "readOnlyDefinition": .bool(property.hubspotDefined),
                "readOnlyValue": .bool(property.readOnlyValue),
            ],
        ]
    }

    /// The spec's `PropertyGroup`.
    static func render(_ group: HubSpotPropertyGroup) -> JSONValue {
        [
            "name": .string(group.name), "label": .string(group.label),
            "displayOrder": .integer(Int64(group.displayOrder)),
            "archived": .bool(group.archived),
        ]
    }
}
