"""``docgen serve``'s HTTP API: every endpoint, the guards (page token, access token, host, body size, paths
confined to the folder), saving (comments kept, conflicts refused) and the CLI command."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient

from docgen.serve.app import build
from docgen.serve.session import TOKEN_HEADER, Session

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "annual-2024-example.yaml"
NOTICE = ROOT / "inputs" / "notice-2024.yaml"
BASE = "http://127.0.0.1:8765"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "work"
    root.mkdir()
    shutil.copy(EXAMPLE, root / "annual.yaml")
    shutil.copy(NOTICE, root / "notice.yaml")
    shutil.copytree(ROOT / "inputs" / "seals", root / "seals")
    return root


@pytest.fixture
def session(folder: Path) -> Session:
    return Session(folder)


@pytest.fixture
def client(session: Session) -> TestClient:
    c = TestClient(build(session), base_url=BASE)
    c.headers[TOKEN_HEADER] = session.token
    return c


def opened(client: TestClient, path: str = "annual.yaml") -> dict:
    r = client.post("/api/open", json={"path": path})
    assert r.status_code == 200, r.text
    return r.json()


# --- pages and listing -------------------------------------------------------------------------------------


def test_index_carries_token_and_charset(client: TestClient, session: Session) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert '<meta charset="utf-8">' in r.text
    assert session.token in r.text
    assert "http://" not in r.text and "https://" not in r.text  # no CDN: every asset is served here
    for name in ("app.js", "form.js", "style.css"):
        asset = client.get(f"/static/{name}")
        assert asset.status_code == 200 and "charset=utf-8" in asset.headers["content-type"]
        assert "https://" not in asset.text
    assert client.get("/static/../app.py").status_code == 404


def test_files_lists_template_year_and_status(client: TestClient, folder: Path) -> None:
    (folder / "broken.yaml").write_text("template: annual-report-2021\nyear: [\n", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("x: 1\n", encoding="utf-8")
    files = {f["path"]: f for f in client.get("/api/files").json()["files"]}
    assert set(files) == {"annual.yaml", "notice.yaml", "broken.yaml"}
    assert files["annual.yaml"]["template"] == "annual-report-2021"
    assert files["annual.yaml"]["year"] == 2024
    assert files["annual.yaml"]["counts"]["error"] == 0
    assert "broken.yaml" in files["broken.yaml"]["problem"]  # the CLI's wording: file and line
    assert "YAML" in files["broken.yaml"]["problem"]


def test_files_status_follows_changes(client: TestClient, folder: Path) -> None:
    def status() -> dict:
        return next(f for f in client.get("/api/files").json()["files"] if f["path"] == "annual.yaml")[
            "counts"
        ]

    assert status()["error"] == 0 and status()["error"] == 0  # the second from the unchanged-file cache
    text = (folder / "annual.yaml").read_text(encoding="utf-8")
    (folder / "annual.yaml").write_text(
        text.replace("new_received: [42,", "new_received: [142,"), encoding="utf-8"
    )
    assert status()["error"] > 0


def test_templates_and_new_file(client: TestClient, folder: Path) -> None:
    names = {t["name"] for t in client.get("/api/templates").json()["templates"]}
    assert {"notice", "annual-report-2021"} <= names
    r = client.post("/api/new", json={"template": "annual-report", "year": 2024})
    assert r.status_code == 200, r.text
    assert r.json()["path"] == "annual-report-2024.yaml"
    assert (folder / "annual-report-2024.yaml").read_text(encoding="utf-8").startswith("# 2024年")
    again = client.post("/api/new", json={"template": "annual-report", "year": 2024})
    assert again.status_code == 400 and "文件已存在" in again.json()["error"]
    r = client.post("/api/new", json={"template": "notice", "name": "sub/通知.yaml"})
    assert r.status_code == 200 and (folder / "sub" / "通知.yaml").is_file()
    r = client.post("/api/new", json={"template": "notice", "name": "../escape.yaml"})
    assert r.status_code == 400 and not (folder.parent / "escape.yaml").exists()


# --- the annual report editor --------------------------------------------------------------------------------


def test_open_annual_report_gives_official_grids_and_typed_cells(client: TestClient) -> None:
    doc = opened(client)
    layout = doc["layout"]
    assert layout["kind"] == "annual-report" and layout["version"] == "2021"
    t3 = next(t for t in layout["tables"] if t["key"] == "t3")
    texts = [c["text"] for row in t3["rows"] for c in row if "id" not in c]
    from docgen.kinds.annual_report.labels import T3_NOTE, T3_ROW

    assert T3_NOTE in texts and T3_ROW["2021"]["denied.state_secret"].label in texts
    ids = [c["id"] for t in layout["tables"] for row in t["rows"] for c in row if "id" in c]
    assert len(ids) == 200  # 表二 10 + 表三 25×7 + 表四 15
    names = {c["id"]: c["name"] for t in layout["tables"] for row in t["rows"] for c in row if "id" in c}
    assert names["t3/denied.state_secret/natural_person"] == "表三 （三）不予公开—1.属于国家秘密 · 自然人"
    assert names["t4/litigation_direct/total"] == "表四 行政诉讼—未经复议直接起诉 · 总计"
    assert names["t2/art20_5/licensing/decisions"] == "表二 第二十条第（五）项 行政许可 · 本年处理决定数量"
    assert doc["form"]["cells"]["t3/new_received/total"] == "48"
    assert doc["form"]["cells"]["t2/art20_5/licensing/decisions"] == "156"
    assert doc["form"]["values"]["organ"] == "示例市民政局"
    assert doc["form"]["values"]["sections"]["overall"].startswith("2024年")


def test_check_points_findings_at_cells(client: TestClient) -> None:
    doc = opened(client)
    r = client.post("/api/check", json={"path": doc["path"], "form": doc["form"]})
    assert r.json()["counts"] == {"error": 0, "warning": 0, "unchecked": 0, "blank": 0}
    form = copy.deepcopy(doc["form"])
    form["cells"]["t3/granted/natural_person"] = "30"  # 自然人 column no longer adds up
    form["cells"]["t3/new_received/commercial"] = "12,5"
    result = client.post("/api/check", json={"path": doc["path"], "form": form}).json()
    by_code = {f["code"]: f for f in result["findings"] if f["severity"] == "error"}
    assert by_code["R3"]["where"] == "t3/result_total/natural_person"
    refused = next(f for f in result["findings"] if f["where"] == "t3/new_received/commercial")
    # the CLI's words for the same cell (values.parse_count via the loader)
    assert "“12,5”不是规范的数字：逗号只能作千位分隔符" in refused["text"]
    assert result["counts"]["error"] >= 3


def test_check_carries_the_totals_the_rules_compute(client: TestClient) -> None:
    """The read-only figures beside the typed totals come from the server (rules.expected_totals), follow
    the typed parts, and stay empty while a part is blank (a blank is not added as 0)."""
    doc = opened(client)
    totals = client.post("/api/check", json={"path": doc["path"], "form": doc["form"]}).json()["totals"]
    assert set(totals) <= set(doc["form"]["cells"])  # every figure belongs to a cell the page shows
    # inputs/annual-2024-example.yaml adds up: each figure equals the total typed in the file
    assert {cid: str(n) for cid, n in totals.items()} == {cid: doc["form"]["cells"][cid] for cid in totals}
    assert totals["t3/new_received/total"] == 48
    assert totals["t3/result_total/natural_person"] == 44
    assert totals["t4/review/total"] == 3
    form = copy.deepcopy(doc["form"])
    form["cells"]["t3/granted/natural_person"] = "30"
    form["cells"]["t4/review/upheld"] = ""
    totals = client.post("/api/check", json={"path": doc["path"], "form": form}).json()["totals"]
    assert totals["t3/granted/total"] == 32 and totals["t3/result_total/natural_person"] == 56
    assert totals["t3/result_total/total"] == 48  # the row's sum (R2), as typed in the row, not the column's
    assert totals["t4/review/total"] is None
    notice = client.post(
        "/api/check", json={"path": "notice.yaml", "form": opened(client, "notice.yaml")["form"]}
    )
    assert "totals" not in notice.json()  # only the annual report's grids have totals


def test_check_with_unreadable_year_is_a_finding_not_a_crash(client: TestClient) -> None:
    doc = opened(client)
    form = copy.deepcopy(doc["form"])
    form["values"]["year"] = "二〇二四"
    result = client.post("/api/check", json={"path": doc["path"], "form": form}).json()
    assert result["counts"]["error"] == 1 and result["fatal"]["where"] == "year"


def test_preview_and_downloads(client: TestClient, session: Session) -> None:
    doc = opened(client)
    r = client.post("/api/preview", json={"path": doc["path"], "form": doc["form"]})
    assert r.status_code == 200, r.text
    made = r.json()
    assert made["pages"] >= 4
    img = client.get(
        f"/api/preview/{made['id']}/0.png", params={"t": session.token}, headers={TOKEN_HEADER: ""}
    )
    assert img.status_code == 200 and img.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client.get(f"/api/preview/{made['id']}/99.png").status_code == 404
    pdf = client.post("/api/download", json={"path": doc["path"], "form": doc["form"], "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "annual.pdf" in pdf.headers["content-disposition"]
    docx = client.post("/api/download", json={"path": doc["path"], "form": doc["form"], "format": "docx"})
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    bad = client.post("/api/download", json={"path": doc["path"], "form": doc["form"], "format": "exe"})
    assert bad.status_code == 400


def test_final_refused_with_findings_then_made(client: TestClient, folder: Path) -> None:
    r = client.post("/api/new", json={"template": "annual-report", "year": 2024})
    refused = client.post("/api/final", json={"path": r.json()["path"]})
    assert refused.status_code == 422
    assert refused.json()["counts"]["error"] > 0 and refused.json()["findings"]
    unsigned = client.post("/api/final", json={"path": "annual.yaml"})
    assert unsigned.status_code == 400 and "签发人" in unsigned.json()["error"]  # the CLI's refusal
    done = client.post("/api/final", json={"path": "annual.yaml", "signer": "李建国"})
    assert done.status_code == 200, done.text
    assert "out/annual.pdf" in done.json()["outputs"]
    assert (folder / "out" / "annual.pdf").read_bytes().startswith(b"%PDF")


# --- saving -----------------------------------------------------------------------------------------------------


def test_save_keeps_comments_and_order_and_round_trips(client: TestClient, folder: Path) -> None:
    r = client.post("/api/new", json={"template": "annual-report", "year": 2024})
    path = r.json()["path"]
    before = (folder / path).read_text(encoding="utf-8")
    doc = opened(client, path)
    form = copy.deepcopy(doc["form"])
    form["values"]["organ"] = "某某市民政局"
    form["values"]["signature"] = "某某市民政局办公室"  # not in the file: goes after the other 基本信息
    form["values"]["sections"]["overall"] = "第一段。\n\n第二段。"
    form["cells"]["t3/new_received/natural_person"] = "5"
    form["cells"]["t3/denied.state_secret/total"] = "3"
    form["cells"]["t2/art20_5/licensing/decisions"] = "7"
    form["cells"]["t3/granted/natural_person"] = "+5"  # refused in a count cell: kept as typed, not read as 5
    form["cells"]["t3/granted/commercial"] = "１，２３４"  # full-width 1,234: the number
    form["cells"]["t2/art20_8/fees/amount"] = "25.1"
    saved = client.post(
        "/api/save", json={"path": path, "opened": doc["form"], "form": form, "hash": doc["hash"]}
    )
    assert saved.status_code == 200, saved.text
    after = (folder / path).read_text(encoding="utf-8")
    for line in before.splitlines():  # every note kept (a filled field's placeholder gives way to it)
        if "#" in line:
            assert (line.split("  # ")[-1] if "  # " in line else line).strip(" #") in after
    assert "# signature:" not in after and "\nsignature: 某某市民政局办公室  " in after

    def keys(text: str) -> list[str]:
        return [ln.split(":")[0] for ln in text.splitlines() if ln and not ln.startswith((" ", "#"))]

    order = keys(before)
    assert keys(after) == [*order[: order.index("date") + 1], "signature", *order[order.index("date") + 1 :]]
    assert "new_received: [5, ~, ~, ~, ~, ~, ~]" in after
    assert "state_secret: [~, ~, ~, ~, ~, ~, 3]" in after
    assert "granted: ['+5', 1234, ~, ~, ~, ~, ~]" in after
    assert "fees: 25.1" in after
    refused = client.post("/api/check", json={"path": path, "form": opened(client, path)["form"]}).json()
    assert any(f["where"] == "t3/granted/natural_person" and "“+5”" in f["text"] for f in refused["findings"])
    reopened = opened(client, path)
    assert reopened["form"] == {**form, "cells": {**form["cells"], "t3/granted/commercial": "1234"}}
    assert reopened["hash"] == saved.json()["hash"]


def test_save_refuses_a_file_changed_on_disk(client: TestClient, folder: Path) -> None:
    doc = opened(client)
    (folder / "annual.yaml").write_text(
        (folder / "annual.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    form = copy.deepcopy(doc["form"])
    form["values"]["organ"] = "另一个局"
    r = client.post(
        "/api/save", json={"path": "annual.yaml", "opened": doc["form"], "form": form, "hash": doc["hash"]}
    )
    assert r.status_code == 409
    assert "已被其他程序修改" in r.json()["error"]
    assert "另一个局" not in (folder / "annual.yaml").read_text(encoding="utf-8")


def test_generic_form_from_the_model_saves_and_checks(client: TestClient, folder: Path) -> None:
    from docgen.catalog import find
    from docgen.serve import forms

    doc = opened(client, "notice.yaml")
    fields = {f["key"]: f for f in doc["layout"]["fields"]}
    assert fields["title"]["required"] and fields["body"]["control"] == "textarea"
    assert fields["seal"]["control"] == "list" and fields["seal"]["item"]["control"] == "image"
    assert "seals/specimen-seal.png" in doc["layout"]["images"]
    assert fields["addressee"]["control"] == "list" and fields["attachments"]["control"] == "list"
    assert doc["form"]["values"]["addressee"] == ["各区县（市）民政局", "局机关各科室", "局属各单位"]
    assert doc["form"]["values"]["seal"] == ["seals/specimen-seal.png"]  # `seal: x.png`, one row
    form = copy.deepcopy(doc["form"])
    form["values"]["title"] = "关于测试的通知"
    result = client.post("/api/check", json={"path": "notice.yaml", "form": form}).json()
    assert result["counts"]["error"] == 0
    saved = client.post(
        "/api/save", json={"path": "notice.yaml", "opened": doc["form"], "form": form, "hash": doc["hash"]}
    )
    assert saved.status_code == 200, saved.text
    text = (folder / "notice.yaml").read_text(encoding="utf-8")
    assert "title: 关于测试的通知" in text and text.startswith("# 通知（下行文")
    assert "seal: seals/specimen-seal.png\n" in text  # untouched fields keep their spelling
    form["values"]["addressee"] = ["各区县（市）民政局", "", "局机关各科室"]  # a blank row is no organ
    form["values"]["fix_punctuation"] = False  # unticking a default that is true is written
    plain = forms.form_data(find("notice"), form)
    assert plain["addressee"] == ["各区县（市）民政局", "局机关各科室"] and plain["copy_number"] == 12
    assert plain["fix_punctuation"] is False and "addressee_in_colophon" not in plain
    form["values"]["body"] = "- [unclosed"  # read as typed: a paragraph, not a broken YAML list
    assert forms.form_data(find("notice"), form)["body"] == "- [unclosed"


# --- guards -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "../annual.yaml",
        "/etc/passwd.yaml",
        "sub/../../x.yaml",
        "C:/x.yaml",
        "..\\x.yaml",
        "annual.py",
        "link.yaml",
    ],
)
def test_paths_are_confined_to_the_folder(
    client: TestClient, folder: Path, tmp_path: Path, name: str
) -> None:
    outside = tmp_path / "outside.yaml"
    shutil.copy(EXAMPLE, outside)
    (folder / "link.yaml").symlink_to(outside)
    r = client.post("/api/open", json={"path": name})
    assert r.status_code == 400
    assert "路径" in r.json()["error"] and "Traceback" not in r.text


def test_symlink_out_is_not_listed(client: TestClient, folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(EXAMPLE, outside / "secret.yaml")
    (folder / "linked").symlink_to(outside)
    assert all("secret" not in f["path"] for f in client.get("/api/files").json()["files"])


def test_token_required_on_api(session: Session) -> None:
    bare = TestClient(build(session), base_url=BASE)
    for method, url in (("get", "/api/files"), ("post", "/api/save"), ("post", "/api/new")):
        r = getattr(bare, method)(url)
        assert r.status_code == 403 and "令牌" in r.json()["error"]
    r = bare.post("/api/new", json={"template": "notice"}, headers={TOKEN_HEADER: "wrong"})
    assert r.status_code == 403
    assert bare.get("/").status_code == 200  # the page itself carries the token


def test_foreign_host_header_refused(session: Session) -> None:
    evil = TestClient(build(session), base_url="http://evil.example:8765")
    r = evil.get("/api/files", headers={TOKEN_HEADER: session.token})
    assert r.status_code == 403


def test_access_token_when_listening_beyond_loopback(folder: Path) -> None:
    s = Session(folder, host="0.0.0.0")
    assert s.access and f"access={s.access}" in s.url()
    c = TestClient(build(s), base_url="http://192.168.1.5:8765")
    assert c.get("/").status_code == 403
    r = c.get("/", params={"access": s.access})
    assert r.status_code == 200 and s.token in r.text
    assert c.get("/api/files", headers={TOKEN_HEADER: s.token}).status_code == 200  # the cookie rides along


def test_request_size_limit(folder: Path) -> None:
    s = Session(folder, max_body=1000)
    c = TestClient(build(s), base_url=BASE)
    r = c.post("/api/check", content=b"{" + b" " * 5000 + b"}", headers={TOKEN_HEADER: s.token})
    assert r.status_code == 413 and "请求过大" in r.json()["error"]


def test_bad_json_is_a_message(client: TestClient) -> None:
    r = client.post("/api/check", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "请求内容不是有效的 JSON"
    r = client.post("/api/check", json={"path": "annual.yaml"})
    assert r.status_code == 400 and "form" in r.json()["error"]


# --- the command -----------------------------------------------------------------------------------------------------


def test_help_does_not_import_the_server() -> None:
    code = "import sys; from docgen import cli; print(any(m.startswith(('starlette', 'uvicorn', 'docgen.serve')) for m in sys.modules))"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ, cwd=ROOT
    )
    assert done.stdout.strip() == "False", done.stderr


def test_cli_serve_refuses_a_missing_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "serve", str(tmp_path / "nope"), "--no-browser"],
        capture_output=True,
        text=True,
        env=os.environ,
        cwd=ROOT,
    )
    assert done.returncode == 2 and "文件夹不存在" in done.stderr and "Traceback" not in done.stderr


def test_open_without_template_says_what_is_missing(client: TestClient, folder: Path) -> None:
    (folder / "plain.yaml").write_text("title: 无模板\n", encoding="utf-8")
    r = client.post("/api/open", json={"path": "plain.yaml"})
    assert r.status_code == 400 and "缺少“template”字段" in r.json()["error"]
    assert "plain.yaml" in r.json()["error"]


def test_workbook_saved_into_its_own_cells(client: TestClient, folder: Path) -> None:
    from openpyxl import load_workbook

    from docgen import api

    api.init("annual-report", 2024, folder / "wb.xlsx", xlsx=True)
    wb = load_workbook(folder / "wb.xlsx")
    layout_before = {
        ws.title: (ws.max_row, ws.max_column, sorted(map(str, ws.merged_cells.ranges))) for ws in wb
    }
    doc = opened(client, "wb.xlsx")
    assert doc["saveable"] is True and doc["form"]["values"]["year"] == "2024"
    form = copy.deepcopy(doc["form"])
    form["values"]["organ"] = "某某市民政局"
    form["values"]["organ_level"] = "government"
    form["values"]["sections"]["overall"] = "第一段。\n\n第二段。"
    form["cells"]["t3/new_received/total"] = "48"
    form["cells"]["t4/review/upheld"] = "2"
    r = client.post(
        "/api/save", json={"path": "wb.xlsx", "opened": doc["form"], "form": form, "hash": doc["hash"]}
    )
    assert r.status_code == 200, r.text
    wb = load_workbook(folder / "wb.xlsx")
    assert {
        ws.title: (ws.max_row, ws.max_column, sorted(map(str, ws.merged_cells.ranges))) for ws in wb
    } == layout_before
    again = opened(client, "wb.xlsx")["form"]
    assert again["cells"]["t3/new_received/total"] == "48" and again["cells"]["t4/review/upheld"] == "2"
    assert again["values"]["organ"] == "某某市民政局" and again["values"]["organ_level"] == "government"
    assert again["values"]["sections"]["overall"] == "第一段。\n\n第二段。"


def test_save_json_stays_json(client: TestClient, folder: Path) -> None:
    import json

    from docgen.data import load_data

    values = load_data(folder / "annual.yaml").values
    (folder / "annual.json").write_text(json.dumps(values, ensure_ascii=False, default=str), encoding="utf-8")
    doc = opened(client, "annual.json")
    form = copy.deepcopy(doc["form"])
    form["cells"]["t4/review/upheld"] = "2"
    r = client.post(
        "/api/save", json={"path": "annual.json", "opened": doc["form"], "form": form, "hash": doc["hash"]}
    )
    assert r.status_code == 200, r.text
    saved = json.loads((folder / "annual.json").read_text(encoding="utf-8"))
    assert saved["t4"]["review"]["upheld"] == 2
    assert list(saved) == list(values)  # the order of the fields kept
    assert opened(client, "annual.json")["form"]["cells"]["t4/review/upheld"] == "2"


def test_internal_error_is_a_message_not_a_traceback(
    session: Session, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from docgen.serve import documents

    def broken(_session: Session) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(documents, "listing", broken)
    c = TestClient(build(session), base_url=BASE)  # would raise if the exception left the app
    r = c.get("/api/files", headers={TOKEN_HEADER: session.token})
    assert r.status_code == 500
    assert r.json()["error"].startswith("内部错误：RuntimeError: boom") and "Traceback" not in r.text
    err = capsys.readouterr().err
    assert "内部错误：RuntimeError: boom" in err and "Traceback" not in err


def _serve(folder: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "docgen", "serve", str(folder), "--no-browser", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
        cwd=ROOT,
    )


def _port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_line(proc: subprocess.Popen, timeout: float = 60) -> list[str]:
    """The lines printed before the address (the server then blocks)."""
    import time

    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        if not line:
            break
        lines.append(line.strip())
        if "http://" in line:
            return lines
    proc.kill()
    raise AssertionError(f"no address printed: {lines} {proc.stderr.read()}")  # type: ignore[union-attr]


def _get(url: str, tries: int = 300):
    import time

    import httpx

    for _ in range(tries):
        try:
            return httpx.get(url, timeout=5)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"server not answering at {url}")


def test_cli_serve_runs_on_loopback(folder: Path) -> None:
    port = _port()
    proc = _serve(folder, "--port", str(port))
    try:
        lines = _first_line(proc)
        assert f"http://127.0.0.1:{port}/" in lines[-1] and "警告" not in "".join(lines)
        r = _get(f"http://127.0.0.1:{port}/")
        assert r.status_code == 200 and '<meta charset="utf-8">' in r.text
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_cli_serve_beyond_loopback_warns_and_needs_the_access_token(folder: Path) -> None:
    import re

    port = _port()
    proc = _serve(folder, "--port", str(port), "--host", "0.0.0.0")
    try:
        lines = _first_line(proc)
        assert any(ln.startswith("警告") for ln in lines)
        url = re.search(r"http://\S+?(?=（)", lines[-1]).group(0)  # type: ignore[union-attr]
        assert "access=" in url
        assert _get(f"http://127.0.0.1:{port}/").status_code == 403
        assert _get(url).status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_cli_serve_port_in_use(folder: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        proc = _serve(folder, "--port", str(s.getsockname()[1]))
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == 2 and "无法在 127.0.0.1:" in err and "--port" in err and "Traceback" not in err


def test_start_from_last_year_and_check_against_it(client: TestClient, folder: Path) -> None:
    shutil.copy(ROOT / "inputs" / "annual-2023-example.yaml", folder / "a2023.yaml")
    r = client.post("/api/new", json={"from": "annual.yaml"})  # 2024 → a 2025 report
    assert r.status_code == 200, r.text
    doc = opened(client, r.json()["path"])
    values, cells = doc["form"]["values"], doc["form"]["cells"]
    assert values["year"] == "2025" and values["organ"] == "示例市民政局"
    assert values["sections"]["overall"].split("\n\n")[:2] == ["（一）主动公开。", "（二）依申请公开。"]
    last = opened(client)["form"]["cells"]
    assert [cells[f"t3/carried_over/{c}"] for c in ("natural_person", "total")] == [
        last[f"t3/carry_forward/{c}"] for c in ("natural_person", "total")
    ]
    assert cells["t3/new_received/total"] == ""
    assert "# 填写说明：把 ~（空白）换成数字" in (folder / r.json()["path"]).read_text(encoding="utf-8")
    assert "a2023.yaml" in opened(client)["others"]
    # --previous: R9 compares 二、上年结转 with last year's 四、结转下年度继续办理
    this = opened(client)
    plain = client.post("/api/check", json={"path": "annual.yaml", "form": this["form"]}).json()
    form = copy.deepcopy(this["form"])
    form["cells"]["t3/carried_over/natural_person"] = "7"
    crossed = client.post(
        "/api/check", json={"path": "annual.yaml", "form": form, "previous": "a2023.yaml"}
    ).json()
    assert not any(f["code"] == "R9" for f in plain["findings"])
    r9 = [f for f in crossed["findings"] if f["code"] == "R9"]
    assert r9 and r9[0]["where"].startswith("t3/carried_over")
    bad = client.post(
        "/api/check", json={"path": "annual.yaml", "form": form, "previous": "../x.yaml"}
    ).json()
    assert "路径" in bad["fatal"]["error"]


def test_start_from_refuses_other_kinds(client: TestClient) -> None:
    r = client.post("/api/new", json={"from": "notice.yaml"})
    assert r.status_code == 400 and "全国统一格式的年度报告" in r.json()["error"]


# --- the generated forms: lists, records, mappings -------------------------------------------------------------


def check(client: TestClient, path: str, form: dict) -> dict:
    return client.post("/api/check", json={"path": path, "form": form}).json()


def save(client: TestClient, path: str, before: dict, form: dict, hash_: str) -> str:
    """Save ``form`` (opened as ``before``); the file's new hash."""
    r = client.post("/api/save", json={"path": path, "opened": before, "form": form, "hash": hash_})
    assert r.status_code == 200, r.text
    return r.json()["hash"]


