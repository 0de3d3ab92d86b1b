// Zoom connector
