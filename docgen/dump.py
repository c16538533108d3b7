"""``docgen dump``: the Document as indented text — cheap golden tests of compose."""

from __future__ import annotations

from .model import Document, Heading, Paragraph, Table, chinese_date


def dump_document(doc: Document) -> str:
    lines = [f"Document template={doc.meta.template} author={doc.meta.author}", f"  Title {doc.title.text}"]
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
    if doc.signoff:
        lines.append(f"  Signoff {doc.signoff.organ} / {chinese_date(doc.signoff.date)}")
    return "\n".join(lines)
