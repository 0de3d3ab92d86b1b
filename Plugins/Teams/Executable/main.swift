import ConnectorKit
import TeamsConnector

// The Microsoft Teams connector as its own process, speaking the connector protocol on stdin/stdout.
try await ConnectorPluginServer.run(TeamsConnector.self)
