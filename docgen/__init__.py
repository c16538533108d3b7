"""docgen: GB/T 9704-2012 公文 from structured data — an editable DOCX and a print-ready PDF."""

__version__ = "0.1.0"
