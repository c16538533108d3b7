"""docgen.data."""
