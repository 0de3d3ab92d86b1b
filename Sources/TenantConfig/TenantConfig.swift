// TenantConfig module
