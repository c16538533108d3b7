"""Error kinds and findings. Library code raises these or returns Findings; only the cli package prints them.

Each error carries its message in Chinese (what a secretary reads) and in English (``--lang en``),
the SourceRef of the offending input, and a hint that says what to do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, Self

from .messages import EMPTY, Text, hint_of, msg
from .source import SourceRef


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1  # validation found errors (or warnings under --strict)
    BAD_INPUT = 2  # the input, template or output location cannot be used
    INTERNAL = 3  # a defect in docgen itself


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTICE = "notice"  # something docgen corrected or decided for the user
    # A check that could not be made because an input it needs is blank: neither an error nor a pass.
    UNCHECKED = "unchecked"


SEVERITY_ZH = {
    Severity.ERROR: "错误",
    Severity.WARNING: "警告",
    Severity.NOTICE: "提示",
    Severity.UNCHECKED: "未核对",
}
# A numbered consistency rule (the annual report's R1–R14): findings under one name it in their text.
RULE_CODE = re.compile(r"R\d+")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found: what, where, and how bad."""

    severity: Severity
    code: str
    message: str
    source: SourceRef | None = None
    message_en: str = ""
    # Set on the finding that reports blank cells (severity UNCHECKED): where they are, compactly and in the
    # words of the printed table (``表三 第（三）至（七）行``), for summaries such as ``check``'s last line.
    blank: str = ""
    blank_en: str = ""
    # Which part of docgen told it: "data", "rules", "punctuation", "fonts", "layout" (WeasyPrint) …;
    # empty for findings made before the channel had origins (api.origin_of infers them). Lets a batch
    # report keep a render's diagnostics apart without parsing messages.
    origin: str = ""

    @classmethod
    def of(
        cls,
        severity: Severity,
        code: str,
        key: str,
        source: SourceRef | None = None,
        /,
        *,
        origin: str = "",
        blank: Text = EMPTY,
        **fields: Any,
    ) -> Finding:
        """The finding whose text is the catalogue's ``key`` (``docgen.messages``); ``code`` is the public code
        (``R13``, ``missing-field``) that reports and JSON outputs show, independent of the wording's key."""
        text = msg(key, **fields)
        return cls(severity, code, text.zh, source, text.en, blank=blank.zh, blank_en=blank.en, origin=origin)

    def text(self, lang: str = "zh") -> str:
        msg = self.message_en if lang == "en" and self.message_en else self.message
        if RULE_CODE.fullmatch(self.code):
            msg = f"{self.code} {msg}"
        if self.source is not None and self.source.file:
            sep = " —— " if lang == "zh" else " — "
            return f"{msg}{sep}{self.source.describe(lang)}"
        return msg


@dataclass
class DocgenError(Exception):
    """Base of every error docgen reports to a user. Never shown with a traceback unless --debug."""

    message: str
    source: SourceRef | None = None
    hint: str = ""
    message_en: str = ""
    hint_en: str = ""
    exit_code: ExitCode = ExitCode.BAD_INPUT
    details: list[str] = field(default_factory=list)
    # The details in English (``--lang en``), one for each of ``details``; empty: the Chinese ones are shown.
    details_en: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    @classmethod
    def of(
        cls,
        key: str,
        /,
        *,
        source: SourceRef | None = None,
        hint: Text | None = None,
        details: Sequence[Text] = (),
        exit_code: ExitCode | None = None,
        **fields: Any,
    ) -> Self:
        """The error whose text is the catalogue's ``key`` (``docgen.messages``), with ``fields`` filled in. Its
        hint is the entry ``<key>.hint`` unless ``hint`` is given; ``details`` are lines already made."""
        text = msg(key, **fields)
        shown = hint if hint is not None else hint_of(key, **fields)
        given: dict[str, Any] = {}  # only what is given: LayoutError and ValidationFailed take less
        if source is not None:
            given["source"] = source
        if shown is not None:
            given |= {"hint": shown.zh, "hint_en": shown.en}
        if details:
            given |= {"details": [d.zh for d in details], "details_en": [d.en for d in details]}
        if exit_code is not None:
            given["exit_code"] = exit_code
        return cls(message=text.zh, message_en=text.en, **given)

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str = "zh") -> str:
        en = lang == "en"
        msg = self.message_en if en and self.message_en else self.message
        hint = self.hint_en if en and self.hint_en else self.hint
        lines = []
        if self.source is not None and self.source.file:
            lines.append(
                f"{self.source.describe(lang)}：{msg}" if not en else f"{self.source.describe(lang)}: {msg}"
            )
        else:
            lines.append(msg)
        details = self.details_en if en and self.details_en else self.details
        lines.extend(f"  {d}" for d in details)
        if hint:
            lines.append(("处理办法：" if not en else "What to do: ") + hint)
        return "\n".join(lines)


class ValueErrorEn(ValueError):
    """A validator's reason with its English twin: pydantic keeps the exception, and validation shows
    ``en`` under ``--lang en`` (a plain ValueError's text is Chinese in both languages)."""

    def __init__(self, message: str, en: str) -> None:
        super().__init__(message)
        self.en = en

    @classmethod
    def of(cls, key: str, /, **fields: Any) -> ValueErrorEn:
        """The reason whose text is the catalogue's ``key`` (``docgen.messages``)."""
        text = msg(key, **fields)
        return cls(text.zh, text.en)


class InputError(DocgenError):
    """The data file cannot be read or does not fit its template's data model."""


class TemplateError(DocgenError):
    """A template is unknown, malformed, or failed while rendering."""


class OutputError(DocgenError):
    """The output location cannot be written."""


class FontError(DocgenError):
    """No usable font for a role, or a required font facility is missing."""


class FitError(DocgenError):
    """An element of the data cannot be laid out within the standard's page (too long a 标志, 版记 …)."""


class ValidationFailed(DocgenError):
    """Validation found errors and the requested action refuses to go on."""

    def __init__(self, findings: list[Finding], message: str = "", message_en: str = "") -> None:
        said = msg("errors.validation_failed")
        super().__init__(
            message=message or said.zh, message_en=message_en or said.en, exit_code=ExitCode.FINDINGS
        )
        self.findings = findings


class LayoutError(DocgenError):
    """The layout passes did not converge or an element cannot be placed."""

    def __init__(self, message: str, message_en: str = "", hint: str = "", hint_en: str = "") -> None:
        super().__init__(
            message=message, message_en=message_en, hint=hint, hint_en=hint_en, exit_code=ExitCode.INTERNAL
        )
