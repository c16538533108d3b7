"""Batch runs: bad units reported while good ones are produced; names safe; resume; interruption; Dask."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_finalize import PASSWORD, pki  # noqa: F401  (the throwaway PKI fixture)

from docgen import api, batch

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
    header = (tmp_path / "out" / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("单位,来源,状态")  # the user's language
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


def read_report(out: Path) -> dict:
    return json.loads((out / "batch-report.json").read_text(encoding="utf-8"))


def test_resume_skips_unchanged_and_redoes_changed(tmp_path: Path) -> None:
    make_units(tmp_path / "in")
    assert run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "1").returncode == 0
    first = (tmp_path / "out" / "unit1.pdf").stat().st_mtime_ns
    changed = tmp_path / "in" / "unit3.yaml"
    changed.write_text(changed.read_text(encoding="utf-8").replace("103条", "999条"), encoding="utf-8")
    r = run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "1", "--resume")
    assert r.returncode == 0, r.stderr
    report = read_report(tmp_path / "out")
    # rows only for the units that did something; the skipped ones are counted
    assert {u["unit"]: u["status"] for u in report["units"]} == {"unit3": "produced"}
    assert (report["skipped"], report["produced"]) == (3, 1)
    assert report["units"][0]["status_text"] == "已生成"
    assert (tmp_path / "out" / "unit1.pdf").stat().st_mtime_ns == first
    (tmp_path / "out" / "unit0.pdf").write_bytes(b"tampered")  # a changed output is redone too
    run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "1", "--resume")
    assert (tmp_path / "out" / "unit0.pdf").read_bytes().startswith(b"%PDF")


def test_resume_skips_every_time(tmp_path: Path) -> None:
    """Skipped units keep their fingerprint in the state: a third and fourth resume skip them again (they
    used to be saved with an empty one, so every other resume redid them all)."""
    make_units(tmp_path / "in")
    assert run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "2").returncode == 0
    for _ in range(3):
        r = run_batch(tmp_path / "in", tmp_path / "out", "--jobs", "2", "--resume")
        assert r.returncode == 0, r.stderr
        report = read_report(tmp_path / "out")
        assert (report["skipped"], report["produced"], report["units"]) == (4, 0, [])
    args = (str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--format", "pdf", "--resume")
    verbose = subprocess.run(
        [sys.executable, "-m", "docgen", "--verbose", "batch", *args],
        capture_output=True,
        text=True,
    )
    assert verbose.returncode == 0, verbose.stderr
    rows = read_report(tmp_path / "out")["units"]
    assert [u["status_text"] for u in rows] == ["跳过（未改变）"] * 4  # --verbose: a row for every unit
    assert "\\u" not in (tmp_path / "out" / "batch-report.json").read_text(encoding="utf-8")


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
    (folder / "u9.yaml").write_text(
        example.replace("示例市民政局", "示例县0局"), encoding="utf-8"
    )  # sent twice
    result, doc, xlsx = rollup.run(folder, None, "示例市民政局")
    assert result.excluded[1].unit == "示例县0局" and "重复提交" in result.excluded[1].reason
    assert result.included == ["示例县0局", "示例县1局", "示例县2局"]  # by organ, not by file name
    assert [type(b).__name__ for b in doc.body].count("Table") == 3
    assert result.excluded[0].unit == "示例市民政局" and "相差 +1" in result.excluded[0].reason
    assert "bad.yaml 第" in result.excluded[0].detail and "bad.yaml" not in result.excluded[0].reason
    from docgen.data.loader import load_data
    from docgen.kinds.annual_report.kind import load_report

    one, _ = load_report(load_data(folder / "u0.yaml"))
    for row in ("new_received", "carried_over", "granted", "result_total", "carry_forward"):
        for col in ("natural_person", "total"):
            assert result.total.t3.value(row, col) == 3 * one.t3.value(row, col)
    wb = load_workbook(__import__("io").BytesIO(xlsx))
    assert wb.sheetnames[:3] == ["表二", "表三", "表四"]
    values = [c for row in wb["表三"].iter_rows(values_only=True) for c in row]
    assert 3 * one.t3.value("new_received", "total") in values
    units = list(wb["未计入单位"].iter_rows(values_only=True))
    assert units[1][:2] == ("示例市民政局", "bad.yaml")


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


def test_warm_up_loads_without_rendering_and_never_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fork server's warm-up (docgen/warmup.py) loads fonts, metrics and the DOCX base and leaves the
    process warm without rendering a document (every worker would wait for that render); if it cannot
    load them, the batch goes on cold rather than failing."""
    from docgen import api
    from docgen.batch import job  # the worker's warm flag lives with the per-unit job
    from docgen.render.docx import base

    assert "docgen.warmup" in batch.PRELOAD
    monkeypatch.setattr(job, "_warm", False)
    calls: list[object] = []
    monkeypatch.setattr(api, "render_document", lambda *a, **k: calls.append(a))
    base._base.cache_clear()
    batch.warm_up()
    assert job._warm and calls == [] and base._base.cache_info().currsize == 1

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no space left")

    monkeypatch.setattr(job, "_warm", False)
    monkeypatch.setattr(base, "package", broken)
    batch.warm_up()
    assert not job._warm


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


