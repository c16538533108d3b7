"""The items a body of text is written in, shared by every kind: a block of text (paragraphs separated by
blank lines), a ``heading:``, a ``paragraph:`` taken as it is, and in a report a ``table:`` (统计表). Each
item's kind is chosen from its shape, so a mistake inside one is reported at its own field."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag


class HeadingItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    heading: str = Field(
        min_length=1, title="标题文字", description="单独成行的标题，含序号（如“（一）主动公开”）"
    )
    level: int = Field(
        default=2, ge=1, le=4, title="标题层级", description="1 一、 · 2 （一） · 3 1. · 4 （1）"
    )


class ParagraphItem(BaseModel):
    """A paragraph taken as it is, without heading recognition."""

    model_config = ConfigDict(extra="forbid")
    paragraph: str = Field(min_length=1, title="段落", description="照原样排为一段，不识别开头的序号")


def _cell_as_typed(value: Any) -> Any:
    """A table cell keeps what was typed: YAML's ``yes`` (a bool) or ``2016-01-01`` (a date) become their
    text, which the number check then refuses at the cell's line, instead of a silent 1 or a type error."""
    if isinstance(value, bool):
        return str(value).lower()
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


Cell_ = Annotated[str | int | float | None, BeforeValidator(_cell_as_typed)]  # a table cell as typed


class TableData(BaseModel):
    """A simple statistics table (统计表) of a pre-2019 report: one header row, a label column (and a 单位
    column), numbers in the others. Built into the same ``model.Table`` the annual report's tables are."""

    model_config = ConfigDict(extra="forbid")
    title: str | None = Field(
        default=None,
        title="表名",
        description="表格名称，排在表格第一行",
        examples=["2016年政府信息公开情况统计表"],
    )
    header: list[str] = Field(
        min_length=2,
        title="表头",
        description="表头一行：各列名称",
        examples=[["统计指标", "单位", "统计数"]],
    )
    rows: list[list[Cell_]] = Field(
        min_length=1,
        title="表行",
        description="每行一个列表，与表头列数相同：先写项目名称（和单位），再写数字；分组行的数字可留空",
        examples=[[["主动公开政府信息数", "条", 1256]]],
    )
    label_columns: int = Field(
        default=1,
        ge=1,
        title="文字列数",
        description="左起几列是文字（项目名称）；名为“单位”的列也按文字处理",
    )


class TableItem(BaseModel):
    model_config = ConfigDict(extra="forbid")
    table: TableData = Field(title="统计表", description="一张统计表，排在前后文字之间")


def _item_kind(value: Any) -> str | None:
    """Which kind of item a value is, from its shape: a string, or a mapping named by its key. Choosing by
    the key (not by trying each kind) keeps a mistake inside a table reported at the table's own field."""
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, dict):
        return next((f"<{k}>" for k in ("heading", "paragraph", "table") if k in value), None)
    return None


_ITEM_ERROR = "item_kind"  # validation.py words it in Chinese


def _items_of(*kinds: Any) -> Any:
    return Annotated[
        Union[tuple(Annotated[k, Tag(t)] for t, k in kinds)],  # noqa: UP007  (a union built from a list)
        Discriminator(
            _item_kind,
            custom_error_type=_ITEM_ERROR,
            custom_error_message="an item is a text, or a mapping with heading, paragraph or table",
        ),
    ]


Item = _items_of(("<text>", str), ("<heading>", HeadingItem), ("<paragraph>", ParagraphItem))
ReportItem = _items_of(
    ("<text>", str), ("<heading>", HeadingItem), ("<paragraph>", ParagraphItem), ("<table>", TableItem)
)


def _as_list(value: Any) -> Any:
    """A block of text (paragraphs separated by blank lines) stands for a list of one item."""
    return [value] if isinstance(value, str) else value


Items = Annotated[list[Item], BeforeValidator(_as_list)]
ReportItems = Annotated[list[ReportItem], BeforeValidator(_as_list)]
