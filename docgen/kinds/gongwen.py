"""公文 (通知, 请示, 报告, 函, 纪要, 命令): every element of GB/T 9704 from one data file.

The template fixes the format (文件 / 信函 / 命令 / 纪要), the direction (上行文 needs 签发人) and defaults
such as the closing sentence; the data gives the issuing organ, numbers, text, 落款 and 版记. Field formats
the standard fixes are checked here, and a wrong one is refused with the corrected form shown. The data's
fields are declared in ``gongwen_data.py``, the numbers' forms (发文字号, 令号, 份号) in ``doc_numbers.py``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic_core import PydanticUndefined

from ..catalog import Template
from ..data.images import load_image
from ..data.loader import Loaded
from ..errors import Finding, InputError, Severity
from ..model import (
    Attachment,
    Attendance,
    Block,
    Colophon,
    DocFormat,
    Document,
    Masthead,
    Meta,
    Paragraph,
    Party,
    Signoff,
    Title,
)
from ..source import SourceRef
from ..templating import render_fragment
from .composer import Composer
from .doc_numbers import check_copy_number, check_doc_number
from .gongwen_data import AttachmentData, GongwenData

MODEL = GongwenData
SIGNOFF_FIELDS = ("signature_name", "sealed", "seal", "signature")


def field_overrides(template: Template) -> dict[str, dict[str, Any]]:
    """What ``template`` changes in the fields (for ``docgen fields`` and ``docgen init``): its defaults
    (结束语, 标志后缀), 签发人 required in an 上行文, and the fields its format does not use."""
    spec = template.spec
    suffix = spec.get("mark_suffix", "文件")
    over: dict[str, dict[str, Any]] = {
        "template": {"example": template.name},
        "mark_suffix": {"default": suffix or '""（不加）', "example": suffix},
        "closing": {"default": spec.get("closing"), "example": spec.get("closing") or PydanticUndefined},
    }
    fmt = spec.get("format")
    if fmt in ("order", "minutes"):
        over["doc_number"] = {"example": "第1号" if fmt == "order" else "第1期"}
    if spec.get("direction") == "up":
        over["signers"] = {"required": True, "default": PydanticUndefined}
    if spec.get("format") != "minutes":
        over["attendance"] = {"hidden": True}
    if not spec.get("signoff", True):
        over.update({name: {"hidden": True} for name in SIGNOFF_FIELDS})
    return over


_URGENCY = ("特急", "加急", "特提", "平急")
_ATTENDANCE = ("出席", "请假", "列席")


class _GongwenComposer(Composer):
    def __init__(self, data: GongwenData, template: Template, loaded: Loaded) -> None:
        super().__init__(data, loaded)  # type: ignore[arg-type]
        self.g = data
        self.template = template
        self.folder = Path(loaded.path).parent

    def at(self, *path: str | int) -> SourceRef:
        return self.loaded.locate(path)

    def image(self, name: str, where: SourceRef, what: str):
        path = Path(name)
        return load_image(path if path.is_absolute() else self.folder / path, where, what=what)

    def masthead(self, fmt: DocFormat) -> Masthead | None:
        d = self.g
        spec = self.template.spec
        suffix = d.mark_suffix if d.mark_suffix is not None else spec.get("mark_suffix", "文件")
        issuers = (d.mark,) if d.mark else tuple(d.issuer)
        upward = spec.get("direction") == "up"
        if upward and not d.signers:
            raise InputError.of("gongwen.signers_missing", source=self.at(), name=self.template.name)
        if d.urgency and d.urgency not in _URGENCY:
            raise InputError.of(
                "gongwen.bad_urgency",
                source=self.at("urgency"),
                choices="、".join(_URGENCY),
                urgency=d.urgency,
            )
        number = ""
        if d.doc_number:
            number = check_doc_number(d.doc_number, self.at("doc_number"), fmt)
        elif spec.get("needs_doc_number", True) and fmt is not DocFormat.MINUTES:
            self.findings.append(
                Finding.of(Severity.WARNING, "no-doc-number", "gongwen.no_doc_number", self.at())
            )
        return Masthead(
            issuers=issuers,
            suffix=suffix,
            copy_number=check_copy_number(d.copy_number, self.at("copy_number")) if d.copy_number else "",
            secrecy=d.secrecy or "",
            urgency=d.urgency or "",
            doc_number=number,
            signers=tuple(d.signers),
            source=self.at("mark") if d.mark else self.at("issuer"),
        )

    def signoff(self) -> Signoff:
        d = self.g
        names = list(d.signature_name or d.issuer)
        sealed = d.sealed or bool(d.seal)
        seals = [self.image(s, self.at("seal", i), "印章") for i, s in enumerate(d.seal)]
        if sealed and seals and len(seals) != len(names):
            raise InputError.of(
                "gongwen.seal_count", source=self.at("seal"), names=len(names), seals=len(seals)
            )
        if sealed and not seals:
            self.findings.append(
                Finding.of(Severity.NOTICE, "seal-later", "gongwen.seal_later", self.at("sealed"))
            )
        stamp = None
        if d.signature is not None:
            stamp = self.image(d.signature.stamp, self.at("signature", "stamp"), "签名章")
        parties = [Party(n, seals[i] if seals else None) for i, n in enumerate(names)]
        return Signoff(
            organ=parties[0].organ,
            date=d.date,
            sealed=sealed and d.signature is None,
            seal=stamp if stamp is not None else parties[0].seal,
            others=tuple(parties[1:]),
            signature_title=d.signature.title if d.signature else "",
            source=self.at("date"),
        )

    def attachments(self) -> tuple[list[str], list[Attachment]]:
        notes, pages = [], []
        many = len(self.g.attachments) > 1
        for i, item in enumerate(self.g.attachments):
            where = self.at("attachments", i)
            title = item if isinstance(item, str) else item.title
            title = self.text(title.strip(), where)
            if title and title[-1] in "。，；：、.,;:":
                self.findings.append(
                    Finding.of(
                        Severity.NOTICE,
                        "attachment-punct",
                        "gongwen.attachment_punctuation",
                        where,
                        title=title[-1],
                    )
                )
                title = title[:-1]
            notes.append(title)
            if isinstance(item, AttachmentData) and item.body:
                body = self.items(item.body, ("attachments", i, "body"))
                pages.append(Attachment(i + 1 if many else None, title, tuple(body), where))
        return notes, pages

    def colophon(self, fmt: DocFormat, addressee: list[str]) -> Colophon | None:
        d = self.g
        if not (d.cc or d.printer or (d.addressee_in_colophon and addressee)):
            return None
        if fmt is not DocFormat.LETTER and not d.printer:
            raise InputError.of("gongwen.colophon_printer", source=self.at("cc"))
        return Colophon(
            cc=tuple(self.text(c, self.at("cc")) for c in d.cc),
            addressee=tuple(addressee) if d.addressee_in_colophon else (),
            printer=d.printer or "",
            print_date=(d.print_date or d.date) if fmt is not DocFormat.LETTER else None,
            source=self.at("cc"),
        )


def compose(data: GongwenData, template: Template, loaded: Loaded) -> tuple[Document, list[Finding]]:
    c = _GongwenComposer(data, template, loaded)
    fmt = DocFormat(template.spec.get("format", "standard"))
    title = Title.typed(c.text(data.title, c.at("title")), c.at("title"))
    addressee = [c.text(a, c.at("addressee")).rstrip("：:") for a in data.addressee]
    body: list[Block] = c.items(data.body, ("body",))
    if not body:
        c.findings.append(Finding.of(Severity.ERROR, "empty-body", "gongwen.body_empty", c.at("body")))
    closing = data.closing if data.closing is not None else template.spec.get("closing")
    if closing:
        closing = render_fragment(closing, data.model_dump(), template.where("closing"))
        last = body[-1] if body else None
        if not (isinstance(last, Paragraph) and last.text.endswith(closing)):
            body.append(
                Paragraph(closing, source=c.at("closing") if data.closing else template.where("closing"))
            )
    for label, names in data.attendance.items():
        if label not in _ATTENDANCE:
            raise InputError.of(
                "gongwen.bad_attendance",
                source=c.at("attendance", label),
                choices="、".join(_ATTENDANCE),
                label=label,
            )
        body.append(Attendance(label, "、".join(names), c.at("attendance", label)))
    notes, pages = c.attachments()
    masthead = c.masthead(fmt)
    doc = Document(
        meta=Meta(
            title=title.text,
            author=data.issuer[0],
            date=data.date,
            subject=template.description,
            keywords=tuple(
                k for k in (masthead.doc_number if masthead else "", template.spec.get("keyword", "")) if k
            ),
            template=template.name,
        ),
        title=title,
        body=tuple(body),
        addressee="，".join(addressee) + "：" if addressee and not data.addressee_in_colophon else "",
        signoff=c.signoff() if template.spec.get("signoff", True) else None,
        format=fmt,
        masthead=masthead,
        attachment_notes=tuple(notes),
        note=c.text(data.note.strip().strip("（）()"), c.at("note")) if data.note else "",
        attachments=tuple(pages),
        colophon=c.colophon(fmt, addressee),
    )
    if data.date > dt.date.today() + dt.timedelta(days=366):
        c.findings.append(Finding.of(Severity.WARNING, "date-future", "gongwen.date_future", c.at("date")))
    return doc, c.findings