# --- the bureau's loop: init --xlsx → fill → collect → check → batch → roll up ------------------------------
ORGANS = ("甲县民政局", "乙县民政局", "丙县民政局")


def collect_workbooks(folder: Path) -> list[Path]:
    """Three workbooks written by ``docgen init annual-report --xlsx`` and filled with openpyxl as a
    secretary would (tests/test_annual_report.py's _fill): 乙县 has a wrong total (表三!J7), 丙县 a rare
    name character (喆: printed by a stand-in face) and an ASCII comma in its text (corrected, noticed). The
    files come back with the names people give them; the unit's name is its 发文机关 cell."""
    import openpyxl
    from test_annual_report import EXAMPLE, _fill

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, organ in enumerate(ORGANS):
        path = folder / ("年报.xlsx" if i == 0 else f"年报({i}).xlsx")
        r = subprocess.run(
            [
                sys.executable,
                "-m",
                "docgen",
                "init",
                "annual-report",
                "--year",
                "2024",
                "--xlsx",
                "-o",
                str(path),
            ],
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr
        _fill(path, EXAMPLE)
        wb = openpyxl.load_workbook(path)
        info = wb["基本信息"]
        next(row for row in info.iter_rows(min_row=2) if row[0].value == "发文机关")[1].value = organ
        if i == 1:
            wb["表三"]["J7"] = 21  # （一）予以公开 总计: one more than its row adds up to
        if i == 2:
            overall = next(row for row in wb["正文"].iter_rows(min_row=2) if row[0].value == "一、总体情况")[
                1
            ]
            overall.value += "\n局长王喆带队检查,各科室参加。"
        wb.save(path)
        paths.append(path)
    return paths


def test_folder_of_filled_workbooks_check_batch(tmp_path: Path) -> None:
    src = tmp_path / "collected"
    collect_workbooks(src)
    (src / "_defaults.yaml").write_text("preface: 本报告按全市统一口径编制。\n", encoding="utf-8")
    units = batch.discover(src, batch.folder_defaults(src))
    named = {u.name: u for u in units}  # by their 发文机关 cell, not 年报(1).xlsx
    assert sorted(named) == sorted(ORGANS)
    assert named["甲县民政局"].values["preface"] == "本报告按全市统一口径编制。"  # shared defaults apply
    assert named["甲县民政局"].where == "年报.xlsx"

    check = subprocess.run(
        [sys.executable, "-m", "docgen", "check", str(src)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
    )
    assert check.returncode == 1, check.stderr
    assert "检查 3 个单位：通过 2 个，未通过 1 个（乙县民政局）" in check.stdout
    assert (
        "乙县民政局（年报(1).xlsx）：有 2 处错误" in check.stdout and "年报(1).xlsx 表三!J7" in check.stdout
    )
    assert not list(tmp_path.glob("**/*.pdf"))  # checking renders nothing

    r = run_batch(src, tmp_path / "out", "--jobs", "2")
    assert r.returncode == 1, r.stderr
    report = read_report(tmp_path / "out")
    rows = {u["unit"]: u for u in report["units"]}
    assert {k: v["status"] for k, v in rows.items()} == dict(
        zip(ORGANS, ("produced", "failed", "produced"), strict=True)
    )
    assert "表三!J7" in rows["乙县民政局"]["messages"][0]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["丙县民政局.pdf", "甲县民政局.pdf"]
    # everything a single render tells, in the unit's row: the font fallback and the punctuation notice
    origins = {f["origin"]: f for f in rows["丙县民政局"]["findings"]}
    assert "喆" in origins["fonts"]["message"] and origins["fonts"]["severity"] == "warning"
    assert origins["punctuation"]["severity"] == "notice"
    assert not any(f["origin"] == "fonts" for f in rows["甲县民政局"]["findings"])
    csv_text = (tmp_path / "out" / "batch-report.csv").read_text(encoding="utf-8-sig")
    assert "喆" in csv_text and "[警告·字体]" in csv_text and "[提示·标点]" in csv_text


def test_same_unit_name_twice_is_refused_before_anything_runs(tmp_path: Path) -> None:
    """Two rows (or two collected workbooks) for one unit used to overwrite each other's result: a failed
    unit reported as produced, exit 0."""
    make_units(tmp_path / "in", bad=("unit1",))
    manifest = tmp_path / "units.csv"
    manifest.write_text(
        "unit,data\n甲局,in/unit0.yaml\n乙局,in/unit2.yaml\n甲局,in/unit1.yaml\n", encoding="utf-8"
    )
    r = run_batch(manifest, tmp_path / "out")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "单位名称重复" in r.stderr and "“甲局”：units.csv 第 2 行 与 units.csv 第 4 行" in r.stderr
    assert not (tmp_path / "out").exists()


def test_manifests_saved_by_chinese_excel(tmp_path: Path) -> None:
    """GB18030/GBK (what Chinese Excel and WPS save), UTF-8 with or without BOM; dates as Excel writes
    them; an undecodable file is named with the encoding to use."""
    make_units(tmp_path / "in")
    text = "unit,data,organ,date\n甲局,in/unit0.yaml,某县甲局,2024/1/20\n乙局,in/unit1.yaml,某县乙局,2024-01-21\n"
    for name, data in (
        ("gbk.csv", text.encode("gbk")),
        ("gb18030.csv", text.encode("gb18030")),
        ("bom.csv", text.encode("utf-8-sig")),
        ("plain.csv", text.encode("utf-8")),
    ):
        (tmp_path / name).write_bytes(data)
        units = batch.discover(tmp_path / name)
        assert [(u.name, u.values["organ"]) for u in units] == [("甲局", "某县甲局"), ("乙局", "某县乙局")], (
            name
        )
        assert units[0].values["date"] == dt.date(2024, 1, 20)
    (tmp_path / "codes.csv").write_text("unit,phone,count\n001,07367251105,12\n", encoding="utf-8")
    [coded] = batch.discover(tmp_path / "codes.csv")  # names and codes stay as written
    assert (coded.name, coded.values["phone"], coded.values["count"]) == ("001", "07367251105", 12)
    (tmp_path / "bad.csv").write_bytes(b"unit,organ\n\xe7\x94\xb2,\x80\xff\xfe\n")
    r = run_batch(tmp_path / "bad.csv", tmp_path / "out")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "bad.csv" in r.stderr and "第 2 行" in r.stderr and "CSV UTF-8" in r.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "找不到"),  # missing
        (b"\x00\x01\x02junk\x00", "不是文本格式"),
        ("organ,year\n甲局,2024\n".encode(), "没有单位名称列"),
        ("unit,organ,organ.x\n甲局,某局,1\n".encode(), "列“organ”与“organ.x”冲突"),
        (b"unit,data\n", "没有单位"),
    ],
)
def test_junk_manifests_are_exit_2(tmp_path: Path, content: bytes | None, expected: str) -> None:
    manifest = tmp_path / "units.csv"
    if content is not None:
        manifest.write_bytes(content)
    r = run_batch(manifest, tmp_path / "out")
    assert r.returncode == 2, r.stdout + r.stderr
    assert expected in r.stderr and "Traceback" not in r.stderr and "内部错误" not in r.stderr


