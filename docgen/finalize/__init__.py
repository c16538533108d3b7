"""Sign-off and filing (签发与归档): final documents, archival PDF, document properties, PAdES signatures,
the manifest of hashes, and verification. Library code: returns values, never prints."""

# The environment variable that holds the PKCS#12 password (``docgen sign``): here, in the package that loads
# nothing, so that the command line can name it in --help without importing the signing code.
PASSWORD_ENV = "DOCGEN_P12_PASSWORD"
