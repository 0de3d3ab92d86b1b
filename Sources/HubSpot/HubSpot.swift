// HubSpot module
