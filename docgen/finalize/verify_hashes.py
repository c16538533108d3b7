"""``docgen verify``, the hashes: every input, template and output the manifest records is compared with
the file found beside the manifest (or where it lay at render time), and the PDF with its rendered
revision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .. import __version__
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
            path = mf.resolve(entry, base)
            if path is None:
                if role == "pdf":
                    report.add(key, False, f"PDF {shown}：文件缺失", f"PDF {shown}: missing")
                elif entry.get("embedded"):
                    report.add(
                        key,
                        None,
                        f"{label} {shown}：外部文件不在，以 PDF 内嵌的副本核对",
                        f"{role} {shown}: not beside; its embedded copy is checked",
                        required=False,
                    )
                else:
                    report.add(
                        key,
                        None,
                        f"{label} {shown}：未随附，未核对（清单记录了其哈希）",
                        f"{role} {shown}: not present, not checked (the manifest records its hash)",
                        required=False,
                    )
                continue
            ok = mf.sha256(path.read_bytes()) == entry.get("sha256")
            if not ok and entry.get("builtin_template") and not same_docgen:
                report.add(
                    key,
                    None,
                    f"模板 {shown}：本机 docgen 版本（{__version__}）与生成时（{data.get('docgen_version')}）不同，内置模板不可比",
                    f"template {shown}: this docgen ({__version__}) differs from the one that rendered it",
                    required=False,
                )
                continue
            beside = path.parent == base or entry.get("builtin_template")
            where = "" if beside else f"（{mf.rel(path, base)}）"
            report.add(
                key,
                ok,
                f"{label} {shown}{where}：哈希一致"
                if ok
                else f"{label} {shown}{where}：哈希不符（文件已被改动）",
                f"{role} {shown}: hash matches" if ok else f"{role} {shown}: hash differs (file changed)",
            )


def _check_pdf_hash(report, entry: dict[str, Any], key: str, pdf: bytes) -> None:
    """The PDF the manifest records (after signing: the signed file), and its first revision (the PDF as
    rendered; signing only appends)."""
    ok = mf.sha256(pdf) == entry.get("sha256")
    report.add(
        key,
        ok,
        f"PDF {entry['name']}：哈希与清单一致"
        if ok
        else f"PDF {entry['name']}：哈希与清单不符（PDF 已被改动或不是清单记录的那份）",
        "PDF hash matches the manifest" if ok else "the PDF's hash differs from the manifest",
    )
    size, digest = entry.get("unsigned_size"), entry.get("unsigned_sha256")
    if isinstance(size, int) and digest:
        first = mf.sha256(pdf[:size]) == digest
        report.add(
            "pdf.rendered_revision",
            first,
            "PDF 签名前的版本与生成时一致" if first else "PDF 签名前的版本与生成时记录的不符",
            "the PDF's unsigned revision is the one rendered"
            if first
            else "the PDF's unsigned revision differs from the one rendered",
        )
