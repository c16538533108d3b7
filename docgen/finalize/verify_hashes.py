"""``docgen verify``, the hashes: every input, template and output the manifest records is compared with
the file found beside the manifest (or where it lay at render time), and the PDF with its rendered
revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import __version__
from ..messages import EMPTY, Text, msg
from . import manifest as mf

ROLE_ZH = {
    "data": "数据文件",
    "previous": "上年数据",
    "image": "图片",
    "template": "模板",
    "pdf": "PDF",
    "docx": "DOCX",
    "ofd": "OFD",
}


def check_hashes(report, data: dict[str, Any], base: Path, pdf: Path | None, pdf_bytes: bytes | None) -> None:
    same_docgen = data.get("docgen_version") == __version__
    for group in ("inputs", "templates", "outputs"):
        for entry in data.get(group, []):
            role = entry.get("role", group)
            label = ROLE_ZH.get(role, role)
            shown = mf.shown(entry)
            key = f"hash.{role}:{shown}"
            if role == "pdf" and pdf_bytes is not None:
                _check_pdf_hash(report, entry, key, pdf_bytes)
                continue
            path = mf.resolve(entry, base) or _twin(pdf, role)
            if path is None:
                if role == "pdf":
                    report.add(key, False, msg("verify.hashes.pdf_missing", shown=shown))
                elif entry.get("embedded"):
                    report.add(
                        key,
                        None,
                        msg("verify.hashes.not_beside_embedded_copy", role=Text(label, role), shown=shown),
                        required=False,
                    )
                else:
                    report.add(
                        key,
                        None,
                        msg("verify.hashes.not_present_not_checked", role=Text(label, role), shown=shown),
                        required=False,
                    )
                continue
            ok = mf.sha256(path.read_bytes()) == entry.get("sha256")
            if not ok and entry.get("builtin_template") and not same_docgen:
                report.add(
                    key,
                    None,
                    msg(
                        "verify.hashes.template_docgen_differs_from",
                        shown=shown,
                        version=__version__,
                        rendered_by=data.get("docgen_version"),
                    ),
                    required=False,
                )
                continue
            # where the file was found, when not beside the manifest under its recorded name (a renamed pair)
            beside = (path.parent == base and path.name == entry.get("name")) or entry.get("builtin_template")
            found = mf.rel(path, base)
            where = EMPTY if beside else Text(f"（{found}）", f" ({found})")
            report.add(
                key,
                ok,
                msg("verify.hashes.hash_matches", role=Text(label, role), shown=shown, where=where)
                if ok
                else msg(
                    "verify.hashes.hash_differs_file_changed",
                    role=Text(label, role),
                    shown=shown,
                    where=where,
                ),
            )


def _twin(pdf: Path | None, role: str) -> Path | None:
    """The DOCX (or OFD) named as the PDF is, beside it: a recipient who renamed the pair alike."""
    twin = pdf.with_suffix(f".{role}") if pdf is not None and role in ("docx", "ofd") else None
    return twin if twin is not None and twin.is_file() else None


def _check_pdf_hash(report, entry: dict[str, Any], key: str, pdf: bytes) -> None:
    """The PDF the manifest records (after signing: the signed file), and its first revision (the PDF as
    rendered; signing only appends)."""
    ok = mf.sha256(pdf) == entry.get("sha256")
    report.add(
        key,
        ok,
        msg("verify.hashes.pdf_hash_matches_manifest", entry_name=entry["name"])
        if ok
        else msg("verify.hashes.pdf_s_hash_differs", entry_name=entry["name"]),
    )
    size, digest = entry.get("unsigned_size"), entry.get("unsigned_sha256")
    if isinstance(size, int) and digest:
        first = mf.sha256(pdf[:size]) == digest
        report.add(
            "pdf.rendered_revision",
            first,
            msg("verify.hashes.pdf_s_unsigned_revision")
            if first
            else msg("verify.hashes.pdf_s_unsigned_revision_2"),
        )
