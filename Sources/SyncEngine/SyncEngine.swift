// SyncEngine module
