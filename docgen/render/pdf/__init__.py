"""docgen.render.pdf."""
