"""Batch runs: bad units reported while good ones are produced; names safe; resume; interruption; Dask."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docgen import batch

STAMP = dt.datetime(2024, 1, 31, 9, 0, tzinfo=dt.UTC)

UNIT = """template: annual-report-pre2019
organ: {organ}
year: 2023
date: {date}
preface: 本年度报告由{organ}编制。
sections:
  overview: 根据《条例》要求，{organ}进一步加强政府信息公开工作。
  proactive: 本单位2023年度主动公开政府信息{n}条。
  on_request: 本单位2023年度共受理政府信息公开申请1件。
  consultation: 共接受咨询20次。
  review_litigation: 没有发生行政复议和行政诉讼案。
  expenditure: 无。
  other_work: 无。
  problems: 信息公开的时效性有待进一步提高。
"""


def make_units(folder: Path, bad: tuple[str, ...] = ()) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(4):
        name = f"unit{i}"
        date = "2024-13-01" if name in bad else "2024-01-20"
        (folder / f"{name}.yaml").write_text(
            UNIT.format(organ=f"某县第{i}局", date=date, n=100 + i), encoding="utf-8"
        )
        names.append(name)
    return names


def run_batch(src: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "docgen",
            "batch",
            str(src),
            "--out",
            str(out),
            "--format",
            "pdf",
            "--timestamp",
            STAMP.isoformat(),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "COLUMNS": "200"},
    )


def test_mixed_units(tmp_path: Path) -> None:
    make_units(tmp_path / "in", bad=("unit2",))
    r = run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text(encoding="utf-8"))
    status = {u["unit"]: u for u in report["units"]}
    assert status["unit2"]["status"] == "failed"
    assert (
        "unit2.yaml 第 4 行" in status["unit2"]["messages"][0]
        and "月份超出范围" in status["unit2"]["messages"][0]
    )
    for name in ("unit0", "unit1", "unit3"):
        assert status[name]["status"] == "produced"
        pdf = tmp_path / "out" / f"{name}.pdf"
        import hashlib

        assert status[name]["outputs"] == {f"{name}.pdf": hashlib.sha256(pdf.read_bytes()).hexdigest()}
    assert (report["produced"], report["failed"]) == (3, 1)
    assert "unit2" in r.stdout and "失败" in r.stdout
    assert "unit" in (tmp_path / "out" / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert not list((tmp_path / "out").glob("**/*.part"))


def test_defaults_merge_and_manifest_names(tmp_path: Path) -> None:
    data = tmp_path / "base.yaml"
    data.write_text(UNIT.format(organ="某县局", date="2024-01-20", n=7), encoding="utf-8")
    defaults = tmp_path / "defaults.yaml"
    defaults.write_text("year: 2023\nsections:\n  expenditure: 专项经费3万元。\n", encoding="utf-8")
    manifest = tmp_path / "units.csv"
    manifest.write_text(
        "unit,data,organ\n../../evil,base.yaml,甲局\n乙局/子单位,base.yaml,乙局\nCON,base.yaml,丙局\n",
        encoding="utf-8",
    )
    units = batch.discover(manifest, defaults)
    assert [u.values["organ"] for u in units] == ["甲局", "乙局", "丙局"]
    assert units[0].values["sections"]["expenditure"] == "无。"  # the unit's own value wins over the default
    stems = [batch.output_stem("{unit}/{year}-年度报告", u) for u in units]
    assert stems == ["evil/2023-年度报告", "乙局/子单位/2023-年度报告", "unit_CON/2023-年度报告"]
    for s in stems:
        assert not s.startswith("/") and ".." not in s.split("/")


def test_two_units_same_output_refused(tmp_path: Path) -> None:
    make_units(tmp_path / "in")
    r = run_batch(tmp_path / "in", tmp_path / "out", "--name", "{year}")
    assert r.returncode == 2 and "输出文件名相同" in r.stderr and "Traceback" not in r.stderr


def test_resume_skips_unchanged_and_redoes_changed(tmp_path: Path) -> None:
    make_units(tmp_path / "in")
    assert run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "1").returncode == 0
    first = (tmp_path / "out" / "unit1.pdf").stat().st_mtime_ns
    changed = tmp_path / "in" / "unit3.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("103条", "999条"), encoding="utf-8")
    r = run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "1", "--resume")
    assert r.returncode == 0, r.stderr
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text(encoding="utf-8"))
    status = {u["unit"]: u["status"] for u in report["units"]}
    assert status == {"unit0": "skipped", "unit1": "skipped", "unit2": "skipped", "unit3": "produced"}
    assert (tmp_path / "out" / "unit1.pdf").stat().st_mtime_ns == first
    (tmp_path / "out" / "unit0.pdf").write_bytes(b"tampered")  # a changed output is redone too
    run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "1", "--resume")
    assert (tmp_path / "out" / "unit0.pdf").read_bytes().startswith(b"%PDF")


def test_interrupted_run_keeps_finished_outputs_and_leaves_no_partial_files(tmp_path: Path) -> None:
    make_units(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    jobs = batch.plan_jobs(batch.discover(tmp_path / "in"), out, "{unit}", ("pdf",), None, STAMP, False)
    seen = []

    def stop_after_first(result: batch.UnitResult) -> None:
        seen.append(result)
        raise KeyboardInterrupt

    report = batch.run(jobs, out, 1, progress=stop_after_first)
    statuses = [r.status for r in report.results]
    assert statuses[0] == "produced" and set(statuses[1:]) == {"interrupted"}
    assert (out / "unit0.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "batch-report.csv",
        "batch-report.json",
        "unit0.pdf",
    ]
    assert not list(out.glob("**/*.part"))


def test_dask_executor_matches_local(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    make_units(tmp_path / "in")
    units = batch.discover(tmp_path / "in")[:2]
    local = tmp_path / "local"
    local.mkdir()
    batch.run(batch.plan_jobs(units, local, "{unit}", ("pdf",), None, STAMP, False), local, 1)
    remote = tmp_path / "dask"
    remote.mkdir()
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        jobs = batch.plan_jobs(units, remote, "{unit}", ("pdf",), None, STAMP, False, write=False)
        report = batch.run(jobs, remote, 1, executor="dask", scheduler=cluster.scheduler_address)
    assert [r.status for r in report.results] == ["produced", "produced"]
    for u in units:
        assert (remote / f"{u.name}.pdf").read_bytes() == (local / f"{u.name}.pdf").read_bytes()


def test_dask_outputs_come_back_or_go_to_the_shared_folder(tmp_path: Path) -> None:
    """From the command line: by default the workers send the bytes back and this machine writes them;
    ``--dask-output shared`` has the workers write into --out (a folder every worker sees)."""
    distributed = pytest.importorskip("distributed")
    make_units(tmp_path / "in")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        address = ("--executor", "dask", "--scheduler", cluster.scheduler_address)
        back = run_batch(tmp_path / "in", tmp_path / "back", *address)
        shared = run_batch(tmp_path / "in", tmp_path / "shared", *address, "--dask-output", "shared")
    for run, out in ((back, tmp_path / "back"), (shared, tmp_path / "shared")):
        assert run.returncode == 0, run.stderr
        assert sorted(p.name for p in out.glob("*.pdf")) == [f"unit{i}.pdf" for i in range(4)]
    assert (tmp_path / "back" / "unit0.pdf").read_bytes() == (tmp_path / "shared" / "unit0.pdf").read_bytes()
    wrong = run_batch(tmp_path / "in", tmp_path / "wrong", *address, "--dask-output", "nfs")
    assert wrong.returncode == 2
    assert "--dask-output 只能是 return 或 shared" in wrong.stderr
    assert not (tmp_path / "wrong" / "unit0.pdf").exists()


def test_a_misspelt_executor_is_refused_not_run_locally(tmp_path: Path) -> None:
    make_units(tmp_path / "in")
    r = run_batch(tmp_path / "in", tmp_path / "out", "--executor", "dsk")
    assert r.returncode == 2
    assert "--executor 只能是 local 或 dask，而不是“dsk”" in r.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_rollup_totals_equal_the_sum_of_units(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from docgen import rollup

    example = (Path(__file__).resolve().parent.parent / "inputs" / "annual-2024-example.yaml").read_text(
        encoding="utf-8"
    )
    folder = tmp_path / "units"
    folder.mkdir()
    for i in range(3):
        (folder / f"u{i}.yaml").write_text(example.replace("示例市民政局", f"示例县{i}局"), encoding="utf-8")
    bad = example.replace("new_received: [42, 3, 0, 1, 2, 0, 48]", "new_received: [42, 3, 0, 1, 2, 0, 49]")
    (folder / "bad.yaml").write_text(bad, encoding="utf-8")
    result, doc, xlsx = rollup.run(folder, None, "示例市民政局")
    assert result.included == ["u0", "u1", "u2"]
    assert [type(b).__name__ for b in doc.body].count("Table") == 3
    assert result.excluded[0][0] == "bad" and "相差 +1" in result.excluded[0][1]
    from docgen.data.loader import load_data
    from docgen.kinds.annual_report.kind import load_report

    one, _ = load_report(load_data(folder / "u0.yaml"))
    for row in ("new_received", "carried_over", "granted", "result_total", "carry_forward"):
        for col in ("natural_person", "total"):
            assert result.total.t3.value(row, col) == 3 * one.t3.value(row, col)
    wb = load_workbook(__import__("io").BytesIO(xlsx))
    assert wb.sheetnames == ["表二", "表三", "表四", "单位"]
    values = [c for row in wb["表三"].iter_rows(values_only=True) for c in row]
    assert 3 * one.t3.value("new_received", "total") in values
    units = list(wb["单位"].iter_rows(values_only=True))
    assert units[-1][:2] == ("bad", "未计入")


def test_workbook_with_one_sheet_per_unit(tmp_path: Path) -> None:
    """A workbook whose sheets are the units (``field | value`` rows), messages pointing at sheet!cell."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for i, date in enumerate(("2024-01-20", "2024-13-01")):
        ws = wb.create_sheet(f"某县第{i}局")
        ws.append(["字段", "值"])
        fields = {
            "template": "annual-report-pre2019",
            "organ": f"某县第{i}局",
            "year": 2023,
            "date": date,
            "preface": "本年度报告。",
            "sections.overview": "概述。",
            "sections.proactive": "主动公开。",
            "sections.on_request": "依申请公开。",
            "sections.consultation": "咨询。",
            "sections.review_litigation": "无。",
            "sections.expenditure": "无。",
            "sections.other_work": "无。",
            "sections.problems": "时效性有待提高。",
        }
        for key, value in fields.items():
            ws.append([key, value])
    src = tmp_path / "units.xlsx"
    wb.save(src)
    units = batch.discover(src)
    assert [u.name for u in units] == ["某县第0局", "某县第1局"]
    assert units[0].values["sections"]["overview"] == "概述。"
    r = run_batch(src, tmp_path / "out", "--jobs", "1")
    assert r.returncode == 1
    report = json.loads((tmp_path / "out" / "batch-report.json").read_text(encoding="utf-8"))
    status = {u["unit"]: u for u in report["units"]}
    assert status["某县第0局"]["status"] == "produced"
    assert status["某县第1局"]["status"] == "failed" and "某县第1局!B5" in status["某县第1局"]["messages"][0]


