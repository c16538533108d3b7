"""Sign-off and filing (签发与归档): final documents, archival PDF, document properties, PAdES signatures,
the manifest of hashes, and verification. Library code: returns values, never prints."""
