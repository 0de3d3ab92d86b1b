// ConnectorKit
