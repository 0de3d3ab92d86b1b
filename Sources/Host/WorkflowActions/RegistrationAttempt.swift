import Foundation
import SyncEngine

/// What one run of the workflow action came to.
enum RegistrationAttempt: Sendable, Equatable {
    /// Finished: the output fields for HubSpot, `hs_execution_state` included.
    case finished([String: String])
    /// The source or HubSpot is rate limiting or failing: try again after the delay.
    case retryLater(reason: String, after: Duration)

    typealias Action = WebinarRegistrationWorkflowAction

    /// A success with the registration's outputs.
    static func success(registrantID: String, joinURL: String, message: String) -> RegistrationAttempt {
        .finished([
            Action.executionStateOutput: "SUCCESS", Action.registrantIDOutput: registrantID, Action.joinURLOutput: joinURL,
            Action.messageOutput: message,
        ])
    }

    /// A failure the workflow continues past, with a message a HubSpot user can act on.
    static func failure(_ message: String) -> RegistrationAttempt {
        .finished([Action.executionStateOutput: "FAIL_CONTINUE", Action.messageOutput: message])
    }

    /// The answer that asks HubSpot to wait for a callback completion (`BLOCK`, for up to 2 days).
    static let blockOutputs = [Action.executionStateOutput: "BLOCK", "hs_expiration_duration": "P2D"]
}
