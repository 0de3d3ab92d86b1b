import Foundation

/// A JSON-RPC 2.0 request id: a number or a string.
public enum RPCID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A numeric id (what the host sends).
    case number(Int)
    /// A string id.
    case string(String)

    /// Decodes a number or a string.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// Encodes the number or string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let text): try container.encode(text)
        }
    }

    /// The id as written in JSON.
    public var description: String {
        switch self {
        case .number(let number): String(number)
        case .string(let text): "\"\(text)\""
        }
    }
}

/// A request (host → connector): `{"jsonrpc": "2.0", "id": …, "method": …, "params": …}`.
public struct RPCRequest<Params: Codable & Sendable>: Codable, Sendable {
    /// Always `2.0`.
    public var jsonrpc: String = "2.0"
    /// Answered with the same id.
    public var id: RPCID
    /// The method name.
    public var method: String
    /// The parameters.
    public var params: Params

    /// Creates a request.
    public init(id: RPCID, method: String, params: Params) {
        self.id = id
        self.method = method
        self.params = params
    }
}

/// A notification: a request without an id, never answered (the protocol's `cancel`).
public struct RPCNotification<Params: Codable & Sendable>: Codable, Sendable {
    /// Always `2.0`.
    public var jsonrpc: String = "2.0"
    /// The method name.
    public var method: String
    /// The parameters.
    public var params: Params

    /// Creates a notification.
    public init(method: String, params: Params) {
        self.method = method
        self.params = params
    }
}

/// The head of any incoming message, read before its params or result: enough to dispatch a
/// request or match a response.
public struct RPCHead: Decodable, Sendable {
    /// `2.0` when well-formed.
    public var jsonrpc: String?
    /// The id; nil for notifications (and for error responses to unparseable requests).
    public var id: RPCID?
    /// The method, for requests and notifications.
    public var method: String?
    /// Whether the message carries a `result` (a success response).
    public var hasResult: Bool
    /// The error, for error responses.
    public var error: RPCError?
    /// False when an `id` is present but neither a number, a string nor null.
    public var idIsValid: Bool
    /// `params.id`, when the params are an object with an id (a connector's `snapshot_part`
    /// names the request it belongs to that way).
    public var paramsID: RPCID?

    private enum CodingKeys: String, CodingKey { case jsonrpc, id, method, result, error, params }
    private enum ParamsKeys: String, CodingKey { case id }

    /// Decodes the head; the params or result stay unread.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        jsonrpc = try? container.decodeIfPresent(String.self, forKey: .jsonrpc)
        id = try? container.decodeIfPresent(RPCID.self, forKey: .id)
        idIsValid = id != nil || !container.contains(.id) || (try? container.decodeNil(forKey: .id)) == true
        method = try? container.decodeIfPresent(String.self, forKey: .method)
        hasResult = container.contains(.result)
        error = try? container.decodeIfPresent(RPCError.self, forKey: .error)
        paramsID = try? container.nestedContainer(keyedBy: ParamsKeys.self, forKey: .params).decodeIfPresent(RPCID.self, forKey: .id)
    }
}

/// A success response (connector → host): `{"jsonrpc": "2.0", "id": …, "result": …}`.
public struct RPCResponse<Result: Codable & Sendable>: Codable, Sendable {
    /// Always `2.0`.
    public var jsonrpc: String = "2.0"
    /// The id of the request answered.
    public var id: RPCID
    /// The result.
    public var result: Result

    /// Creates a response.
    public init(id: RPCID, result: Result) {
        self.id = id
        self.result = result
    }
}

/// An error response: `{"jsonrpc": "2.0", "id": … or null, "error": {…}}`.
public struct RPCErrorResponse: Codable, Sendable {
    /// Always `2.0`.
    public var jsonrpc: String = "2.0"
    /// The id of the request answered; null when it could not be read.
    public var id: RPCID?
    /// The error.
    public var error: RPCError

    /// Creates an error response.
    public init(id: RPCID?, error: RPCError) {
        self.id = id
        self.error = error
    }

    private enum CodingKeys: String, CodingKey { case jsonrpc, id, error }

    /// Encodes `id` as null when absent, as JSON-RPC requires.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(jsonrpc, forKey: .jsonrpc)
        try container.encode(id, forKey: .id)
        try container.encode(error, forKey: .error)
    }
}

/// A JSON-RPC error object.
public struct RPCError: Error, Codable, Sendable, Hashable, CustomStringConvertible {
    /// The error code (see ``RPCErrorCode``).
    public var code: Int
    /// What happened, for people; never a secret.
    public var message: String
    /// For `-32000`: the ``ConnectorError`` kind and details.
    public var data: RPCErrorData?

    /// Creates an error.
    public init(code: Int, message: String, data: RPCErrorData? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    /// `-32000` carrying a connector error's kind and details.
    public init(_ error: ConnectorError) {
        self.init(
            code: RPCErrorCode.connectorError, message: error.message,
            data: RPCErrorData(
                kind: error.kind.rawValue, sourceCode: error.sourceCode, httpStatus: error.httpStatus,
                retryAfterSeconds: error.retryAfterSeconds))
    }

    /// The connector error this stands for. A protocol error (-32700 … -32602) or an unknown
    /// kind becomes `unavailable`, since the host cannot act on it otherwise.
    public var connectorError: ConnectorError {
        guard code == RPCErrorCode.connectorError, let data, let kind = data.kind.flatMap(ConnectorError.Kind.init(rawValue:))
        else {
            return ConnectorError(.unavailable, "the connector answered error \(code): \(message)")
        }
        return ConnectorError(
            kind, message, sourceCode: data.sourceCode, httpStatus: data.httpStatus, retryAfterSeconds: data.retryAfterSeconds)
    }

    /// `message (code N)`.
    public var description: String { "\(message) (code \(code))" }
}

/// The `data` of a `-32000` error.
public struct RPCErrorData: Codable, Sendable, Hashable {
    /// A ``ConnectorError/Kind`` raw value, e.g. `not_found` (kept as text so unknown kinds still decode).
    public var kind: String?
    /// The source's own error code.
    public var sourceCode: Int?
    /// The source's HTTP status.
    public var httpStatus: Int?
    /// Seconds to wait before retrying (rate limits).
    public var retryAfterSeconds: Double?

    /// Creates error data.
    public init(kind: String?, sourceCode: Int? = nil, httpStatus: Int? = nil, retryAfterSeconds: Double? = nil) {
        self.kind = kind
        self.sourceCode = sourceCode
        self.httpStatus = httpStatus
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// The error codes of the protocol (document §2).
public enum RPCErrorCode {
    /// The line is not JSON.
    public static let parseError = -32700
    /// Not a valid request object.
    public static let invalidRequest = -32600
    /// Unknown method.
    public static let methodNotFound = -32601
    /// Invalid params (missing or wrongly typed field, unknown instance).
    public static let invalidParams = -32602
    /// The connector could not do what was asked; `data.kind` says why.
    public static let connectorError = -32000
}
