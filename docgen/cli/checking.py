"""Checking many units without rendering: ``docgen check FOLDER`` (or a manifest, or ``--defaults``) and
``docgen batch --check-only`` print the same per-unit tables. Shared by the ``render`` and ``batch`` command
modules, which do not import each other."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import SEVERITY_ZH, ExitCode, InputError, Severity
from .console import NOTICES_SHOWN, SEVERITY_STYLES, State, _t, _unchecked_summary, err, out

if TYPE_CHECKING:
    from ..batch import Unit


def check_folder(
    source: Path, defaults: Path | None, templates: Path | None, strict: bool, previous: Path | None = None
) -> None:
    """``docgen check`` given a folder, a manifest or ``--defaults``: the units, each checked (``--previous``,
    last year's data, only for one unit)."""
    from .. import api

    units = api.batch_units(source, folder_defaults(source, defaults))
    if previous is not None and len(units) > 1:
        raise InputError.of("check.args.previous_one_unit", count=len(units), folder=source)
    check_units(units, templates, strict, previous)


def check_units(
    units: list[Unit], templates: Path | None, strict: bool, previous: Path | None = None
) -> None:
    """``docgen check FOLDER`` / ``batch --check-only``: every unit checked without rendering, one table of
    findings per unit, a summary; exit 1 when a unit has errors (or warnings with ``strict``)."""
    from rich.table import Table as RichTable  # here, not at import: --help draws no table

    from .. import api

    styles = SEVERITY_STYLES
    failing = {Severity.ERROR} | ({Severity.WARNING, Severity.UNCHECKED} if strict else set())
    bad_units = []
    incomplete_units = []  # no error, but checks not made for blank cells: not "passed"
    for unit in units:
        findings = api.check_unit(unit, templates, previous)
        unchecked = [f for f in findings if f.severity is Severity.UNCHECKED]
        if any(f.severity in failing for f in findings):
            bad_units.append(unit.name)
        elif unchecked:
            incomplete_units.append(unit.name)
        if not findings:
            out.print(
                _t(
                    f"[green]通过[/] {unit.name}（{unit.where}）",
                    f"[green]passed[/] {unit.name} ({unit.where_en or unit.where})",
                )
            )
            continue
        errors = sum(f.severity is Severity.ERROR for f in findings)
        table = RichTable(
            title=_t(
                f"{unit.name}（{unit.where}）：{'有 ' + str(errors) + ' 处错误' if errors else '无错误'}",
                f"{unit.name} ({unit.where_en or unit.where}): {errors} errors",
            ),
            title_justify="left",
        )
        table.add_column(_t("级别", "level"))
        table.add_column(_t("问题与位置", "finding and where"))
        counts: dict[str, int] = {}
        for f in findings:
            counts[f.code] = counts.get(f.code, 0) + 1
            if f.severity is Severity.NOTICE and not State.verbose and counts[f.code] > NOTICES_SHOWN:
                continue
            label = SEVERITY_ZH[f.severity] if State.lang == "zh" else f.severity.value
            table.add_row(f"[{styles[f.severity]}]{label}[/]", f.text(State.lang))
        out.print(table)
        if unchecked and not errors:
            out.print(_unchecked_summary(unchecked))
    passed = len(units) - len(bad_units) - len(incomplete_units)
    out.print(
        _t(
            f"检查 {len(units)} 个单位：通过 {passed} 个，未通过 {len(bad_units)} 个"
            + (f"（{'、'.join(bad_units)}）" if bad_units else "")
            + (
                f"，因空白单元格未能全部核对 {len(incomplete_units)} 个（{'、'.join(incomplete_units)}）"
                if incomplete_units
                else ""
            ),
            f"checked {len(units)} units: {passed} passed, {len(bad_units)} failed"
            + (f", {len(incomplete_units)} not fully checked (blank cells)" if incomplete_units else ""),
        )
    )
    if bad_units:
        raise typer.Exit(ExitCode.FINDINGS)


def folder_defaults(source: Path, named: Path | None) -> Path | None:
    """The defaults file named, else the one the data folder carries (and say so)."""
    from .. import api

    if named is not None:
        return named
    found = api.batch_defaults(source)
    if found is not None:
        err.print(_t(f"使用文件夹中的默认值文件 {found}", f"using the folder's defaults file {found}"))
    return found
