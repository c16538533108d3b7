"""The national annual report format's outline: its two versions (the documents that set them), the organ
levels, the six parts (B1) and the three tables' names."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Version = Literal["2019", "2021"]
VERSIONS: tuple[Version, ...] = ("2019", "2021")

VERSION_INFO: dict[Version, dict[str, str]] = {
    "2019": {
        "name": "中华人民共和国政府信息公开工作年度报告格式（试行）",
        "document_number": "国办公开办函〔2019〕60号",
    },
    "2021": {
        "name": "中华人民共和国政府信息公开工作年度报告格式",
        "document_number": "国办公开办函〔2021〕30号",
    },
}

OrganLevel = Literal["department", "government"]
ORGAN_LEVEL_ZH: dict[OrganLevel, str] = {"department": "部门", "government": "人民政府"}

# --- Sections (B1) ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """One of the six parts: the canonical heading and the variants real reports use (accepted on import)."""

    no: int
    key: str
    heading: str
    aliases: tuple[str, ...] = ()


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, "overall", "一、总体情况"),
    SectionSpec(2, "active_disclosure", "二、主动公开政府信息情况"),
    SectionSpec(3, "applications", "三、收到和处理政府信息公开申请情况"),
    SectionSpec(
        4,
        "review_litigation",
        "四、政府信息公开行政复议、行政诉讼情况",
        ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况",),
    ),
    SectionSpec(
        5,
        "problems",
        "五、存在的主要问题及改进情况",
        ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
    ),
    SectionSpec(6, "other_matters", "六、其他需要报告的事项"),
)

# --- Table names --------------------------------------------------------------------------------------------

TABLE_NAME_ZH = {"t2": "表二", "t3": "表三", "t4": "表四"}
TABLE_NAME_EN = {"t2": "Table 2", "t3": "Table 3", "t4": "Table 4"}
TABLE_TITLE = {
    "t2": "主动公开政府信息情况",
    "t3": "收到和处理政府信息公开申请情况",
    "t4": "政府信息公开行政复议、行政诉讼情况",
}