GENERATED = ["notice", "request", "report", "letter", "minutes", "order", "annual-report-pre2019"]


def _nodes(node: dict, path: str) -> list[tuple[str, dict]]:
    """Every node of a form's layout with its path (``attachments/[]/title``)."""
    found = [(path, node)]
    for f in node.get("fields", []):
        found += _nodes(f, f"{path}/{f['key']}")
    if "item" in node:
        found += _nodes(node["item"], f"{path}/[]")
    for i, v in enumerate(node.get("variants", [])):
        found += _nodes(v, f"{path}/<{i}>")
    return found


def _shape_agrees(node: dict, value: object) -> bool:
    """A form value mirrors its node: an object per group, an array per list, text per line."""
    how = node["control"]
    if how == "group":
        return isinstance(value, dict) and all(_shape_agrees(f, value[f["key"]]) for f in node["fields"])
    if how in ("list", "mapping"):
        return isinstance(value, list)
    if how == "union":
        return isinstance(value, dict) and _shape_agrees(node["variants"][value["variant"]], value["value"])
    return isinstance(value, bool) if how == "bool" else isinstance(value, str)


@pytest.mark.parametrize("template", GENERATED)
def test_form_layout_of_each_template_follows_its_model(client: TestClient, template: str) -> None:
    from docgen.catalog import find
    from docgen.fields import template_fields

    made = client.post("/api/new", json={"template": template, "name": f"new-{template}.yaml"})
    assert made.status_code == 200, made.text
    doc = opened(client, made.json()["path"])
    fields = doc["layout"]["fields"]
    keys = [s.key for s in template_fields(find(template)) if s.key != "template"]
    assert [f["key"] for f in fields] == keys  # every field of the model, in its order
    nodes = {p: n for f in fields for p, n in _nodes(f, f["key"])}
    assert not [p for p, n in nodes.items() if n["control"] == "yaml"]  # nothing left as raw YAML
    assert all(_shape_agrees(f, doc["form"]["values"][f["key"]]) for f in fields)
    if template == "annual-report-pre2019":
        sections = nodes["sections"]
        assert sections["control"] == "union" and doc["form"]["values"]["sections"]["variant"] == 0
        assert (
            nodes["sections/<0>"]["control"] == "mapping"
            and nodes["sections/<0>/[]"]["control"] == "textarea"
        )
        part = nodes["sections/<1>/[]"]
        assert part["control"] == "group" and [f["key"] for f in part["fields"]] == [
            "heading",
            "body",
            "table",
        ]
        assert nodes["sections/<1>/[]/table"]["control"] == "group"
        assert nodes["sections/<1>/[]/table/header"]["control"] == "list"
        assert nodes["sections/<1>/[]/table/rows/[]"]["control"] == "list"  # a row of cells
        assert nodes["sections/<1>/[]/table/rows/[]/[]"]["control"] == "text"
        return
    attachment = nodes["attachments/[]"]
    assert nodes["attachments"]["control"] == "list" and attachment["control"] == "group"
    assert [f["key"] for f in attachment["fields"]] == ["title", "body"] and attachment["short"] == "title"
    assert nodes["attachments/[]/title"]["required"] and nodes["attachments/[]/body"]["control"] == "textarea"
    assert nodes["issuer"]["control"] == "list" and nodes["issuer/[]"]["control"] == "text"
    assert nodes["cc"]["control"] == "list" and nodes["date"]["type"] == "date"
    if template == "minutes":
        assert nodes["attendance"]["control"] == "mapping" and nodes["attendance/[]"]["control"] == "list"
        assert "signature" not in nodes  # a 纪要 has no 落款
    else:
        assert nodes["signature"]["control"] == "group" and not nodes["signature"]["required"]
        assert nodes["signature/stamp"]["control"] == "image"  # 签名章图片: picked from the folder
        assert nodes["seal"]["control"] == "list" and nodes["seal/[]"]["control"] == "image"
        assert doc["form"]["values"]["signature"] == {"title": "", "stamp": ""}
    assert nodes["signers"]["required"] is (template in ("request", "report"))  # 上行文


