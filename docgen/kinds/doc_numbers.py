"""The numbers a 公文 carries, in the forms they must take: 发文字号 (GB/T 9704 §7.2.5, 机关代字〔年份〕序号号),
令号 (§10.2), 份号 (§7.2.1) and, by practice, 纪要's 期号. A wrong one is refused with the corrected form shown."""

from __future__ import annotations

import re

from ..errors import InputError
from ..messages import msg
from ..model import DocFormat
from ..source import SourceRef

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕[1-9]\d*号$")
ORDER_NUMBER = re.compile(r"^第[1-9]\d*号$")  # 令号, §10.2
ISSUE_NUMBER = re.compile(r"^(〔\d{4}〕)?第[1-9]\d*期$")  # 纪要 numbering [PRAC]


def suggest_doc_number(value: str) -> str:
    """The 发文字号 as §7.2.5 wants it: year in 〔〕, no 第, no leading zeros."""
    s = value.strip().replace(" ", "")
    s = re.sub(r"[\[【（(［〔]\s*(\d{4})\s*[\]】）)］〕]", r"〔\1〕", s)
    s = re.sub(r"〕第", "〕", s)
    s = re.sub(r"〕0+(\d)", r"〕\1", s)
    if not s.endswith("号"):
        s += "号"
    return s


def check_doc_number(value: str, where: SourceRef, fmt: DocFormat = DocFormat.STANDARD) -> str:
    value = value.strip()
    if fmt is DocFormat.MINUTES and ISSUE_NUMBER.match(value):
        return value
    if fmt is DocFormat.ORDER:
        if ORDER_NUMBER.match(value):
            return value
        raise InputError.of("numbers.bad_order_number", source=where, value=value)
    if DOC_NUMBER.match(value):
        return value
    fixed = suggest_doc_number(value)
    problems = []
    if re.search(r"[\[【（(［]\d{4}[\]】）)］]", value):
        problems.append("年份须用六角括号〔〕")
    if "〕第" in value or re.search(r"[\]】）)］]第", value):
        problems.append("序号前不加“第”")
    if re.search(r"[〕\]】）)］]第?0\d", value):
        problems.append("序号不编虚位（1 不写作 01）")
    if not problems:
        problems.append("应为“机关代字〔年份〕序号号”")
    raise InputError.of(
        "numbers.bad_doc_number",
        source=where,
        hint=msg("numbers.bad_doc_number.fixed", fixed=fixed)
        if DOC_NUMBER.match(fixed)
        else msg("numbers.bad_doc_number.example"),
        value=value,
        problems="；".join(problems),
    )


def check_copy_number(value: str | int, where: SourceRef) -> str:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 6:
        raise InputError.of("numbers.bad_copy_number", source=where, value=value)
    return text.zfill(6)
