import Sandbox

/// The OpenAPI 3.1 document of the admin API, served at `GET /api/v1/openapi.json`.
public enum AdminOpenAPI {
    /// The document.
    public static let document: JSONValue = [
        "openapi": "3.1.0",
        "info": ["title": "Switchyard admin API", "version": "1.0.0"],
        "paths": [:],
    ]
}