def _fill_notice(form: dict) -> None:
    v = form["values"]
    v["issuer"] = ["常德市民政局"]
    v["title"] = "关于测试附件的通知"
    v["body"] = "第一段。\n\n第二段。"
    v["date"] = "2024-03-05"


def test_notice_with_two_attachments_added_round_trips(client: TestClient, folder: Path) -> None:
    from docgen.data import load_data

    made = client.post("/api/new", json={"template": "notice", "name": "n.yaml"}).json()["path"]
    before = (folder / made).read_text(encoding="utf-8")
    doc = opened(client, made)
    assert doc["form"]["values"]["attachments"] == []
    form = copy.deepcopy(doc["form"])
    _fill_notice(form)
    form["values"]["attachments"] += [
        {"title": "附件甲", "body": "甲的第一段。\n\n甲的第二段。"},
        {"title": "附件乙", "body": ""},
    ]
    checked = check(client, made, form)
    assert checked["counts"]["error"] == 0 and "fatal" not in checked
    new_hash = save(client, made, doc["form"], form, doc["hash"])
    text = (folder / made).read_text(encoding="utf-8")
    for line in before.splitlines():  # every note of docgen init's file kept …
        if "#" in line:
            assert (line.split("  # ")[-1] if "  # " in line else line).strip(" #") in text
    assert "# attachments:" not in text  # … a filled field in the place of its placeholder, explained
    assert (
        "# 附件（可不填）：附件列表：每项写附件名称，或写 title（名称）和 body（附件正文，另起一页）\nattachments:\n"
        in text
    )
    assert text.index("attachments:") < text.index("\ndate:")
    assert "issuer: 常德市民政局" in text  # one organ written alone, as docgen init writes it
    values = load_data(folder / made).values
    assert values["attachments"] == [{"title": "附件甲", "body": "甲的第一段。\n\n甲的第二段。\n"}, "附件乙"]
    again = opened(client, made)
    assert again["form"] == form  # reopened: the same form
    assert again["hash"] == new_hash

    # moved, edited, removed, a third added: items kept where unchanged, the file still valid
    form2 = copy.deepcopy(again["form"])
    first, second = form2["values"]["attachments"]
    second["title"] = "附件乙（修订）"
    form2["values"]["attachments"] = [second, first, {"title": "附件丙", "body": "丙。"}]
    new_hash = save(client, made, again["form"], form2, again["hash"])
    assert load_data(folder / made).values["attachments"] == [
        "附件乙（修订）",
        {"title": "附件甲", "body": "甲的第一段。\n\n甲的第二段。\n"},
        {"title": "附件丙", "body": "丙。"},
    ]
    assert opened(client, made)["form"] == form2
    third = copy.deepcopy(form2)
    del third["values"]["attachments"][0]
    save(client, made, form2, third, new_hash)
    left = load_data(folder / made).values["attachments"]
    assert [a if isinstance(a, str) else a["title"] for a in left] == ["附件甲", "附件丙"]


