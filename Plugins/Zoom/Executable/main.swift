import ConnectorKit
import ZoomConnector

// The Zoom connector as its own process, speaking the connector protocol on stdin/stdout.
try await ConnectorPluginServer.run(ZoomConnector.self)
