"""The English messages, key → template (see ``docgen.messages`` for how to add one)."""

MESSAGES: dict[str, str] = {
    # errors.py
    "errors.validation_failed": "validation failed",
}
