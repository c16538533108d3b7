"""The Chinese messages, key → template (see ``docgen.messages`` for how to add one)."""

MESSAGES: dict[str, str] = {
    # errors.py
    "errors.validation_failed": "数据校验未通过",
}
