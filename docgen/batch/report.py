"""The batch report: every unit ends as a row with its status, messages, findings, outputs and their SHA-256,
written as batch-report.json (UTF-8) and batch-report.csv (UTF-8 with BOM, for Excel; cells a spreadsheet
would run as formulas are made text).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import Finding
from ..output import write_all

REPORT_NAME = "batch-report"


@dataclass
class UnitResult:
    """One unit's row of the batch report: plain data, so it comes back from a worker by pickle."""

    unit: str
    status: str  # "produced" | "failed" | "skipped" | "interrupted"
    messages: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # path → sha256
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the worker's CPU time for this unit (steadier than wall time on a busy host)
    fingerprint: str = ""
    peak_mb: float = 0.0  # the worker's peak resident memory after this unit
    source: str = ""  # Unit.where
    # Everything the render told (api.diagnostics): {severity, code, origin, message}
    findings: list[dict[str, str]] = field(default_factory=list)

    def status_label(self, lang: str = "zh") -> str:
        """The status as the report and the command's summary show it (``已生成``, ``failed`` …)."""
        return status_text(self.status, lang)


STATUS_TEXT = {
    "produced": ("已生成", "produced"),
    "failed": ("失败", "failed"),
    "skipped": ("跳过（未改变）", "skipped (unchanged)"),
    "interrupted": ("已中止", "interrupted"),
}


def status_text(status: str, lang: str = "zh") -> str:
    """A status as the report and the summary show it, in the report's language."""
    zh, en = STATUS_TEXT.get(status, (status, status))
    return say(lang, zh, en)


@dataclass
class BatchReport:
    """Every unit's result in the order of the jobs, with the run's start and end time."""

    started: str
    finished: str
    results: list[UnitResult]
    out_dir: str

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def failed(self) -> bool:
        return any(r.status in ("failed", "interrupted") for r in self.results)


def say(lang: str, zh: str, en: str) -> str:
    """The Chinese or English twin of a batch message, in the language of the run."""
    return en if lang == "en" else zh


def sha256(data: bytes) -> str:
    """An output's hash, as the report lists it and ``--resume`` compares it."""
    return hashlib.sha256(data).hexdigest()


def finding_row(f: Finding, lang: str = "zh") -> dict[str, str]:
    """A finding as a row of the batch report (what, how bad, which part of docgen told it, where)."""
    from ..api import origin_of

    return {
        "severity": f.severity.value,
        "code": f.code,
        "origin": origin_of(f),
        "message": f.text(lang),
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: str) -> str:
    """A cell a spreadsheet will not run as a formula: ``=HYPERLINK(…)`` from a unit name becomes text
    (OWASP's CSV-injection advice: a leading apostrophe)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def write_report(report: BatchReport, out_dir: Path, lang: str = "zh", verbose: bool = False) -> list[Path]:
    """batch-report.json (UTF-8 text) and .csv (UTF-8 with BOM, for Excel): counts of every status, and a
    row per unit that did something (produced, failed, interrupted; skipped ones too with ``verbose``)."""
    shown = [r for r in report.results if verbose or r.status != "skipped"]
    rows = [{**asdict(r), "status_text": status_text(r.status, lang)} for r in shown]
    payload = {
        "docgen": __version__,
        "started": report.started,
        "finished": report.finished,
        "produced": report.count("produced"),
        "failed": report.count("failed"),
        "skipped": report.count("skipped"),
        "interrupted": report.count("interrupted"),
        "units": rows,
    }
    buf = io.StringIO()
    w = csv.writer(buf)
    header = (
        ("单位", "来源", "状态", "说明", "诊断", "输出文件", "SHA-256", "用时（秒）")
        if lang != "en"
        else ("unit", "source", "status", "messages", "diagnostics", "outputs", "sha256", "seconds")
    )
    w.writerow(header)
    severity = {"error": ("错误", "error"), "warning": ("警告", "warning"), "notice": ("提示", "notice")}
    origin = {"data": "数据", "rules": "规则", "punctuation": "标点", "fonts": "字体", "layout": "排版"}
    for r in shown:
        diag = "\n".join(
            f"[{say(lang, *severity.get(f['severity'], (f['severity'],) * 2))}·"
            f"{say(lang, origin.get(f['origin'], f['origin']), f['origin'])}] {f['message']}"
            for f in r.findings
        )
        cells = [
            r.unit,
            r.source,
            status_text(r.status, lang),
            " | ".join(r.messages),
            diag,
            " ".join(r.outputs),
            " ".join(r.outputs.values()),
            f"{r.seconds:.2f}",
        ]
        w.writerow([csv_safe(c) for c in cells])
    return write_all(
        {
            out_dir / f"{REPORT_NAME}.json": json.dumps(payload, ensure_ascii=False, indent=1).encode(
                "utf-8"
            ),
            out_dir / f"{REPORT_NAME}.csv": buf.getvalue().encode("utf-8-sig"),
        }
    )
