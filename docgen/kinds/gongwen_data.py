"""The fields of a 公文's data file (``GongwenData``): what each means is said once here, in its title and
description, which ``docgen fields`` prints and ``docgen init`` writes as comments. Names and organs are
taken as the secretary wrote them (one string or a list)."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .dates import CNDate
from .items import Items


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
