"""English for ``docgen fields --lang en``: the data models declare each field's title and description in
Chinese (they also write the comments of ``docgen init``'s Chinese file); their English twins live here,
keyed by kind and dotted field name, like the commands' help in cli/english.py.

Keyed by name, not by the Chinese text, so rewording a Chinese description keeps its English one; a field
without an English twin is listed by tests/test_english.py.
"""

from __future__ import annotations

from .fields import FieldSpec

_TEMPLATE = ("template name", "the template to use (`docgen templates` lists them all)")
_PUNCTUATION = (
    "correct half-width punctuation",
    "turn half-width punctuation in Chinese text into full-width, with a notice for each",
)

# (kind, dotted field name) → (title, description)
FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("report", "template"): _TEMPLATE,
    ("report", "organ"): ("issuing organ", "the issuing organ's full name, for the title and the signature"),
    ("report", "year"): ("report year", "the year reported on, for the title"),
    ("report", "date"): (
        "date of writing",
        "written 2018-03-16, 2018年3月16日 or 二〇一八年三月十六日; printed in Arabic numerals",
    ),
    ("report", "title"): ("title", "when blank, the template's title (organ + year + annual report title)"),
    ("report", "signature"): ("signature", "the name signed at the end; when blank, the issuing organ"),
    ("report", "addressee"): ("addressee", "the main addressee; most annual reports have none"),
    ("report", "preface"): ("preface", "the text before “一、”"),
    ("report", "sections"): (
        "sections",
        "the template's parts (overview, proactive disclosure …; the keys are in `docgen init`'s file); or a "
        "list, each item a heading and a body, for parts and headings of your own (e.g. the six-part format)",
    ),
    ("report", "sections[].heading"): (
        "section heading",
        "the part's heading without its number (一、二、… are numbered in order)",
    ),
    ("report", "sections[].body"): (
        "body",
        "the part's text, a blank line between paragraphs; or a list, one item of which may be a table:",
    ),
    ("report", "sections[].table"): ("statistics table", "a table after the part's text"),
    ("report", "sections[].table.title"): ("table name", "the table's name, in its first row"),
    ("report", "sections[].table.header"): ("header", "the header row: the columns' names"),
    ("report", "sections[].table.rows"): (
        "rows",
        "a list per row, as many cells as the header: the item's name (and unit) first, then the numbers; "
        "a group row's numbers may be blank",
    ),
    ("report", "sections[].table.label_columns"): (
        "text columns",
        "how many columns from the left are text (item names); a column named 单位 is text too",
    ),
    ("report", "fix_punctuation"): _PUNCTUATION,
    ("gongwen", "template"): _TEMPLATE,
    ("gongwen", "issuer"): (
        "issuing organ",
        "the issuing organ's full name, for the masthead and the signature; a joint document lists them, "
        "the lead organ first",
    ),
    ("gongwen", "mark"): (
        "issuer mark (when not the organ's name)",
        "the masthead's mark when it differs from the organ's full name (e.g. an approved short name)",
    ),
    ("gongwen", "mark_suffix"): (
        "mark suffix (文件/命令/令/纪要)",
        "the word after the organ's name in the mark (文件, 令, 纪要); when blank, the template decides",
    ),
    ("gongwen", "doc_number"): (
        "document number",
        "organ code〔year〕number号 (the year in hexagonal brackets, no leading zeros, no 第); an order "
        "writes its number 第N号, minutes their issue 第N期",
    ),
    ("gongwen", "copy_number"): (
        "copy number",
        "a classified document's copy number, up to 6 digits (padded with leading zeros)",
    ),
    ("gongwen", "secrecy"): (
        "classification and period",
        "a classified document's classification and period of secrecy (§7.2.2)",
    ),
    ("gongwen", "urgency"): ("urgency", "an urgent document writes 特急 or 加急 (§7.2.3)"),
    ("gongwen", "signers"): (
        "issuing signer",
        "who signed the document off; required for upward documents (请示, 报告); several as a list, the "
        "lead organ's first",
    ),
    ("gongwen", "title"): (
        "title",
        "the document's title, such as 关于……的通知 or 关于……的请示; write | where the line must break",
    ),
    ("gongwen", "addressee"): (
        "addressee",
        "on one line, its 、 and ， are kept as written; a list is joined with ，; the closing colon is added",
    ),
    ("gongwen", "addressee_in_colophon"): (
        "addressee in the colophon",
        "true: the addressee is listed in the colophon (版记) instead of under the title (§7.4.2)",
    ),
    ("gongwen", "body"): (
        "body",
        "written after |, each line indented by two spaces, a blank line between paragraphs; paragraphs "
        "starting with 一、 （一） 1. （1） are recognised as headings of each level",
    ),
    ("gongwen", "closing"): (
        "closing",
        'the closing line after the body; when blank, the template\'s; "" for none',
    ),
    ("gongwen", "attendance"): (
        "present / excused / attending",
        "the minutes' lists of people: present (出席), excused (请假), attending (列席); names separated "
        "by 、 or as a list",
    ),
    ("gongwen", "attachments"): (
        "attachments",
        "a list: each an attachment's name, or a title and a body (the attachment's text, on a new page)",
    ),
    ("gongwen", "attachments[].title"): (
        "attachment name",
        "the attachment's name, listed in the attachment note, without punctuation after it",
    ),
    ("gongwen", "attachments[].body"): (
        "attachment text",
        "the attachment's text, on a new page after the document; when blank, only its name is listed",
    ),
    ("gongwen", "date"): (
        "date of writing",
        "written 2024-03-05, 2024年3月5日 or 二〇二四年三月五日; printed in Arabic numerals",
    ),
    ("gongwen", "signature_name"): (
        "signature (when not the issuing organ)",
        "the name signed at the end when it differs from the issuing organ; a joint document lists them "
        "in order",
    ),
    ("gongwen", "sealed"): ("sealed", "true: laid out for a seal (§7.3.5.1)"),
    ("gongwen", "seal"): (
        "seal image",
        "the seal's image file (PNG or SVG), relative to the data file; a joint document has one per "
        "signing organ, in the order of the signatures",
    ),
    ("gongwen", "signature"): (
        "signer's signature stamp",
        "for a document with the signer's signature stamp (§7.3.5.3, usual for orders)",
    ),
    ("gongwen", "signature.title"): ("signer's position", "the signer's position, printed at the signature"),
    ("gongwen", "signature.stamp"): (
        "signature stamp image",
        "the signature stamp's image file (PNG or SVG), relative to the data file's folder",
    ),
    ("gongwen", "note"): (
        "note",
        "a note, such as the level the document goes to or a contact, without parentheses",
    ),
    ("gongwen", "cc"): (
        "copied to",
        "the organs copied, listed in the colophon; with copies, the printer and print date are required",
    ),
    ("gongwen", "printer"): ("printing organ", "the printing organ in the colophon; required with copies"),
    ("gongwen", "print_date"): (
        "print date",
        "the print date in the colophon; when blank, the date of writing",
    ),
    ("gongwen", "fix_punctuation"): _PUNCTUATION,
    ("annual-report", "template"): (
        "template name",
        "annual-report-2019 (for 2019 and 2020) or annual-report-2021 (from 2021): decides the format",
    ),
    ("annual-report", "organ"): (
        "issuing organ",
        "the issuing organ's full name, for the title and the signature",
    ),
    ("annual-report", "organ_level"): (
        "organ level",
        "department (部门) or government (人民政府); decides the publication deadline (R13, article 49 of "
        "the Regulations): a department's report is dated by 31 January of the next year, a government's "
        "by 31 March",
    ),
    ("annual-report", "year"): (
        "report year",
        "the year reported on (1 January to 31 December), for the title and the checks; it also decides "
        "the format (see version)",
    ),
    ("annual-report", "version"): (
        "format version",
        "the national format: 2019 is the trial format (国办公开办函〔2019〕60号) for 2019 and 2020; 2021 "
        "the format of 国办公开办函〔2021〕30号, from 2021. When blank, the template decides; one that "
        "does not fit the template or the year is an error (R14)",
    ),
    ("annual-report", "date"): (
        "date of writing",
        "written 2025-01-20, 2025年1月20日 or 二〇二五年一月二十日; after the year reported on and "
        "before the deadline (see organ_level, R13)",
    ),
    ("annual-report", "title"): (
        "title",
        "when blank, the template's title (organ + year + annual report title)",
    ),
    ("annual-report", "signature"): (
        "signature",
        "the name signed at the end; when blank, the issuing organ",
    ),
    ("annual-report", "addressee"): ("addressee", "the main addressee; annual reports usually have none"),
    ("annual-report", "preface"): (
        "preface",
        "the text before 一、总体情况; when blank, it states the basis, the period and where to read it",
    ),
    ("annual-report", "sections"): (
        "sections",
        "the six parts' text, one or more paragraphs each, under the keys overall (一, required), "
        "active_disclosure (二, optional, before table 2), applications (三, optional, before table 3), "
        "review_litigation (四, optional, before table 4), problems (五, required), other_matters (六, "
        "required); a key may also be the heading (一、总体情况); write 无。 when there is nothing to report",
    ),
    ("annual-report", "t2"): (
        "table 2: proactive disclosure",
        "the cells' numbers by the items of article 20, the columns depending on the format; fill them in "
        "the YAML structure `docgen init` writes (each cell's official name in a comment) or in the "
        "workbook of `docgen init --xlsx`; 0 for none; a blank (~) cell leaves the checks using it undone",
    ),
    ("annual-report", "t3"): (
        "table 3: applications received and handled",
        "the cells' numbers: 7 per row, for natural persons, businesses, research institutions, public "
        "interest organisations, legal service providers, others and the total; fill them in as for t2",
    ),
    ("annual-report", "t4"): (
        "table 4: administrative review and litigation",
        "the cells' numbers: review, suit without review and suit after review, 5 each, for upheld, "
        "corrected, other, pending and the total; fill them in as for t2",
    ),
    ("annual-report", "fix_punctuation"): _PUNCTUATION,
}