def test_errors_inside_a_list_row_land_at_the_row_field(client: TestClient) -> None:
    doc = opened(client, "notice.yaml")
    form = copy.deepcopy(doc["form"])
    form["values"]["attachments"][1] = {"title": "", "body": "没有名称的附件正文。"}
    form["values"]["signature"] = {"title": "局长", "stamp": ""}
    result = check(client, "notice.yaml", form)
    fatal = result["fatal"]
    assert fatal["where"] == "attachments/1/title" and "附件名称" in fatal["error"]  # the row's own field
    assert [a["where"] for a in fatal["also"]] == ["signature/stamp"]  # the other problem, at its field
    assert "签名章图片" in fatal["also"][0]["text"] and result["counts"]["error"] == 2
    form["values"]["attachments"][1]["title"] = "附件名称"
    form["values"]["signature"] = {"title": "", "stamp": ""}
    assert check(client, "notice.yaml", form)["counts"]["error"] == 0


def test_list_edits_keep_the_files_comments_and_spelling(client: TestClient, folder: Path) -> None:
    from docgen.data import load_data

    text = (folder / "notice.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "  - title: 年度报告报送联系人信息表\n",
        "  - title: 年度报告报送联系人信息表  # 表格另发\n",
    ).replace("cc: [", "# 抄送：市里两家\ncc: [")
    (folder / "notice.yaml").write_text(text, encoding="utf-8")
    doc = opened(client, "notice.yaml")
    form = copy.deepcopy(doc["form"])
    form["values"]["attachments"][0]["title"] = "编制要点（修订）"
    form["values"]["cc"].append("市财政局")
    form["values"]["seal"] = ["seals/specimen-seal.png"]  # unchanged
    save(client, "notice.yaml", doc["form"], form, doc["hash"])
    after = (folder / "notice.yaml").read_text(encoding="utf-8")
    assert "  - title: 编制要点（修订）\n    body: |\n" in after  # edited in place, the list's indent kept
    assert "  - title: 年度报告报送联系人信息表  # 表格另发\n" in after
    assert "# 抄送：市里两家\ncc: [市人民政府办公室, 市政务服务和数据资源管理局, 市财政局]" in after
    assert after.count("\n") == text.count("\n")  # nothing else moved
    assert load_data(folder / "notice.yaml").values["attachments"][0]["body"].startswith("一、总体情况")


