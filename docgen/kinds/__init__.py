"""docgen.kinds."""
