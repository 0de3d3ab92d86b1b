import Foundation

extension ScenarioInput {
    /// The scenario `switchyard sandbox --seed 7` serves: two tenants.
    ///
    /// - `northwind` (portal 4400123): business units "Account" (0) and "EMEA" (3411), each
    ///   connected to its own Zoom account (`nwAccount0001` on a business plan with two hosts,
    ///   `nwEmeaAccount01` on a pro plan); contacts in `northwind.example` are excluded.
    ///   The portal lacks `hs_all_assigned_business_unit_ids` on calls (no Business Units add-on for calls).
    ///   A third unit, "Americas" (5120), runs Teams webinars: Microsoft Entra tenant
    ///   `4f1c2a9e-6b7d-4c3e-9a51-2d8e7f6a0b13` with two organizers.
    /// - `contoso` (portal 5500456): one business unit, one Zoom account (`csAccount00001`, pro).
    ///
    /// Every credential is a fixed sandbox string (never a real secret).
    public static let `default` = ScenarioInput(tenants: [northwind, contoso])

    static let northwind = ScenarioTenant(
        portal: HubSpotPortalCredentials(
            portalID: 4_400_123,
            accessToken: "sandbox-northwind-hubspot-token",
            appID: 1_234_567,
            developerAPIKey: "sandbox-northwind-developer-key",
            clientSecret: "sandbox-northwind-app-secret"
        ),
        extraBusinessUnits: [HubSpotPortalSeed.BusinessUnit(id: 3411, name: "EMEA")],
        zoomAccounts: [
            ZoomAccountCredentials(
                accountID: "nwAccount0001",
                clientID: "nw-account-client",
                clientSecret: "nw-account-secret",
                webhookSecretToken: "nw-account-webhook-secret",
                hostEmails: ["host@northwind.example", "webinars@northwind.example"],
                plan: "business"
            ),
            ZoomAccountCredentials(
                accountID: "nwEmeaAccount01",
                clientID: "nw-emea-client",
                clientSecret: "nw-emea-secret",
                webhookSecretToken: "nw-emea-webhook-secret",
                hostEmails: ["emea.host@northwind.example"],
                plan: "pro"
            ),
        ],
        contactExclusionDomains: ["northwind.example"],
        // Business Units is not on for calls in this portal: recordings' calls go without units.
        missingProperties: ["calls": ["hs_all_assigned_business_unit_ids"]],
        teamsTenants: [
            GraphTenantCredentials(
                tenantID: "4f1c2a9e-6b7d-4c3e-9a51-2d8e7f6a0b13",
                clientID: "7c9e2b41-3d5a-4f6e-8b1c-0a2d4e6f8a10",
                clientSecret: "sandbox-northwind-graph-secret",
                organizerEmails: ["teams.events@northwind.example", "americas.webinars@northwind.example"],
                businessUnit: HubSpotPortalSeed.BusinessUnit(id: 5120, name: "Americas")
            )
        ]
    )

    static let contoso = ScenarioTenant(
        portal: HubSpotPortalCredentials(
            portalID: 5_500_456,
            accessToken: "sandbox-contoso-hubspot-token",
            appID: 7_654_321,
            developerAPIKey: "sandbox-contoso-developer-key",
            clientSecret: "sandbox-contoso-app-secret"
        ),
        zoomAccounts: [
            ZoomAccountCredentials(
                accountID: "csAccount00001",
                clientID: "cs-account-client",
                clientSecret: "cs-account-secret",
                webhookSecretToken: "cs-account-webhook-secret",
                hostEmails: ["events@contoso.example"],
                plan: "pro"
            )
        ],
        contactExclusionDomains: ["contoso.example"]
    )
}

/// Name and domain pools of generated people.
enum ScenarioNames {
    static let firstNames = [
        "Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Lena", "Ravi", "Sofia", "Jonas", "Amara", "Kenji",
        "Elif", "Mateo",
        "Priya", "Lucas", "Hana", "Diego", "Ines", "Felix", "Nora", "Tariq", "Yara", "Hugo", "Maya",
        "Arjun", "Chloe",
        "Emil", "Leila", "Owen",
    ]
    static let lastNames = [
        "Nguyen", "Schmidt", "Okafor", "Rossi", "Kowalski", "Tanaka", "Haddad", "Silva", "Jensen",
        "Moreau", "Patel",
        "Novak", "Dubois", "Costa", "Larsen", "Ivanova", "Mendes", "Fischer", "Akhtar", "Berg",
        "Yilmaz", "Romero",
        "Quinn", "Walsh", "Sato", "Lindqvist", "Adeyemi", "Brennan", "Ortega", "Kaur",
    ]
    static let domains = [
        "example.com", "example.org", "example.net", "mail.example", "corp.example",
    ]
    static let topics = [
        "Product tour", "Quarterly roadmap", "Customer onboarding", "Security deep dive",
        "Analytics masterclass",
        "Partner summit", "Release highlights", "Ask the experts",
    ]
}
