"""What every command shares: the run's settings (``State``), the choice of language (``_t``) and the two
consoles with the way findings are printed.

The command modules import from here (and from ``args``/``english``), never from each other, so a command
can be read, moved or removed without pulling in another. Nothing heavy is imported here: ``docgen --help``
loads this module.
"""

from __future__ import annotations

from rich.console import Console

from ..errors import SEVERITY_ZH, Finding, Severity

err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


class State:
    """The global options of this run (set by the app callback; read by every command)."""

    lang = "zh"
    debug = False
    verbose = False


def _t(zh: str, en: str) -> str:
    return en if State.lang == "en" else zh


NOTICES_SHOWN = 3  # notices of one kind printed in full; the rest are counted (all with --verbose)


SEVERITY_STYLES = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.NOTICE: "cyan",
    Severity.UNCHECKED: "magenta",
}


def _print_findings(findings: list[Finding]) -> None:
    """Errors and warnings in full; notices (what docgen corrected) a few per kind and then a count, so a
    pasted text with 200 half-width commas does not bury the one warning that matters. Checks not made for
    blank cells likewise (the finding that lists the blank cells always in full)."""
    styles = SEVERITY_STYLES
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for f in findings:
        if f.severity in (Severity.NOTICE, Severity.UNCHECKED) and not f.blank and not State.verbose:
            shown[f.code] = shown.get(f.code, 0) + 1
            if shown[f.code] > NOTICES_SHOWN:
                hidden[f.code] = hidden.get(f.code, 0) + 1
                continue
        label = SEVERITY_ZH[f.severity] if State.lang == "zh" else f.severity.value
        err.print(f"[{styles[f.severity]}]{label}[/] {f.text(State.lang)}", markup=True)
    unchecked = {f.code for f in findings if f.severity is Severity.UNCHECKED}
    for code, n in hidden.items():
        err.print(
            _t(
                f"[magenta]未核对[/] 另有 {n} 项同类核对（{code}）未进行，加 --verbose 查看全部",
                f"[magenta]unchecked[/] {n} more checks of the same kind ({code}) not made; --verbose shows them all",
            )
            if code in unchecked
            else _t(
                f"[cyan]提示[/] 另有 {n} 条同类提示（{code}），加 --verbose 查看全部",
                f"[cyan]notice[/] {n} more notices of the same kind ({code}); --verbose shows them all",
            ),
            markup=True,
        )


def _unchecked_summary(unchecked: list[Finding]) -> str:
    """``未发现错误；12 项核对因空白单元格未能进行（表三 第（三）至（七）行）``: how many checks were not made
    and where the blank cells are (from the findings that list them)."""
    n = sum(1 for f in unchecked if not f.blank)
    where = _t(
        "；".join(f.blank for f in unchecked if f.blank), "; ".join(f.blank_en for f in unchecked if f.blank)
    )
    if n:
        return _t(
            f"未发现错误；{n} 项核对因空白单元格未能进行" + (f"（{where}）" if where else ""),
            f"no errors found; {n} checks could not be made because of blank cells"
            + (f" ({where})" if where else ""),
        )
    return _t(
        f"未发现错误；有空白单元格（{where}），全国统一格式要求没有发生的事项填 0",
        f"no errors found; blank cells ({where}): the national format writes 0 for what did not occur",
    )