def test_minutes_attendance_is_a_mapping_of_name_lists(client: TestClient, folder: Path) -> None:
    from docgen.data import load_data

    shutil.copy(ROOT / "inputs" / "minutes-2024.yaml", folder / "minutes.yaml")
    doc = opened(client, "minutes.yaml")
    attendance = doc["form"]["values"]["attendance"]
    assert [row["key"] for row in attendance] == ["出席", "请假", "列席"]
    assert attendance[1]["value"] == ["赵磊（出差）"] and len(attendance[0]["value"]) == 5
    form = copy.deepcopy(doc["form"])
    form["values"]["attendance"][0]["value"].append("孙强")
    form["values"]["attendance"].append({"key": "记录", "value": ["周敏"]})
    refused = check(client, "minutes.yaml", form)
    assert refused["fatal"]["where"] == "attendance/记录"  # the row's name: only 出席、请假、列席
    form["values"]["attendance"][3]["key"] = "列席"  # a name given twice: the last row counts
    del form["values"]["attendance"][2]
    assert check(client, "minutes.yaml", form)["counts"]["error"] == 0
    save(client, "minutes.yaml", doc["form"], form, doc["hash"])
    saved = load_data(folder / "minutes.yaml").values["attendance"]
    assert saved == {
        "出席": ["李建国", "张明", "刘洋", "陈静", "王芳", "孙强"],
        "请假": "赵磊（出差）",  # untouched: still written as one line
        "列席": ["周敏"],  # the file's list stays a list
    }
    assert opened(client, "minutes.yaml")["form"] == form


