"""``docgen dump``: the Document as indented text — cheap golden tests of compose."""

from __future__ import annotations

from .model import Attendance, Document, Heading, Paragraph, Table, chinese_date


def dump_document(doc: Document) -> str:
    lines = [f"Document template={doc.meta.template} format={doc.format.value} author={doc.meta.author}"]
    if m := doc.masthead:
        head = [f"issuers={'/'.join(m.issuers)}{m.suffix}", f"number={m.doc_number}"]
        head += [
            f"{k}={v}"
            for k, v in (("copy", m.copy_number), ("secrecy", m.secrecy), ("urgency", m.urgency))
            if v
        ]
        if m.signers:
            head.append(f"signers={'、'.join(m.signers)}")
        lines.append("  Masthead " + " ".join(head))
    breaks = f" breaks={list(doc.title.breaks)}" if doc.title.breaks else ""
    lines.append(f"  Title {doc.title.text}{breaks}")
    if doc.addressee:
        lines.append(f"  Addressee {doc.addressee}")
    for b in doc.body:
        if isinstance(b, Heading):
            lines.append(f"  Heading[{b.level}] {b.text}")
        elif isinstance(b, Paragraph):
            lead = f"<{b.lead_level}:{b.lead}>" if b.lead else ""
            lines.append(f"  Paragraph {lead}{b.text}")
        elif isinstance(b, Table):
            lines.append(f"  Table {len(b.rows)}x{len(b.widths)} header_rows={b.header_rows}")
            lines.extend("    | " + " | ".join(c.text for c in row) for row in b.rows)
        elif isinstance(b, Attendance):
            lines.append(f"  Attendance {b.label}：{b.names}")
    for i, name in enumerate(doc.attachment_notes, 1):
        lines.append(f"  AttachmentNote {i}. {name}")
    if s := doc.signoff:
        seals = [p.seal.name if p.seal else "-" for p in s.parties]
        extra = f" {s.mode} seals={seals}" + (f" title={s.signature_title}" if s.signature_title else "")
        organs = " + ".join(p.organ for p in s.parties)
        lines.append(f"  Signoff {organs} / {chinese_date(s.date)}{extra}")
    if doc.note:
        lines.append(f"  Note （{doc.note}）")
    for a in doc.attachments:
        lines.append(f"  Attachment {a.label} {a.title} ({len(a.body)} blocks)")
    if c := doc.colophon:
        date = chinese_date(c.print_date) if c.print_date else "-"
        lines.append(
            f"  Colophon cc={'，'.join(c.cc)} addressee={'，'.join(c.addressee)} printer={c.printer} {date}"
        )
    return "\n".join(lines)
