"""What ``docgen verify`` found: each fact checked, and the one verdict they add up to (passed, untrusted,
failed) with its headline in plain words. The checks that add the facts are in ``verify_pdf``,
``verify_manifest`` and ``verify_hashes``; ``verify`` runs them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path


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

    def add(self, key: str, ok: bool | None, zh: str, en: str, required: bool = True) -> None:
        self.facts.append(Fact(key, ok, zh, en, required))

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
                return "核验未通过：没有可核验的内容", "verification failed: nothing to verify"
            more_zh = f"（共 {len(failed)} 项不成立，见下）" if len(failed) > 1 else ""
            more_en = f" ({len(failed)} checks failed, see below)" if len(failed) > 1 else ""
            return f"核验未通过：{failed[0].zh}{more_zh}", f"verification failed: {failed[0].en}{more_en}"
        if verdict is Verdict.UNTRUSTED:
            return (
                "签名有效，但签名证书未经信任验证：请用 --trust 指定机关的根证书",
                "the signature is valid, but its certificate was not checked against a trusted root: "
                "name the organ's root certificate with --trust",
            )
        if self.certificate is None:
            return (
                "核验通过（未签名）：各文件与清单一致，但没有签名，不能证明由谁发出",
                "verified (unsigned): the files match the manifest, but nothing proves who issued them",
            )
        return (
            f"核验通过：签名有效，签名证书经所信任的证书（--trust）验证（签名人：{self.signer}），签名后未被改动",
            f"verified: valid signature by {self.signer}, certificate trusted, unchanged since signing",
        )
