"""公文 (通知, 请示, 报告, 函, 纪要, 命令): every element of GB/T 9704 from one data file.

The template fixes the format (文件 / 信函 / 命令 / 纪要), the direction (上行文 needs 签发人) and defaults
such as the closing sentence; the data gives the issuing organ, numbers, text, 落款 and 版记. Field formats
the standard fixes are checked here, and a wrong one is refused with the corrected form shown.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
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
from .dates import CNDate
from .items import Items

DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]+〔\d{4}〕[1-9]\d*号$")
ORDER_NUMBER = re.compile(r"^第[1-9]\d*号$")  # 令号, §10.2
ISSUE_NUMBER = re.compile(r"^(〔\d{4}〕)?第[1-9]\d*期$")  # 纪要 numbering [PRAC]


def _names(value: Any) -> Any:
    """One name or a list of names; names joined with 、，, in one string are split."""
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[、，,；;\n]", value) if v.strip()]
    return value


Names = Annotated[list[str], BeforeValidator(_names)]


def _organs_as_written(value: Any) -> Any:
    """主送机关 as the secretary wrote them: a string keeps its own separators (``各区县（市）民政局、局机关
    各科室`` mixes 、 within a class of organs and ， between classes, §7.3.2 leaves the choice to the
    writer); only line breaks divide it. A list is one organ per item, joined with ， when printed."""
    if isinstance(value, str):
        return [v.strip() for v in value.split("\n") if v.strip()]
    return value


Organs = Annotated[list[str], BeforeValidator(_organs_as_written)]


class AttachmentData(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(
        min_length=1,
        title="附件名称",
        description="附件的名称，列入附件说明，名称后不加标点",
        examples=["年度报告编制要点"],
    )
    body: Items = Field(
        default_factory=list,
        title="附件正文",
        description="附件的正文，另起一页排在公文之后；不填时只在附件说明中列出名称",
        examples=["一、……"],
    )


class SignatureData(BaseModel):
    """签发人签名章 (§7.3.5.3)."""

    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=1, title="签发人职务", description="落款处签发人的职务", examples=["市长"])
    stamp: str = Field(
        min_length=1,
        title="签名章图片",
        description="签名章图片文件（PNG 或 SVG），路径相对于数据文件所在的文件夹",
        examples=["seals/签名章.png"],
    )


class GongwenData(BaseModel):
    """The fields of a 公文. Each field's title and description are what ``docgen fields`` prints and
    ``docgen init`` writes as comments: say the meaning here, nowhere else."""

    model_config = ConfigDict(extra="forbid")
    template: str = Field(
        title="模板名", description="使用的模板（docgen templates 列出全部）", examples=["notice"]
    )
    issuer: Names = Field(
        min_length=1,
        title="发文机关",
        description="发文机关全称，用于版头和落款；联合行文写成列表，主办机关在前",
        examples=["常德市民政局"],
    )
    mark: str | None = Field(
        default=None,
        title="发文机关标志（不同于机关名称时）",
        description="版头的发文机关标志与机关全称不同时填写（如规范化简称）",
        examples=["常德市民政局"],
    )
    mark_suffix: str | None = Field(
        default=None,
        title="标志后缀（文件/命令/令/纪要）",
        description="标志中机关名称后的字（文件、令、纪要），不填时由模板决定",
        examples=["文件"],
    )
    doc_number: str | None = Field(
        default=None,
        title="发文字号",
        description="机关代字〔年份〕序号号（年份用六角括号，序号不编虚位、不加“第”）；命令写令号“第N号”，纪要写期号“第N期”",
        examples=["常民发〔2024〕3号"],
    )
    copy_number: str | int | None = Field(
        default=None,
        title="份号",
        description="涉密公文的份号，不超过 6 位数字（不足 6 位时前面补 0）",
        examples=["000012"],
    )
    secrecy: str | None = Field(
        default=None,
        title="密级和保密期限",
        description="涉密公文的密级和保密期限（§7.2.2）",
        examples=["秘密★1年"],
    )
    urgency: str | None = Field(
        default=None, title="紧急程度", description="紧急公文写“特急”或“加急”（§7.2.3）", examples=["加急"]
    )
    signers: Names = Field(
        default_factory=list,
        title="签发人",
        description="签发人姓名，上行文（请示、报告）必填；多人写成列表，主办单位签发人在前",
        examples=[["张三"]],
    )
    title: str = Field(
        min_length=1,
        title="标题",
        description="公文标题，如“关于……的通知”“关于……的请示”；需要在指定处换行时在该处写“|”",
        examples=["关于做好2023年度政府信息公开工作年度报告编制工作的通知"],
    )
    addressee: Organs = Field(
        default_factory=list,
        title="主送机关",
        description="写成一行时照原样保留其中的“、”“，”；写成列表时以“，”隔开；末尾的冒号自动加上",
        examples=["各区县（市）民政局、局机关各科室"],
    )
    addressee_in_colophon: bool = Field(
        default=False,
        title="主送机关移至版记",
        description="为 true 时主送机关不列在标题下，而列入版记（§7.4.2）",
    )
    body: Items = Field(
        title="正文",
        description="写在“|”之后、每行缩进两格，段与段之间空一行；以“一、”“（一）”“1.”“（1）”开头的段落自动识别为各级标题",
    )
    closing: str | None = Field(
        default=None,
        title="结束语",
        description='正文后的结束语；不填时用模板的结束语，写 "" 则不加',
        examples=["特此通知。"],
    )
    attendance: dict[str, Names] = Field(
        default_factory=dict,
        title="出席/请假/列席",
        description="纪要的人员名单：出席、请假、列席，姓名用“、”隔开或写成列表",
        examples=[{"出席": ["张三", "李四"], "请假": "王五（出差）"}],
    )
    attachments: list[AttachmentData | str] = Field(
        default_factory=list,
        title="附件",
        description="附件列表：每项写附件名称，或写 title（名称）和 body（附件正文，另起一页）",
        examples=[["年度报告编制要点"]],
    )
    date: CNDate = Field(
        title="成文日期",
        description="写作 2024-03-05、2024年3月5日 或 二〇二四年三月五日，印出时用阿拉伯数字",
        examples=["2024-03-05"],
    )
    signature_name: Names = Field(
        default_factory=list,
        title="署名（不同于发文机关时）",
        description="落款署名与发文机关不同时填写；联合行文按顺序写成列表",
        examples=[["常德市民政局"]],
    )
    sealed: bool = Field(
        default=False, title="加盖印章", description="为 true 时按加盖印章的格式排版（§7.3.5.1）"
    )
    seal: Names = Field(
        default_factory=list,
        title="印章图片",
        description="印章图片文件（PNG 或 SVG），路径相对于数据文件；联合行文每个署名机关一个，按署名顺序",
        examples=["seals/印章.png"],
    )
    signature: SignatureData | None = Field(
        default=None, title="签发人签名章", description="加盖签发人签名章时填写（§7.3.5.3，命令常用）"
    )
    note: str | None = Field(
        default=None,
        title="附注",
        description="附注，如公文的发布层次或联系人，不加括号",
        examples=["此件公开发布"],
    )
    cc: Names = Field(
        default_factory=list,
        title="抄送机关",
        description="抄送机关，列入版记；有抄送时须写印发机关和印发日期",
        examples=[["市人民政府办公室"]],
    )
    printer: str | None = Field(
        default=None,
        title="印发机关",
        description="版记中的印发机关，有抄送时必填",
        examples=["常德市民政局办公室"],
    )
    print_date: CNDate | None = Field(
        default=None,
        title="印发日期",
        description="版记中的印发日期，不填时同成文日期",
        examples=["2024-03-05"],
    )
    fix_punctuation: bool = Field(
        default=True, title="自动更正半角标点", description="把中文语境中的半角标点改为全角，并逐处提示"
    )


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
        raise InputError(
            message=f"令号“{value}”格式不对，应写作“第N号”（如 第1号）", message_en="bad 令号", source=where
        )
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
    raise InputError(
        message=f"发文字号“{value}”不符合 GB/T 9704 §7.2.5：{'；'.join(problems)}",
        message_en=f"the 发文字号 {value!r} breaks GB/T 9704 §7.2.5",
        source=where,
        hint=f"应写作：{fixed}" if DOC_NUMBER.match(fixed) else "例如：常民发〔2024〕3号",
        hint_en=f"write it as {fixed}" if DOC_NUMBER.match(fixed) else "e.g. 常民发〔2024〕3号",
    )


def _copy_number(value: str | int, where: SourceRef) -> str:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 6:
        raise InputError(
            message=f"份号“{value}”应为不超过 6 位的数字",
            message_en="份号 must be up to 6 digits",
            source=where,
            hint="例如 000123（不足 6 位时自动在前面补 0）",
            hint_en="e.g. 000123 (fewer than 6 digits are padded with leading zeros)",
        )
    return text.zfill(6)


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
            raise InputError(
                message=f"“{self.template.name}”是上行文，必须写明签发人（signers）",
                message_en="an upward document needs its 签发人 (signers)",
                source=self.at(),
                hint="例如：signers: [张三]",
                hint_en="e.g. signers: [Zhang San]",
            )
        if d.urgency and d.urgency not in _URGENCY:
            raise InputError(
                message=f"紧急程度只能是 {'、'.join(_URGENCY)}，不能是“{d.urgency}”",
                message_en="bad urgency",
                source=self.at("urgency"),
            )
        number = ""
        if d.doc_number:
            number = check_doc_number(d.doc_number, self.at("doc_number"), fmt)
        elif spec.get("needs_doc_number", True) and fmt is not DocFormat.MINUTES:
            self.findings.append(
                Finding(
                    Severity.WARNING, "no-doc-number", "没有发文字号（doc_number）", self.at(), "no 发文字号"
                )
            )
        return Masthead(
            issuers=issuers,
            suffix=suffix,
            copy_number=_copy_number(d.copy_number, self.at("copy_number")) if d.copy_number else "",
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
            raise InputError(
                message=f"有 {len(names)} 个署名机关，却给了 {len(seals)} 个印章图片",
                message_en="one seal image per signing organ is needed",
                source=self.at("seal"),
                hint="联合行文每个署名机关各盖一个印章，按署名顺序列出",
                hint_en="a joint document has one seal per signing organ, listed in the order of the signatures",
            )
        if sealed and not seals:
            self.findings.append(
                Finding(
                    Severity.NOTICE,
                    "seal-later",
                    "加盖印章但未提供印章图片：已按加盖印章格式留出位置，印章待盖",
                    self.at("sealed"),
                    "sealed layout without a seal image: room left for the seal",
                )
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
                    Finding(
                        Severity.NOTICE,
                        "attachment-punct",
                        f"附件名称后不加标点（§7.3.4），已删去“{title[-1]}”",
                        where,
                        "punctuation after an attachment name removed",
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
            raise InputError(
                message="有版记（抄送）时须写明印发机关（printer）和印发日期（print_date）",
                message_en="a 版记 needs printer and print_date",
                source=self.at("cc"),
                hint="例如：printer: 常德市民政局办公室；print_date: 2024-03-05",
                hint_en="e.g. printer: 常德市民政局办公室; print_date: 2024-03-05",
            )
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
    raw_title = c.text(data.title, c.at("title"))
    breaks = tuple(i - n for n, i in enumerate(m.start() for m in re.finditer(r"\|", raw_title)))
    title = raw_title.replace("|", "")
    addressee = [c.text(a, c.at("addressee")).rstrip("：:") for a in data.addressee]
    body: list[Block] = c.items(data.body, ("body",))
    if not body:
        c.findings.append(
            Finding(Severity.ERROR, "empty-body", "正文（body）为空", c.at("body"), "the body is empty")
        )
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
            raise InputError(
                message=f"纪要的人员名单只能是 {'、'.join(_ATTENDANCE)}，不能是“{label}”",
                message_en="attendance lists are 出席, 请假, 列席",
                source=c.at("attendance", label),
            )
        body.append(Attendance(label, "、".join(names), c.at("attendance", label)))
    notes, pages = c.attachments()
    masthead = c.masthead(fmt)
    doc = Document(
        meta=Meta(
            title=title,
            author=data.issuer[0],
            date=data.date,
            subject=template.description,
            keywords=tuple(
                k for k in (masthead.doc_number if masthead else "", template.spec.get("keyword", "")) if k
            ),
            template=template.name,
        ),
        title=Title(title, breaks, c.at("title")),
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
        c.findings.append(
            Finding(
                Severity.WARNING,
                "date-future",
                "成文日期在一年以后，请确认",
                c.at("date"),
                "the date is more than a year ahead",
            )
        )
    return doc, c.findings