def test_warm_up_renders_once_and_never_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork server's warm-up (docgen/warmup.py) leaves the process warm; if it cannot render, the
    batch goes on cold rather than failing."""
    from docgen import api

    assert "docgen.warmup" in batch.PRELOAD
    monkeypatch.setattr(batch, "_warm", False)
    calls = []
    render = api.render_document
    monkeypatch.setattr(api, "render_document", lambda *a, **k: calls.append(a) or render(*a, **k))
    batch.warm_up()
    assert batch._warm and len(calls) == 1

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(batch, "_warm", False)
    monkeypatch.setattr(api, "init", broken)
    batch.warm_up()
    assert not batch._warm


def test_the_folders_defaults_file_serves_when_none_is_named(tmp_path: Path) -> None:
    """A folder prepared for a batch carries its shared values in _defaults.yaml: used (and said) without
    --defaults; an explicitly named file still wins."""
    src = tmp_path / "units"
    make_units(src)
    for f in src.glob("unit*.yaml"):  # the template moves to the defaults
        f.write_text(f.read_text(encoding="utf-8").replace("template: annual-report-pre2019\n", ""), "utf-8")
    (src / "_defaults.yaml").write_text("template: annual-report-pre2019\n", encoding="utf-8")
    done = run_batch(src, tmp_path / "out", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    assert "_defaults.yaml" in done.stderr and len(list((tmp_path / "out").glob("*.pdf"))) == 4
    (tmp_path / "other.yaml").write_text("template: no-such-template\n", encoding="utf-8")
    named = run_batch(src, tmp_path / "out2", "--jobs", "1", "--defaults", str(tmp_path / "other.yaml"))
    assert named.returncode == 1 and "no-such-template" in named.stdout + named.stderr