def test_pre2019_parts_and_their_table_as_rows(client: TestClient, folder: Path) -> None:
    from docgen.data import load_data

    shutil.copy(ROOT / "inputs" / "annual-pre2019-sixpart-example.yaml", folder / "six.yaml")
    doc = opened(client, "six.yaml")
    sections = doc["form"]["values"]["sections"]
    assert sections["variant"] == 1  # written as a list of parts
    parts = sections["value"]
    table = parts[1]["table"]
    assert parts[0]["heading"] == "概述" and table["header"] == ["统计指标", "单位", "统计数"]
    assert table["rows"][0] == ["一、主动公开情况", "", ""] and table["rows"][1][2] == "268"
    assert check(client, "six.yaml", doc["form"])["counts"]["error"] == 0
    form = copy.deepcopy(doc["form"])
    form["values"]["sections"]["value"][1]["table"]["rows"][1][2] = "269"
    form["values"]["sections"]["value"][1]["table"]["rows"].append(["六、其他", "件", ""])
    save(client, "six.yaml", doc["form"], form, doc["hash"])
    rows = load_data(folder / "six.yaml").values["sections"][1]["table"]["rows"]
    assert rows[0] == ["一、主动公开情况", None, None]  # a blank cell keeps its place
    assert rows[1] == ["（一）主动公开政府信息数", "条", 269] and rows[-1] == ["六、其他", "件", None]
    assert opened(client, "six.yaml")["form"] == form