def test_junk_workbook_and_bad_name_patterns_are_exit_2(tmp_path: Path) -> None:
    (tmp_path / "units.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")
    r = run_batch(tmp_path / "units.xlsx", tmp_path / "out")
    assert r.returncode == 2 and "无法读取 Excel 文件" in r.stderr, r.stderr
    make_units(tmp_path / "in")
    unknown = run_batch(tmp_path / "in", tmp_path / "out", "--name", "{unit}/{region}")
    assert unknown.returncode == 2 and "字段“region”" in unknown.stderr and "{organ}" in unknown.stderr
    for pattern in ("{unit.x}", "{unit!z}", "{0}", "{unit"):
        bad = run_batch(tmp_path / "in", tmp_path / "out", "--name", pattern)
        assert bad.returncode == 2 and "输出文件名模式" in bad.stderr, (pattern, bad.stderr)


def test_a_manifest_without_a_template_column_gets_a_manifest_hint(tmp_path: Path) -> None:
    manifest = tmp_path / "units.csv"
    manifest.write_text("unit,organ,year\n甲局,某县甲局,2023\n", encoding="utf-8")
    r = run_batch(manifest, tmp_path / "out")
    assert r.returncode == 2, r.stderr  # no row names a template: refused before anything runs
    assert (
        "都没有指定模板" in r.stderr and "在清单中加一列 template" in r.stderr and "文件开头" not in r.stderr
    )
    manifest.write_text(
        "unit,template,data\n甲局,annual-report-pre2019,in/unit0.yaml\n乙局,,in/unit1.yaml\n",
        encoding="utf-8",
    )
    make_units(tmp_path / "in")
    for f in (tmp_path / "in").glob("*.yaml"):
        f.write_text(f.read_text(encoding="utf-8").replace("template: annual-report-pre2019\n", ""), "utf-8")
    r = run_batch(manifest, tmp_path / "out")
    assert r.returncode == 1, r.stderr  # one row lacks it: that unit fails, with the manifest's hint
    rows = {u["unit"]: u for u in read_report(tmp_path / "out")["units"]}
    assert rows["甲局"]["status"] == "produced"
    message = rows["乙局"]["messages"][0]
    assert "没有指定模板" in message and "在清单中加一列 template" in message and "文件开头" not in message


