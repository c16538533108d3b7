"""Facts of the national 政府信息公开工作年度报告 format as Python data: versions, sections, and every
official label of tables T2, T3 and T4, character for character.

Why a module of constants: the tables are a legal format (国办公开办函〔2019〕60号 and 〔2021〕30号); a label
that differs by one character (a half-width bracket, a “、” for a “，”) is a visible defect in a published
report. Everything here was transcribed from shared/spec/annual-report-tables.yaml (which is not shipped).

This is the one declaration of each format's tables (``T2_BLOCKS[version]``, ``T3_ROWS[version]``
shared ``T3_COLUMNS``, ``T4_GROUPS`` and ``T4_COLUMNS``): the pydantic models are generated from it
(``models.py``), typed labels are matched against it (``matching.py``, with the declared aliases and short
forms), the printed tables and so the workbook of ``docgen init --xlsx`` are laid out from it
(``tables.py``, ``data/xlsx.py``), the YAML skeleton of ``docgen init`` lists it (``init.py``), and the rules
name cells in its words (``blanks.py``).

One module per table (``t2.py``, ``t3.py``, ``t4.py``), the versions, parts and table names in
``outline.py``, the words the labels break between in ``words.py``; every name is imported from here.
"""

from __future__ import annotations

from .outline import (
    ORGAN_LEVEL_ZH,
    SECTIONS,
    TABLE_NAME_EN,
    TABLE_NAME_ZH,
    TABLE_TITLE,
    VERSION_INFO,
    VERSIONS,
    OrganLevel,
    SectionSpec,
    Version,
)
from .t2 import T2_BLOCKS, T2_WIDTHS, ColumnKind, T2Block, T2Column, T2Row
from .t3 import (
    T3_ALL_COLS,
    T3_APPLICANT_COLS,
    T3_APPLICANT_HEADER,
    T3_COL,
    T3_COLUMN_ALIASES,
    T3_COLUMNS,
    T3_DATA_ROWS,
    T3_GROUPS,
    T3_LEAF_RESULT_ROWS,
    T3_NOTE,
    T3_ORG_COLS,
    T3_ORG_HEADER,
    T3_ORG_SUBTOTAL,
    T3_ROW,
    T3_ROWS,
    T3_WIDTHS,
    Layout,
    T3Column,
    T3RowSpec,
    t3_row_name,
    t3_row_name_en,
)
from .t4 import (
    T4_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION_HEADER,
    T4_PARTS,
    T4_REVIEW_HEADER,
    T4_WIDTHS,
    T4Group,
    t4_group_name,
)
from .words import LABEL_WORDS, label_words

__all__ = [
    "LABEL_WORDS",
    "ORGAN_LEVEL_ZH",
    "SECTIONS",
    "T2_BLOCKS",
    "T2_WIDTHS",
    "T3_ALL_COLS",
    "T3_APPLICANT_COLS",
    "T3_APPLICANT_HEADER",
    "T3_COL",
    "T3_COLUMNS",
    "T3_COLUMN_ALIASES",
    "T3_DATA_ROWS",
    "T3_GROUPS",
    "T3_LEAF_RESULT_ROWS",
    "T3_NOTE",
    "T3_ORG_COLS",
    "T3_ORG_HEADER",
    "T3_ORG_SUBTOTAL",
    "T3_ROW",
    "T3_ROWS",
    "T3_WIDTHS",
    "T4_COLUMNS",
    "T4_GROUPS",
    "T4_LITIGATION_HEADER",
    "T4_PARTS",
    "T4_REVIEW_HEADER",
    "T4_WIDTHS",
    "TABLE_NAME_EN",
    "TABLE_NAME_ZH",
    "TABLE_TITLE",
    "VERSIONS",
    "VERSION_INFO",
    "ColumnKind",
    "Layout",
    "OrganLevel",
    "SectionSpec",
    "T2Block",
    "T2Column",
    "T2Row",
    "T3Column",
    "T3RowSpec",
    "T4Group",
    "Version",
    "label_words",
    "t3_row_name",
    "t3_row_name_en",
    "t4_group_name",
]