def test_ofd_download_beside_pdf_and_docx(client: TestClient) -> None:
    import io
    import zipfile

    doc = opened(client, "notice.yaml")
    r = client.post("/api/download", json={"path": "notice.yaml", "form": doc["form"], "format": "ofd"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/ofd" and "notice.ofd" in r.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "OFD.xml" in names
    bad = client.post("/api/download", json={"path": "notice.yaml", "form": doc["form"], "format": "exe"})
    assert bad.status_code == 400 and "pdf、docx、ofd" in bad.json()["error"]


def test_annual_report_fields_beyond_its_tables_are_a_generated_form(
    client: TestClient, folder: Path
) -> None:
    """主送机关, 导语 and the punctuation switch: not drawn by the annual editor itself, so generated from
    the model (a field added there appears without new code); saved after the fields that precede them."""
    from docgen.data import load_data

    doc = opened(client)
    extra = {f["key"]: f for f in doc["layout"]["extra"]}
    assert list(extra) == ["addressee", "preface", "fix_punctuation"]
    assert extra["preface"]["control"] == "textarea" and extra["fix_punctuation"]["default"] is True
    assert doc["form"]["extra"] == {"addressee": "", "preface": "", "fix_punctuation": True}
    form = copy.deepcopy(doc["form"])
    form["extra"]["addressee"] = "市人民政府办公室"
    form["extra"]["preface"] = "本报告依据条例编制。\n\n统计期限为2024年。"
    checked = check(client, "annual.yaml", form)
    assert checked["counts"]["error"] == 0
    save(client, "annual.yaml", doc["form"], form, doc["hash"])
    text = (folder / "annual.yaml").read_text(encoding="utf-8")
    keys = [ln.split(":")[0] for ln in text.splitlines() if ln and not ln.startswith((" ", "#"))]
    assert keys[: keys.index("sections")] == [
        "template", "organ", "organ_level", "year", "date", "addressee", "preface",
    ]  # fmt: skip
    values = load_data(folder / "annual.yaml").values
    assert values["addressee"] == "市人民政府办公室" and values["preface"].startswith(
        "本报告依据条例编制。\n\n"
    )
    assert opened(client)["form"] == form
    assert (
        "extra" not in opened(client, "notice.yaml")["layout"]
    )  # the generated form is the whole form there


def test_text_written_as_items_round_trips_through_its_text_area() -> None:
    """A body whose file lists a heading item (``- heading: …``) is shown as the file writes it and read
    back as items; plain text starting with “- ” stays text."""
    from docgen.catalog import find
    from docgen.serve import forms

    body = next(f for f in forms.layout(find("notice"))["fields"] if f["key"] == "body")
    items = [{"heading": "一、总则", "level": 1}, "第一段。"]
    shown = forms.value_of(body, items)
    assert shown.startswith("- heading: 一、总则")
    assert forms.data_of(body, shown) == items
    assert forms.value_of(body, ["第一段。", "第二段。"]) == "第一段。\n\n第二段。"
    assert forms.data_of(body, "- 一段以短横开头的文字") == "- 一段以短横开头的文字"


def test_generic_form_saves_json_as_json(client: TestClient, folder: Path) -> None:
    import json

    from docgen.data import load_data

    values = load_data(folder / "notice.yaml").values
    (folder / "notice.json").write_text(json.dumps(values, ensure_ascii=False, default=str), encoding="utf-8")
    doc = opened(client, "notice.json")
    form = copy.deepcopy(doc["form"])
    form["values"]["attachments"].append({"title": "附件丙", "body": "丙的正文。\n\n第二段。"})
    form["values"]["signature"] = {"title": "局长", "stamp": "seals/specimen-seal.png"}
    save(client, "notice.json", doc["form"], form, doc["hash"])
    saved = json.loads((folder / "notice.json").read_text(encoding="utf-8"))
    keys = list(values)
    at = keys.index("seal") + 1
    assert list(saved) == [*keys[:at], "signature", *keys[at:]]  # the new field in the model's order
    assert saved["attachments"][2] == {"title": "附件丙", "body": "丙的正文。\n\n第二段。\n"}
    assert saved["signature"] == {"title": "局长", "stamp": "seals/specimen-seal.png"}
    assert opened(client, "notice.json")["form"] == form


def test_parts_switched_from_keys_to_a_list(client: TestClient, folder: Path) -> None:
    """A report's parts written by the template's keys, then as a list of parts of its own (the other
    shape its model accepts): the file then holds the list, read back as such."""
    from docgen.data import load_data

    made = client.post("/api/new", json={"template": "annual-report-pre2019", "name": "pre.yaml"}).json()[
        "path"
    ]
    doc = opened(client, made)
    sections = doc["form"]["values"]["sections"]
    assert sections["variant"] == 0 and [r["key"] for r in sections["value"]][:2] == ["overview", "proactive"]
    form = copy.deepcopy(doc["form"])
    form["values"].update(organ="某某县统计局", year="2016", date="2017-03-10")
    part = {
        "heading": "概述",
        "body": "本年度工作概述。",
        "table": {"title": "", "header": [], "rows": [], "label_columns": ""},
    }
    form["values"]["sections"] = {"variant": 1, "value": [part]}
    assert check(client, made, form)["counts"]["error"] == 0
    save(client, made, doc["form"], form, doc["hash"])
    text = (folder / made).read_text(encoding="utf-8")
    # the notes that followed the parts (how to list them, the punctuation switch) still follow them
    assert "sections:\n- heading: 概述\n  body: 本年度工作概述。\n\n# 也可以不用模板的各部分" in text
    assert "\n# fix_punctuation: true" in text and "八、存在的主要问题" not in text
    values = load_data(folder / made).values
    assert values["sections"] == [{"heading": "概述", "body": "本年度工作概述。"}] and values["year"] == 2016
    assert opened(client, made)["form"]["values"]["sections"] == form["values"]["sections"]