def test_report_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    rows = [
        batch.UnitResult('=HYPERLINK("http://x","y")', "failed", ["+1", "-2"], source="@a"),
        batch.UnitResult("\tcmd", "produced"),
        batch.UnitResult("正常单位", "produced"),
    ]
    batch.write_report(batch.BatchReport("s", "f", rows, str(tmp_path)), tmp_path)
    import csv

    table = list(csv.reader((tmp_path / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert table[1][0] == '\'=HYPERLINK("http://x","y")' and table[1][1] == "'@a"
    assert table[1][3] == "'+1 | -2" and table[2][0] == "'\tcmd" and table[3][0] == "正常单位"


def many_units(src: Path, out: Path, n: int) -> list[str]:
    """``n`` valid units in ``src``; the command line that batches them into ``out`` on two workers."""
    src.mkdir()
    for i in range(n):
        (src / f"u{i:02d}.yaml").write_text(
            UNIT.format(organ=f"某县第{i}局", date="2024-01-20", n=i), encoding="utf-8"
        )
    return [
        sys.executable,
        "-m",
        "docgen",
        "batch",
        str(src),
        "--out",
        str(out),
        "--format",
        "pdf",
        "-j",
        "2",
    ]


def _descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_sigkill_of_the_main_process_ends_its_workers_and_resume_redoes_only_the_rest(tmp_path: Path) -> None:
    import signal
    import time

    src, out = tmp_path / "in", tmp_path / "out"
    args = many_units(src, out, 24)
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state_file = out / batch.STATE_FILE
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else {}
        if len(state) >= 3:
            break
        assert proc.poll() is None, "the batch ended before it could be killed"
        time.sleep(0.05)
    family = _descendants(proc.pid)
    assert len(family) >= 3  # fork server, two workers (and the resource tracker)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    time.sleep(5)
    assert [p for p in family if _alive(p)] == []
    done = set(json.loads(state_file.read_text(encoding="utf-8")))
    assert 3 <= len(done) < 24
    for pdf in out.glob("*.pdf"):  # whatever is on disk is whole
        assert pdf.read_bytes().rstrip().endswith(b"%%EOF"), pdf
    resumed = subprocess.run(
        [sys.executable, "-m", "docgen", "--verbose", *args[3:], "--resume"], capture_output=True, text=True
    )
    assert resumed.returncode == 0, resumed.stderr
    rows = {u["unit"]: u["status"] for u in read_report(out)["units"]}
    assert {u for u, s in rows.items() if s == "skipped"} == done
    assert {u for u, s in rows.items() if s == "produced"} == {f"u{i:02d}" for i in range(24)} - done
    assert not list(out.rglob("*.part"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc")
def test_ctrl_c_report_lists_exactly_what_is_on_disk(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group: the workers leave it to the main process, which drops the
    units not started and lets the running ones finish, so the report's produced units are the files."""
    import hashlib
    import signal
    import time

    src, out = tmp_path / "in", tmp_path / "out"
    args = many_units(src, out, 12)
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 300
    while len(list(out.glob("*.pdf"))) < 2 and time.monotonic() < deadline:
        assert proc.poll() is None
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    proc.communicate(timeout=120)
    assert proc.returncode == 130
    report = read_report(out)
    produced = {
        rel: sha for u in report["units"] if u["status"] == "produced" for rel, sha in u["outputs"].items()
    }
    on_disk = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.glob("*.pdf")}
    assert produced == on_disk
    assert report["interrupted"] == 12 - len(on_disk) > 0
    assert all(u["status_text"] in ("已生成", "已中止") for u in report["units"])


def test_rollup_of_collected_workbooks(tmp_path: Path) -> None:
    """The roll-up of the three collected workbooks: named by organ; the one with a wrong total left out,
    its problem in plain words in the PDF/DOCX and with its cell in the terminal and the .xlsx; a sheet per
    table with a row per unit and the total; a chart; exit 1 unless --allow-excluded."""
    import io

    from openpyxl import load_workbook

    from docgen import rollup

    src = tmp_path / "collected"
    collect_workbooks(src)
    result, doc, _ = rollup.run(src, None, "某市民政局")
    assert sorted(result.included) == ["丙县民政局", "甲县民政局"]
    printed = "".join(b.text for b in doc.body if type(b).__name__ == "Paragraph")
    assert "乙县民政局（2 处错误，如：表三 “（一）予以公开”行" in printed
    assert "xlsx" not in printed and "!J7" not in printed and "第 " not in printed
    args = [
        sys.executable,
        "-m",
        "docgen",
        "rollup",
        str(src),
        "--organ",
        "某市民政局",
        "--out",
        str(tmp_path / "r"),
    ]
    r = subprocess.run(
        [*args, "-f", "pdf"], capture_output=True, text=True, env={**os.environ, "COLUMNS": "250"}
    )
    assert r.returncode == 1, r.stderr
    assert (
        "未计入 乙县民政局（年报(1).xlsx）" in r.stderr
        and "表三!J7" in r.stderr
        and "--allow-excluded" in r.stderr
    )
    book = next((tmp_path / "r").glob("*.xlsx"))
    wb = load_workbook(io.BytesIO(book.read_bytes()))
    assert wb.sheetnames == [
        "表二",
        "表三",
        "表四",
        "表二（各单位）",
        "表三（各单位）",
        "表四（各单位）",
        "未计入单位",
        "图表",
    ]
    rows = list(wb["表三（各单位）"].iter_rows(values_only=True))
    assert rows[0][0] == "单位" and "一、本年新收政府信息公开申请数量·总计" in rows[0]
    col = rows[0].index("一、本年新收政府信息公开申请数量·总计")
    assert [row[0] for row in rows[1:]] == [*result.included, "合计"]
    assert rows[-1][col] == sum(row[col] for row in rows[1:-1]) > 0
    excluded = list(wb["未计入单位"].iter_rows(values_only=True))
    assert excluded[1][0] == "乙县民政局" and "表三!J7" in excluded[1][3]
    chart = wb["图表"]
    assert chart._charts and [c.value for c in chart[1]][:5] == [
        "单位",
        "新收申请",
        "予以公开",
        "行政复议",
        "行政诉讼",
    ]
    assert subprocess.run([*args, "-f", "pdf", "--allow-excluded"], capture_output=True).returncode == 0


def test_batch_final_for_every_valid_unit_then_sign_and_verify(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """``batch --final``: a final (PDF/A, manifest, approval) for each valid unit, the invalid one refused
    as render --final refuses it; every final signs and verifies."""
    keys = request.getfixturevalue("pki")
    from docgen.finalize import manifest as mf
    from docgen.finalize.sign import sign
    from docgen.finalize.verify import verify

    make_units(tmp_path / "in", bad=("unit2",))
    out = tmp_path / "out"
    r = run_batch(tmp_path / "in", out, "--final", "--signer", "张三", "--approved", "2024-01-25", "-j", "2")
    assert r.returncode == 1, r.stderr
    rows = {u["unit"]: u for u in read_report(out)["units"]}
    assert rows["unit2"]["status"] == "failed" and "月份超出范围" in rows["unit2"]["messages"][0]
    assert not (out / "unit2.pdf").exists()
    for name in ("unit0", "unit1", "unit3"):
        assert rows[name]["status"] == "produced"
        assert set(rows[name]["outputs"]) == {f"{name}.pdf", f"{name}.manifest.json"}
        manifest = json.loads(mf.manifest_path(out / name).read_text(encoding="utf-8"))
        assert manifest["approval"]["signer"] == "张三" and manifest["approval"]["date"] == "2024-01-25"
        sign(out / f"{name}.pdf", keys["p12"], PASSWORD.encode())
        report = verify(out / f"{name}.pdf", [keys["ca"]])
        assert report.bottom_line, [f.zh for f in report.failed()]
    signed = {name: (out / f"{name}.pdf").read_bytes() for name in ("unit0", "unit1", "unit3")}
    final = ("--final", "--signer", "张三", "--approved", "2024-01-25", "-j", "1")
    again = run_batch(tmp_path / "in", out, *final, "--resume")  # signed since: unchanged, kept
    rows = {u["unit"]: u["status"] for u in read_report(out)["units"]}
    assert rows == {"unit2": "failed"} and read_report(out)["skipped"] == 3, again.stderr
    assert run_batch(tmp_path / "in", out, *final).returncode == 1  # never overwritten, even without --resume
    rows = {u["unit"]: u for u in read_report(out)["units"]}
    assert rows["unit0"]["status"] == "failed" and "已有签了名的定稿，不覆盖" in rows["unit0"]["messages"][0]
    assert {name: (out / f"{name}.pdf").read_bytes() for name in signed} == signed
    bad = run_batch(tmp_path / "in", tmp_path / "o2", "--final", "--draft")
    assert bad.returncode == 2 and "不能同时使用" in bad.stderr


def test_check_one_unit_with_the_shared_defaults_and_batch_check_only(tmp_path: Path) -> None:
    src = tmp_path / "units"
    make_units(src, bad=("unit2",))
    for f in src.glob("unit*.yaml"):  # the template moves to the shared defaults
        f.write_text(f.read_text(encoding="utf-8").replace("template: annual-report-pre2019\n", ""), "utf-8")
    defaults = tmp_path / "shared.yaml"
    defaults.write_text("template: annual-report-pre2019\n", encoding="utf-8")

    def docgen(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "docgen", *args],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "200"},
        )

    alone = docgen("check", str(src / "unit0.yaml"))
    assert alone.returncode == 2 and "template" in alone.stderr
    merged = docgen("check", str(src / "unit0.yaml"), "--defaults", str(defaults))
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "检查 1 个单位：通过 1 个" in merged.stdout
    last_year = docgen("check", str(src), "--defaults", str(defaults), "--previous", str(src / "unit1.yaml"))
    assert last_year.returncode == 2 and "--previous 是一个单位的上年数据" in last_year.stderr
    only = docgen(
        "batch", str(src), "--defaults", str(defaults), "--check-only", "--out", str(tmp_path / "out")
    )
    assert only.returncode == 1
    assert (
        "检查 4 个单位：通过 3 个，未通过 1 个（unit2）" in only.stdout
        and "unit2.yaml 第 3 行" in only.stdout
    )
    assert not (tmp_path / "out").exists()


def test_the_shipped_manifest_examples_check_clean() -> None:
    """inputs/batch-manifest.csv (a row per unit with values of its own) and inputs/batch-sheets.xlsx (a
    sheet per unit), as the README runs them."""
    inputs = Path(__file__).resolve().parent.parent / "inputs"
    csv_units = batch.discover(inputs / "batch-manifest.csv", inputs / "batch-2024" / "_defaults.yaml")
    assert [u.name for u in csv_units] == ["武陵区民政局", "鼎城区民政局", "津市市民政局"]
    assert csv_units[1].values["date"] == dt.date(2025, 1, 15)
    assert csv_units[2].values["sections"]["other_matters"] == "无。"
    sheet_units = batch.discover(inputs / "batch-sheets.xlsx")
    assert [u.name for u in sheet_units] == ["桃源县民政局", "汉寿县民政局"]
    for unit in [*csv_units, *sheet_units]:
        assert not [f.text() for f in batch.check_unit(unit) if f.severity.value == "error"], unit.name


def test_mixed_folder_and_a_blank_workbook_points_at_its_cells(tmp_path: Path) -> None:
    """YAML units and a workbook side by side; a workbook sent back blank is named by its file and its
    findings point at its own cells (the positions survive the trip to a worker process)."""
    import pickle

    from docgen import api

    make_units(tmp_path / "in")
    api.init("annual-report", 2024, tmp_path / "in" / "空白.xlsx")
    (tmp_path / "in" / "~$空白.xlsx").write_bytes(b"lock file Excel leaves while the workbook is open")
    units = pickle.loads(pickle.dumps(batch.discover(tmp_path / "in")))
    assert [u.name for u in units] == ["unit0", "unit1", "unit2", "unit3", "空白"]
    found = [f.text() for f in batch.check_unit(units[-1]) if f.severity.value == "error"]
    assert any("未填写发文机关" in t and "空白.xlsx 基本信息!B5" in t for t in found), found


def test_one_diagnostics_channel_with_origins(tmp_path: Path) -> None:
    """Findings, font fallbacks and WeasyPrint's warnings as one list of findings, each with its origin;
    the report's statuses and headers in the user's language."""
    from docgen import api
    from docgen.errors import Finding, Severity
    from docgen.model import Role
    from docgen.typeset.fonts import Fallback

    findings = [
        Finding(Severity.WARNING, "R7", "表三 某项偏大"),
        Finding(Severity.NOTICE, "punctuation", "已将 1 处半角标点改为全角"),
        Finding(Severity.ERROR, "missing-field", "未填写发文机关（organ）"),
    ]
    out = api.diagnostics(
        findings, [Fallback(Role.FANGSONG, "喆", "Noto Serif CJK SC")], ["Ignored `foo: bar`"]
    )
    assert [(f.origin, f.severity.value) for f in out] == [
        ("rules", "warning"),
        ("punctuation", "notice"),
        ("data", "error"),
        ("fonts", "warning"),
        ("layout", "warning"),
    ]
    assert "喆" in out[3].message and out[4].message == "Ignored `foo: bar`"
    result = batch.UnitResult("甲局", "skipped", findings=[batch.finding_row(f) for f in out])
    batch.write_report(
        batch.BatchReport("s", "f", [result], str(tmp_path)), tmp_path, lang="en", verbose=True
    )
    lines = (tmp_path / "batch-report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("unit,source,status") and "skipped (unchanged)" in lines[1]
    batch.write_report(batch.BatchReport("s", "f", [result], str(tmp_path)), tmp_path)  # not verbose
    assert read_report(tmp_path)["units"] == [] and read_report(tmp_path)["skipped"] == 1


def test_rollup_leaves_out_a_unit_with_blank_cells(tmp_path: Path) -> None:
    """A blank cell is not a 0: a unit whose 表三 has blanks is not added into the totals (they would count
    numbers nobody reported), and the reason names the blank cells; ``check FOLDER`` does not call it passed."""
    from docgen import rollup

    example = (Path(__file__).resolve().parent.parent / "inputs" / "annual-2024-example.yaml").read_text(
        encoding="utf-8"
    )
    folder = tmp_path / "units"
    folder.mkdir()
    for i in range(2):
        (folder / f"u{i}.yaml").write_text(example.replace("示例市民政局", f"示例县{i}局"), encoding="utf-8")
    blank = example.replace("示例市民政局", "示例县9局").replace(
        "carried_over: [2, 0, 0, 0, 0, 0, 2]", "carried_over: [2, 0, 0, 0, null, 0, 2]"
    )
    assert blank != example.replace("示例市民政局", "示例县9局")
    (folder / "u9.yaml").write_text(blank, encoding="utf-8")
    result, _doc, _xlsx = rollup.run(folder, None, "示例市民政局")
    assert result.included == ["示例县0局", "示例县1局"]
    assert [x.unit for x in result.excluded] == ["示例县9局"]
    assert "空白单元格" in result.excluded[0].reason and "表三" in result.excluded[0].reason
    r = subprocess.run(
        [sys.executable, "-m", "docgen", "check", str(folder)],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "通过 2 个" in r.stdout and "因空白单元格未能全部核对 1 个（u9）" in r.stdout, r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "docgen", "check", str(folder), "--strict"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
    )
    assert r.returncode == 1, r.stdout + r.stderr


def test_the_api_plans_a_batch_as_the_command_does(tmp_path: Path) -> None:
    """``api.batch_units`` gives a unit that names no template the one asked for (and keeps a named one);
    ``api.plan_batch`` records the sign-off only with ``final``, as ``batch --final`` did."""
    make_units(tmp_path / "in")
    (tmp_path / "in" / "unit0.yaml").write_text(
        (tmp_path / "in" / "unit0.yaml").read_text(encoding="utf-8").replace("template:", "# template:"),
        encoding="utf-8",
    )
    units = api.batch_units(tmp_path / "in", None, "notice")
    assert [u.values["template"] for u in units][:2] == ["notice", "annual-report-pre2019"]
    out = tmp_path / "out"
    final = api.plan_batch(units, out, "{unit}", ("pdf",), final=True, signer="张三", approved="2024-01-25")
    assert {j.final for j in final} == {batch.SignOff("张三", "2024-01-25", "1")}
    assert {j.final for j in api.plan_batch(units, out, "{unit}", ("pdf",), signer="张三")} == {None}


def test_the_fork_server_is_started_before_the_command_line_is_parsed_only_when_a_pool_will_run() -> None:
    """``docgen batch`` starts its workers' fork server from the raw arguments (its start-up then overlaps
    the CLI's own), only when they ask for a local pool of more than one worker."""
    from docgen.forkserver import default_jobs
    from docgen.launch import command_at, wants_pool

    assert command_at(["--lang", "en", "-v", "batch", "in"]) == 3
    assert command_at(["--lang=en", "batch"]) == 1 and command_at(["--version"]) is None
    assert wants_pool(["in", "--jobs", "2"]) and wants_pool(["in", "-j2"]) and wants_pool(["in", "--jobs=3"])
    assert wants_pool(["in"]) == (default_jobs() > 1)
    for words in (
        ["in", "--jobs", "1"],
        ["in", "-j", "1"],
        ["in", "--jobs", "2", "--check-only"],
        ["in", "--jobs", "2", "--executor", "dask"],
        ["in", "--jobs=2", "--executor=dask"],
        ["--help"],
        ["in", "--jobs", "two"],
    ):
        assert not wants_pool(words), words
    assert wants_pool(["in", "--jobs", "2", "--", "--check-only"])  # after -- only names


def test_a_pooled_batch_starts_its_fork_server_before_the_cli_loads_and_renders_nothing_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``docgen`` process starts a pooled batch's fork server before it imports the CLI (launch.py),
    and every unit is rendered by a worker (the main process would render its first unit cold and take a
    core from them)."""
    from docgen import cli

    src = tmp_path / "in"
    src.mkdir()
    minutes = (Path(__file__).resolve().parent.parent / "inputs" / "minutes-2024.yaml").read_text(
        encoding="utf-8"
    )
    for i in range(3):
        (src / f"u{i}.yaml").write_text(minutes, encoding="utf-8")
    probe = (
        "import sys\n"
        "from docgen import forkserver\n"
        "real = forkserver.start\n"
        "def start():\n"
        "    print('CLI LOADED', 'docgen.cli' in sys.modules, flush=True)\n"
        "    return real()\n"
        "forkserver.start = start\n"
        f"sys.argv = ['docgen', 'batch', {str(src)!r}, '--out', {str(tmp_path / 'first')!r}, '--jobs', '2',"
        " '--format', 'pdf']\n"
        "from docgen.launch import run\n"
        "run()\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == "CLI LOADED False"
    assert len(list((tmp_path / "first").glob("*.pdf"))) == 3
    rendered_here: list[object] = []
    monkeypatch.setattr(api, "render_document", lambda *a, **k: rendered_here.append(a))
    cli.main(["batch", str(src), "--out", str(tmp_path / "out"), "--jobs", "2", "--format", "pdf"])  # exit 0
    assert rendered_here == []
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["u0.pdf", "u1.pdf", "u2.pdf"]


def test_a_worker_renders_a_unit_prepared_by_the_main_process_without_loading_its_kind(
    tmp_path: Path,
) -> None:
    """In a pooled batch the main process checks and composes each unit (``job.prepare_unit``) and a
    worker only renders it: what crosses to the worker carries no validated model, so the worker imports
    none of the kind's models and templates, nor pydantic; a refused unit is the main process's result
    at once."""
    import pickle

    from docgen.batch import job as unit_job

    src = tmp_path / "in"
    make_units(src, bad=("unit1",))
    jobs = batch.plan_jobs(batch.discover(src), tmp_path / "out", "{unit}", ("pdf",), None, STAMP, False)
    good, bad = (next(j for j in jobs if j.unit.name == name) for name in ("unit0", "unit1"))
    refused = unit_job.prepare_unit(bad)
    assert isinstance(refused, batch.UnitResult) and refused.status == "failed"
    assert "unit1.yaml 第 4 行" in refused.messages[0]
    shipped = unit_job.prepare_unit(good)
    assert isinstance(shipped, api.Prepared)
    assert shipped.data is None and shipped.document is not None
    (tmp_path / "unit.pickle").write_bytes(pickle.dumps((good, shipped)))
    probe = (
        "import pickle, sys\n"
        "from docgen.batch.job import render_unit\n"
        f"job, shipped = pickle.loads(open({str(tmp_path / 'unit.pickle')!r}, 'rb').read())\n"
        "result, _ = render_unit(job, shipped)\n"
        "print(result.status, sorted(m for m in sys.modules if m.startswith(('docgen.kinds.', 'pydantic'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split(None, 1) == ["produced", "[]\n"]  # no kind, no pydantic
    assert (tmp_path / "out" / "unit0.pdf").exists()


def test_a_pooled_batch_writes_the_bytes_of_a_batch_in_one_process(tmp_path: Path) -> None:
    """Workers render units the main process prepared, without importing their kinds: the annual report's
    table cells still break between the words its kind gave them (``model.Cell.words``, inside the
    Document), so every output is byte for byte the one ``--jobs 1`` writes."""
    inputs = Path(__file__).resolve().parent.parent / "inputs"
    src = tmp_path / "in"
    src.mkdir()
    for name in ("annual-2024-example.yaml", "changde-2017.yaml"):
        (src / name).write_text((inputs / name).read_text(encoding="utf-8"), encoding="utf-8")
    for jobs in ("1", "2"):
        r = run_batch(src, tmp_path / f"out{jobs}", "--jobs", jobs, "--format", "pdf,docx")
        assert r.returncode == 0, r.stderr
    for name in ("annual-2024-example", "changde-2017"):
        for ext in ("pdf", "docx"):
            one, pooled = (tmp_path / f"out{j}" / f"{name}.{ext}" for j in ("1", "2"))
            assert one.read_bytes() == pooled.read_bytes(), (name, ext)


def test_a_units_output_does_not_depend_on_the_other_units_of_its_batch(tmp_path: Path) -> None:
    """A table cell breaks by the words its own Document carries, not by the kinds the process happened to
    import: a pre-2019 report whose statistics table repeats two labels of the national format prints
    the same lines beside a national-format annual report as alone. (Before, the annual report's kind,
    imported for the other unit, broke those cells between its labels' words in that batch only:
    ``1.申请人无正当理由逾期不补正、`` / ``行政机关…`` alone, ``…不补正、行政`` / ``机关…`` beside it.)"""
    inputs = Path(__file__).resolve().parent.parent / "inputs"
    pre = (inputs / "annual-pre2019-sixpart-example.yaml").read_text(encoding="utf-8")
    row = "- [（二）申请办结数, 件, 4]"
    assert row in pre
    pre = pre.replace(
        row,
        "- [1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请, 件, 4]\n"
        "        - [（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）, 件, 1]",
    )
    alone, mixed = tmp_path / "alone", tmp_path / "mixed"
    for folder in (alone, mixed):
        folder.mkdir()
        (folder / "pre.yaml").write_text(pre, encoding="utf-8")
    (mixed / "annual.yaml").write_text((inputs / "annual-2024-example.yaml").read_text(encoding="utf-8"))
    outputs = {}
    for src, jobs in ((alone, "1"), (mixed, "1"), (mixed, "2")):
        out = tmp_path / f"out-{src.name}{jobs}"
        r = run_batch(src, out, "--jobs", jobs, "--format", "pdf,docx")
        assert r.returncode == 0, r.stderr
        outputs[src.name, jobs] = [(out / f"pre.{ext}").read_bytes() for ext in ("pdf", "docx")]
    assert outputs["mixed", "1"] == outputs["alone", "1"]
    assert outputs["mixed", "2"] == outputs["alone", "1"]
