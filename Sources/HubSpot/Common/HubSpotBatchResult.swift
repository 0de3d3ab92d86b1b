import Foundation

/// One per-item error of a batch answer (`StandardError` in a 207 multi-status answer).
public struct HubSpotBatchItemError: Decodable, Sendable, Equatable, CustomStringConvertible {
    /// HubSpot's status text for the item, e.g. `error`.
    public var status: String?
    /// HubSpot's category, e.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`, `CONFLICT`.
    public var category: String?
    /// What went wrong with the item.
    public var message: String
    /// Which inputs it concerns, e.g. `["ids": ["ada@example.com"]]`.
    public var context: [String: [String]]
    /// Messages of the detailed errors.
    public var details: [String]

    /// Creates an item error (tests and fakes).
    public init(
        status: String? = "error", category: String?, message: String,
        context: [String: [String]] = [:], details: [String] = []
    ) {
        self.status = status
        self.category = category
        self.message = message
        self.context = context
        self.details = details
    }

    /// The input ids (or emails) the error names in its context, if any.
    public var inputIds: [String] {
        context["ids"] ?? context["emails"] ?? context["id"] ?? context.values.flatMap { $0 }
    }

    enum CodingKeys: String, CodingKey {
        case status, category, message, context, errors
    }

    struct Detail: Decodable {
        var message: String?
    }

    /// Decodes leniently: `context` values that are not string arrays are skipped.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        status = try? container.decodeIfPresent(String.self, forKey: .status)
        category = try? container.decodeIfPresent(String.self, forKey: .category)
        message = (try? container.decodeIfPresent(String.self, forKey: .message)) ?? "unspecified error"
        context = (try? container.decodeIfPresent([String: [String]].self, forKey: .context)) ?? [:]
        details = ((try? container.decodeIfPresent([Detail].self, forKey: .errors)) ?? []).compactMap(
            \.message)
    }

    /// Category, message and the inputs concerned.
    public var description: String {
        "\(category ?? "ERROR"): \(message)"
            + (inputIds.isEmpty ? "" : " [\(inputIds.joined(separator: ", "))]")
    }
}

/// A batch request that failed as a whole (every input in it was not written).
public struct HubSpotBatchRequestFailure: Sendable {
    /// Why the request failed.
    public var error: HubSpotError
    /// The ids (or emails) of the inputs the request carried.
    public var inputIds: [String]
}

/// The outcome of a batch write that may have been split into several requests:
/// everything that succeeded, every per-item error HubSpot reported (207 multi-status),
/// and every request that failed as a whole. Successes are never thrown away.
public struct HubSpotBatchResult<Item: Sendable>: Sendable {
    /// Records HubSpot wrote.
    public var results: [Item]
    /// Per-item errors HubSpot reported.
    public var errors: [HubSpotBatchItemError]
    /// Requests that failed as a whole.
    public var failedRequests: [HubSpotBatchRequestFailure]

    /// Creates a result (tests and fakes).
    public init(
        results: [Item] = [], errors: [HubSpotBatchItemError] = [],
        failedRequests: [HubSpotBatchRequestFailure] = []
    ) {
        self.results = results
        self.errors = errors
        self.failedRequests = failedRequests
    }

    /// `true` when nothing failed.
    public var isComplete: Bool { errors.isEmpty && failedRequests.isEmpty }
}

/// The answer of a batch endpoint (`BatchResponse…` and `BatchResponse…WithErrors`).
struct HubSpotBatchResponse<Item: Decodable & Sendable>: Decodable, Sendable {
    var results: [Item]
    var errors: [HubSpotBatchItemError]?
    var status: String?
}

extension HubSpotClient {
    /// Splits `inputs` into requests of at most ``Configuration/batchSize`` and merges
    /// their answers. A request that fails as a whole is recorded with its input ids;
    /// after a failure that would repeat for every request (daily limit, 401, 403,
    /// missing credentials) the remaining requests are recorded as failed without sending.
    func runBatches<Input: Sendable, Item: Sendable>(
        _ inputs: [Input],
        size: Int? = nil,
        id: (Input) -> String,
        send: ([Input]) async throws -> HubSpotBatchResponse<Item>
    ) async throws -> HubSpotBatchResult<Item> {
        var result = HubSpotBatchResult<Item>()
        let size = size ?? configuration.batchSize
        var fatal: HubSpotError?
        for start in stride(from: 0, to: inputs.count, by: size) {
            let chunk = Array(inputs[start..<min(start + size, inputs.count)])
            if let fatal {
                result.failedRequests.append(
                    HubSpotBatchRequestFailure(error: fatal, inputIds: chunk.map(id)))
                continue
            }
            do {
                let answer = try await send(chunk)
                result.results.append(contentsOf: answer.results)
                result.errors.append(contentsOf: answer.errors ?? [])
            } catch let error as HubSpotError {
                result.failedRequests.append(
                    HubSpotBatchRequestFailure(error: error, inputIds: chunk.map(id)))
                if Self.repeatsForEveryRequest(error) { fatal = error }
            }
        }
        return result
    }

    private static func repeatsForEveryRequest(_ error: HubSpotError) -> Bool {
        switch error.kind {
        case .dailyLimitReached, .missingDeveloperCredentials, .invalidRequest: return true
        default: return error.status == 401 || error.status == 403
        }
    }
}