# a type in the words of fields.type_zh → in English
TYPES: dict[str, str] = {
    "文本": "text",
    "整数": "integer",
    "数字": "number",
    "true 或 false": "true or false",
    "日期": "date",
    "见 docgen init": "see docgen init",
    "文字（段落）": "text (paragraphs)",
    "映射或列表": "mapping or list",
    "名称或名称列表": "name or list of names",
    "列表": "list",
    "映射": "mapping",
    "子字段": "sub-fields",
    "表（按 docgen init 写出的结构填写）": "table (in the structure docgen init writes)",
}


def type_en(type_zh: str) -> str:
    """A field's type in English: the known words, and ``A或B`` / ``X 之一`` / ``A 或 B`` spelt out."""
    if type_zh in TYPES:
        return TYPES[type_zh]
    if type_zh.endswith(" 之一"):
        return "one of " + type_zh.removesuffix(" 之一")
    if " 或 " in type_zh:
        return " or ".join(type_zh.split(" 或 "))
    if "或" in type_zh:
        return " or ".join(type_en(p) for p in type_zh.split("或"))
    return type_zh


def meaning_en(kind: str, spec: FieldSpec) -> str:
    """The English meaning of a field of ``kind``: title, then description (the Chinese when it has none)."""
    from .fields import meaning

    title, description = FIELDS.get((kind, spec.name), ("", ""))
    if not title:
        return meaning(spec, with_default=False)
    return f"{title}: {description}" if description else title


def missing() -> list[str]:
    """The fields of every kind without an English title and description (tests/test_english.py)."""
    from .fields import flatten, model_fields
    from .kinds import KINDS

    return [
        f"{kind}:{spec.name}"
        for kind, k in KINDS.items()
        for spec in flatten(model_fields(k.MODEL))
        if not all(FIELDS.get((kind, spec.name), ("", "")))
    ]
