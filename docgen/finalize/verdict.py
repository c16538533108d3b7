"""What ``docgen verify`` found: each fact checked, and the one verdict they add up to (passed, untrusted,
failed) with its headline in plain words. The checks that add the facts are in ``verify_pdf``,
``verify_manifest`` and ``verify_hashes``; ``verify`` runs them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..messages import Text, msg


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing checked. ``ok`` None: not checked (e.g. trust without --trust); ``required`` facts decide
    the bottom line."""

    key: str
    ok: bool | None
    zh: str
    en: str
    required: bool = True


class Verdict(StrEnum):
    PASSED = "passed"
    UNTRUSTED = "untrusted"  # every check holds, but no trusted root vouches for the signing certificate
    FAILED = "failed"


@dataclass
class VerifyReport:
    pdf: Path | None
    manifest: Path | None
    facts: list[Fact] = field(default_factory=list)
    signer: str | None = None
    signed_at: dt.datetime | None = None
    certificate: str | None = None  # SHA-256 fingerprint (hex) of the PDF's signing certificate
    trust_checked: bool = False

    def add(self, key: str, ok: bool | None, said: Text, required: bool = True) -> None:
        """A fact ``key`` (``ok``: held, failed, or None: not judged) in the words of the catalogue."""
        self.facts.append(Fact(key, ok, said.zh, said.en, required))

    def fact(self, key: str) -> Fact | None:
        return next((f for f in self.facts if f.key == key), None)

    def failed(self) -> list[Fact]:
        return [f for f in self.facts if f.required and f.ok is not True]

    @property
    def verdict(self) -> Verdict:
        if not self.facts or self.failed():
            return Verdict.FAILED
        if self.certificate is not None and not self.trust_checked:
            return Verdict.UNTRUSTED
        return Verdict.PASSED

    @property
    def bottom_line(self) -> bool:
        """True only for a pass: an untrusted signature is not one."""
        return self.verdict is Verdict.PASSED

    def headline(self) -> tuple[str, str]:
        """The verdict in plain words (zh, en); the first failed fact decides and is named."""
        verdict = self.verdict
        if verdict is Verdict.FAILED:
            failed = self.failed()
            if not failed:
                return msg("verify.verdict.nothing")
            first = Text(failed[0].zh, failed[0].en)
            if len(failed) > 1:
                return msg("verify.verdict.failed_many", first=first, count=len(failed))
            return msg("verify.verdict.failed", first=first)
        if verdict is Verdict.UNTRUSTED:
            return msg("verify.verdict.untrusted")
        if self.certificate is None:
            return msg("verify.verdict.unsigned")
        return msg("verify.verdict.passed", signer=self.signer)
