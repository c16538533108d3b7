"""docgen.render.docx."""
