"""``docgen serve`` in a real browser: Debian's headless Chromium driven by Selenium, against the server
running in a thread on a free loopback port. One scenario, step by step, as the secretary would go: create
a 2024 annual report, paste (Ctrl+V of a tab-separated block on the clipboard, as Excel puts it) and type
表三, see R3 fail at its cell and clear, see ``12,5`` refused at its
cell, edit the narrative and see the preview follow, download the PDF and read its table, save and reopen;
then a notice from the generated form with a seal. Screenshots of every step go to a folder printed at the
start (look at them)."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("selenium")
pytest.importorskip("uvicorn")
if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
    pytest.skip("chromium and chromium-driver are not installed (scripts/setup.sh)", allow_module_level=True)

import pdfplumber
import uvicorn
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from docgen.serve.app import build
from docgen.serve.session import Session

ROOT = Path(__file__).resolve().parent.parent
WAIT = 60.0
_spec = importlib.util.spec_from_file_location("serve_screenshot", ROOT / "scripts" / "serve_screenshot.py")
assert _spec is not None and _spec.loader is not None
screenshot = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(screenshot)  # README's screenshot script: its waiting is the tests' waiting
wait_for = screenshot.wait_for


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def workspace() -> Iterator[dict[str, Any]]:
    base = Path(tempfile.mkdtemp(prefix="docgen-serve-browser-"))
    folder, downloads, shots = base / "folder", base / "downloads", base / "screenshots"
    for p in (folder, downloads, shots):
        p.mkdir()
    shutil.copy(ROOT / "inputs" / "notice-2024.yaml", folder / "notice.yaml")
    shutil.copytree(ROOT / "inputs" / "seals", folder / "seals")
    print(f"\nscreenshots: {shots}")
    session = Session(folder, port=_free_port())
    server = uvicorn.Server(
        uvicorn.Config(build(session), host="127.0.0.1", port=session.port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,1000"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.execute_cdp_cmd(  # the test writes the clipboard as Excel would, then pastes with Ctrl+V
        "Browser.grantPermissions",
        {
            "origin": f"http://127.0.0.1:{session.port}",
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    try:
        yield {"driver": driver, "session": session, "folder": folder, "downloads": downloads, "shots": shots}
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(timeout=10)


class Page:
    def __init__(self, ws: dict[str, Any]) -> None:
        self.d: webdriver.Chrome = ws["driver"]
        self.ws = ws
        self.step = 0

    def shot(self, name: str) -> None:
        self.step += 1
        self.d.save_screenshot(str(self.ws["shots"] / f"{self.step:02d}-{name}.png"))

    def cell(self, cid: str) -> Any:
        return self.d.find_element(By.CSS_SELECTOR, f'[data-path="{cid}"]')

    def td_class(self, cid: str) -> str:
        return self.d.find_element(By.CSS_SELECTOR, f'td[data-cell="{cid}"]').get_attribute("class") or ""

    def click(self, cid: str) -> Any:
        box = self.cell(cid)
        self.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
        box.click()
        return box

    def type_into(self, cid: str, text: str) -> None:
        box = self.click(cid)
        box.send_keys(Keys.CONTROL, "a")
        box.send_keys(text)

    def paste(self, cid: str, rows: list[list[int | str]]) -> None:
        """Put tab-separated rows on the clipboard, as Excel does, then Ctrl+V in the cell."""
        text = "\r\n".join("\t".join(str(v) for v in row) for row in rows) + "\r\n"
        done = self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "navigator.clipboard.writeText(arguments[0]).then(() => done('ok'), (e) => done(String(e)));",
            text,
        )
        assert done == "ok", done
        self.click(cid).send_keys(Keys.CONTROL, "v")

    def computed(self, cid: str) -> str:
        """The read-only figure under a typed total: what its parts add up to, computed by the server."""
        return self.d.find_element(By.CSS_SELECTOR, f'span.computed[data-for="{cid}"]').text

    def counts(self) -> str:
        return self.d.find_element(By.ID, "counts").text

    def findings(self) -> list[str]:
        return [li.text for li in self.d.find_elements(By.CSS_SELECTOR, "#findings li")]

    def checked(self) -> None:
        """Wait for the debounced check of the latest change to be shown (the page marks it pending)."""
        wait_for(
            lambda: self.counts() and not self.d.execute_script("return document.body.dataset.checking"),
            "the live check",
        )

    def preview_id(self) -> str:
        return self.d.find_element(By.ID, "preview").get_attribute("data-preview") or ""

    def preview_fresh(self, other_than: str = "") -> str:
        def fresh() -> str:
            box = self.d.find_element(By.ID, "preview")
            rid = box.get_attribute("data-preview") or ""
            return rid if rid and rid != other_than and "stale" not in box.get_attribute("class") else ""

        return wait_for(fresh, "the preview")


ZEROS = [0] * 7


def shows_latest_preview(d: webdriver.Chrome) -> bool:
    """Whether the first preview image is the one the current form renders to: the page's image against
    a preview of the page's current form requested now (the same PDF gives the same pixels)."""
    shown, latest = d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "const png = (url) => fetch(url).then((r) => r.arrayBuffer()).then((b) => Array.from(new Uint8Array(b)));"
        "const img = document.querySelector('#preview img');"
        "api('/api/preview', formBody()).then((made) => Promise.all([png(img.src),"
        " png(`/api/preview/${made.id}/0.png?t=${encodeURIComponent(TOKEN)}`)])).then(done);"
    )
    return shown == latest


def test_annual_report_in_the_browser(workspace: dict[str, Any]) -> None:
    p, d = Page(workspace), workspace["driver"]
    session: Session = workspace["session"]
    d.get(session.url())
    wait_for(lambda: d.find_element(By.ID, "new-create"), "the start page")
    p.shot("start")

    # create a 2024 annual report, as `docgen init annual-report --year 2024`
    Select(d.find_element(By.ID, "new-template")).select_by_value("annual-report")
    year = d.find_element(By.ID, "new-year")
    year.clear()
    year.send_keys("2024")
    d.find_element(By.ID, "new-create").click()
    wait_for(lambda: d.find_elements(By.ID, "grid-t3"), "the editor")
    assert (workspace["folder"] / "annual-report-2024.yaml").is_file()
    assert "2021 年格式" in d.page_source
    p.checked()
    assert p.computed("t3/result_total/natural_person") == "=—"  # its parts are blank: nothing added up
    p.shot("new-report")

    p.type_into("organ", "示例市民政局")
    p.type_into("sections/problems", "无。")
    p.type_into("sections/other_matters", "无。")
    # 导语: a field of the model the editor does not draw itself, generated from it and folded away
    folded = d.find_element(By.CSS_SELECTOR, 'section.part details[data-optional="top"]')
    assert folded.get_attribute("open") is None
    summary = folded.find_element(By.TAG_NAME, "summary")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    p.type_into("preface", "本报告依据政府信息公开条例编制。")

    # a 3×7 block copied from Excel and pasted with Ctrl+V: rows 一、二、（一）; then zeros below, and （七）总计
    p.paste("t3/new_received/natural_person", [[5, 0, 0, 0, 0, 0, 5], ZEROS, [5, 0, 0, 0, 0, 0, 5]])
    assert p.cell("t3/carried_over/total").get_attribute("value") == "0"
    assert p.cell("t3/granted/total").get_attribute("value") == "5"
    p.paste("t3/partial/natural_person", [ZEROS] * 20 + [[5, 0, 0, 0, 0, 0, 5], ZEROS])
    assert p.cell("t3/result_total/natural_person").get_attribute("value") == "5"
    assert p.cell("t3/carry_forward/total").get_attribute("value") == "0"
    p.checked()
    assert not any("R3" in f for f in p.findings())
    p.shot("table3-pasted")

    # R3 fails: （七）总计 of 自然人 no longer the sum of （一）至（六）
    p.type_into("t3/result_total/natural_person", "9")
    wait_for(lambda: "sev-error" in p.td_class("t3/result_total/natural_person"), "R3 at its cell")
    r3 = [f for f in p.findings() if "R3" in f]
    assert r3 and "（一）至（六）各项之和（5）≠ （七）总计（9）" in r3[0]
    assert "错误 0" not in p.counts()
    # the figure beside the typed total: what （一）至（六） add up to, marked as differing from the 9 typed
    assert p.computed("t3/result_total/natural_person") == "=5"
    assert "differs" in (
        d.find_element(
            By.CSS_SELECTOR, 'span.computed[data-for="t3/result_total/natural_person"]'
        ).get_attribute("class")
        or ""
    )
    p.shot("r3-error")
    # clicking the finding jumps to the cell
    next(li for li in d.find_elements(By.CSS_SELECTOR, "#findings li") if "R3" in li.text).click()
    assert d.switch_to.active_element.get_attribute("data-path") == "t3/result_total/natural_person"
    assert "（七）总计（9）" in d.find_element(By.ID, "cellmsg").text

    # fixed: the error disappears
    p.type_into("t3/result_total/natural_person", "5")
    wait_for(lambda: "sev-error" not in p.td_class("t3/result_total/natural_person"), "R3 cleared")
    wait_for(lambda: not any("R3" in f for f in p.findings()), "R3 gone from the list")
    p.shot("r3-fixed")

    # typing a part changes the computed totals of its row and its column (server-side, after the check)
    p.type_into("t3/granted/natural_person", "6")
    wait_for(lambda: p.computed("t3/result_total/natural_person") == "=6", "the column's computed total")
    wait_for(lambda: p.computed("t3/granted/total") == "=6", "the row's computed total")
    p.shot("computed-totals-follow")
    p.type_into("t3/granted/natural_person", "5")
    wait_for(lambda: p.computed("t3/result_total/natural_person") == "=5", "the computed total back")
    p.checked()

    # Enter moves down, like a spreadsheet
    p.click("t3/new_received/commercial").send_keys(Keys.ENTER)
    assert d.switch_to.active_element.get_attribute("data-path") == "t3/carried_over/commercial"

    # 12,5 is refused at the cell, in the CLI's words
    p.type_into("t3/new_received/commercial", "12,5")
    wait_for(lambda: "sev-error" in p.td_class("t3/new_received/commercial"), "12,5 refused")
    message = p.cell("t3/new_received/commercial").get_attribute("title")
    assert "“12,5”不是规范的数字：逗号只能作千位分隔符" in message
    p.click("t3/new_received/commercial")
    p.shot("comma-refused")
    p.type_into("t3/new_received/commercial", "0")
    wait_for(lambda: "sev-error" not in p.td_class("t3/new_received/commercial"), "12,5 replaced")

    # the narrative: the preview follows
    before = p.preview_fresh()
    p.type_into("sections/overall", "2024年，本机关全年共收到政府信息公开申请5件，均已按期答复。")
    assert "stale" in d.find_element(By.ID, "preview").get_attribute("class")
    p.shot("preview-stale")
    p.preview_fresh(other_than=before)
    assert d.find_elements(By.CSS_SELECTOR, "#preview img")
    p.shot("preview-updated")

    # download the PDF and read its 表三
    d.find_element(By.ID, "download-pdf").click()
    pdf = wait_for(
        lambda: next(iter(workspace["downloads"].glob("annual-report-2024.pdf")), None), "the downloaded PDF"
    )
    wait_for(
        lambda: pdf.stat().st_size > 0 and not list(workspace["downloads"].glob("*.crdownload")), "download"
    )
    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        rows = [row for page in doc.pages for table in page.extract_tables() for row in table]
    assert "本机关全年共收到政府信息公开申请5件" in text.replace("\n", "")
    assert "本报告依据政府信息公开条例编制。" in text.replace("\n", "")
    first = next(r for r in rows if any(c and "本年新收" in c for c in r))
    assert [c for c in first if c and c.isdigit()] == ["5", "0", "0", "0", "0", "0", "5"]
    p.shot("downloaded")

    # save, reopen: the same data
    d.find_element(By.ID, "save").click()
    wait_for(lambda: "已保存" in d.find_element(By.ID, "status").text, "saved")
    saved = (workspace["folder"] / "annual-report-2024.yaml").read_text(encoding="utf-8")
    assert "# 填写说明：把 ~（空白）换成数字" in saved and "new_received: [5, 0, 0, 0, 0, 0, 5]" in saved
    d.get(session.url() + "?file=annual-report-2024.yaml")
    wait_for(lambda: p.cell("t3/result_total/natural_person").get_attribute("value") == "5", "reopened")
    assert p.cell("organ").get_attribute("value") == "示例市民政局"
    assert "本机关全年共收到" in p.cell("sections/overall").get_attribute("value")
    assert p.cell("preface").get_attribute("value") == "本报告依据政府信息公开条例编制。"
    assert p.cell("t3/new_received/commercial").get_attribute("value") == "0"
    p.checked()
    p.shot("reopened")


def test_notice_from_the_generated_form(workspace: dict[str, Any]) -> None:
    p, d = Page(workspace), workspace["driver"]
    p.step = 50
    d.get(workspace["session"].url() + "?file=notice.yaml")
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, '[data-path="title"]'), "the notice form")
    p.type_into("title", "关于开展浏览器测试的通知")  # while the first preview is still being made
    p.preview_fresh()
    assert shows_latest_preview(d)  # not the preview of the file as opened, which finished after the edit
    seal = Select(d.find_element(By.CSS_SELECTOR, '[data-path="seal/0"]'))  # the seals: one row each
    seal.select_by_value("seals/specimen-seal.png")
    p.checked()
    assert "错误 0" in p.counts()
    p.preview_fresh()
    p.shot("notice-form")
    d.find_element(By.ID, "download-pdf").click()
    pdf = wait_for(lambda: next(iter(workspace["downloads"].glob("notice.pdf")), None), "the notice PDF")
    wait_for(
        lambda: pdf.stat().st_size > 0 and not list(workspace["downloads"].glob("*.crdownload")), "download"
    )
    with pdfplumber.open(pdf) as doc:
        text = "".join((page.extract_text() or "").replace("\n", "") for page in doc.pages)
        images = sum(len(page.images) for page in doc.pages)
    assert "关于开展浏览器测试的通知" in text
    assert images >= 1  # the seal
    # the server gone: said in words, not as the browser's “Failed to fetch”
    said = d.execute_async_script(
        "const done = arguments[arguments.length - 1]; const real = window.fetch;"
        "window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));"
        "api('/api/files').catch((e) => { window.fetch = real; done(e.message); });"
    )
    assert said.startswith("无法连接 docgen serve")


def test_notice_attachments_as_rows(workspace: dict[str, Any]) -> None:
    """The generated form's list of 附件: a row added, filled, a row removed, one moved up; a row with no
    name refused at that row's field; the preview follows; the PDF's 附件说明 lists the rows in order;
    saved and reopened, the same form."""
    from docgen.data import load_data

    p, d = Page(workspace), workspace["driver"]
    p.step = 60
    shutil.copy(ROOT / "inputs" / "notice-2024.yaml", workspace["folder"] / "attach.yaml")
    d.get(workspace["session"].url() + "?file=attach.yaml")
    rows = '[data-path="attachments"] > .row'

    def titles() -> list[str]:
        return [
            i.get_attribute("value")
            for i in d.find_elements(
                By.CSS_SELECTOR, f'{rows} > .group > .field > input[data-path$="/title"]'
            )
        ]

    def button(row: int, kind: str) -> Any:
        found = d.find_element(By.CSS_SELECTOR, f'[data-row="attachments/{row}"] button.{kind}')
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)
        return found

    wait_for(lambda: len(d.find_elements(By.CSS_SELECTOR, rows)) == 2, "the two 附件 rows")
    p.checked()
    first_preview = p.preview_fresh()
    assert titles() == ["2023年度政府信息公开工作年度报告编制要点", "年度报告报送联系人信息表"]
    assert "一、总体情况部分" in p.cell("attachments/0/body").get_attribute("value")
    p.click("attachments/0/title")
    p.shot("attachments-opened")

    def add_row() -> None:  # the list is redrawn after each change: found anew each time
        add = d.find_element(By.CSS_SELECTOR, '[data-path="attachments"] > button.add')
        d.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
        add.click()

    # add a row: the new row's name field has the focus; type the name
    add_row()
    assert d.switch_to.active_element.get_attribute("data-path") == "attachments/2/title"
    d.switch_to.active_element.send_keys("浏览器测试附件")
    p.checked()
    assert "错误 0" in p.counts()
    p.shot("attachment-added")

    # a row with a body but no name: refused at that row's name field, in the CLI's words
    add_row()
    folded = d.find_element(By.CSS_SELECTOR, '[data-row="attachments/3"] details.optional')
    assert folded.get_attribute("open") is None  # the blank 附件正文 folded away, as optional fields are
    summary = folded.find_element(By.TAG_NAME, "summary")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", summary)
    summary.click()
    p.type_into("attachments/3/body", "没有名称的附件正文。")
    wait_for(
        lambda: "sev-error" in (p.cell("attachments/3/title").get_attribute("class") or ""), "the row's error"
    )
    assert "附件名称" in (p.cell("attachments/3/title").get_attribute("title") or "")
    assert any("附件名称" in f for f in p.findings())
    p.shot("row-without-name-refused")
    button(3, "remove").click()
    p.checked()
    assert "错误 0" in p.counts() and len(d.find_elements(By.CSS_SELECTOR, rows)) == 3

    # remove the second row, move the new one up to the top
    button(1, "remove").click()
    assert titles() == ["2023年度政府信息公开工作年度报告编制要点", "浏览器测试附件"]
    button(1, "up").click()
    assert titles() == ["浏览器测试附件", "2023年度政府信息公开工作年度报告编制要点"]
    focused = d.switch_to.active_element  # stays on the moved row (now the first: its ↓)
    assert (
        focused.find_element(By.XPATH, "ancestor::div[@data-row][1]").get_attribute("data-row")
        == "attachments/0"
    )
    assert "一、总体情况部分" in p.cell("attachments/1/body").get_attribute("value")  # the body moved with it
    p.checked()
    assert "错误 0" in p.counts()
    p.shot("attachments-reordered")

    # the preview follows the rows
    p.preview_fresh(other_than=first_preview)
    assert shows_latest_preview(d)

    # the PDF's 附件说明 lists the rows, in their order; the removed one is gone
    d.find_element(By.ID, "download-pdf").click()
    pdf = wait_for(lambda: next(iter(workspace["downloads"].glob("attach.pdf")), None), "the PDF")
    wait_for(
        lambda: pdf.stat().st_size > 0 and not list(workspace["downloads"].glob("*.crdownload")), "download"
    )
    with pdfplumber.open(pdf) as doc:
        pages = ["".join((page.extract_text() or "").split()) for page in doc.pages]
    note = next(t for t in pages if "附件：" in t)
    listed = note[note.index("附件：") :]
    assert "1．浏览器测试附件" in listed or "1.浏览器测试附件" in listed
    assert listed.index("浏览器测试附件") < listed.index("2023年度政府信息公开工作年度报告编制要点")
    assert not any("年度报告报送联系人信息表" in t for t in pages)
    d.execute_script(  # the preview's page with the 附件说明, in view for the picture
        "const img = document.querySelectorAll('#preview img')[arguments[0]];"
        "document.getElementById('preview').scrollTop = img.offsetTop;",
        pages.index(note),
    )
    p.shot("attachments-preview-and-pdf")

    # save and reopen: the same form, the file as the form says
    form = d.execute_script("return JSON.stringify(state.form)")
    d.find_element(By.ID, "save").click()
    wait_for(lambda: "已保存" in d.find_element(By.ID, "status").text, "saved")
    attachments = load_data(workspace["folder"] / "attach.yaml").values["attachments"]
    assert attachments[0] == "浏览器测试附件" and attachments[1]["title"].startswith("2023年度")
    assert len(attachments) == 2
    saved = (workspace["folder"] / "attach.yaml").read_text(encoding="utf-8")
    assert saved.startswith("# 通知（下行文") and "  - 浏览器测试附件\n" in saved
    d.get(workspace["session"].url() + "?file=attach.yaml")
    wait_for(lambda: titles() == ["浏览器测试附件", "2023年度政府信息公开工作年度报告编制要点"], "reopened")
    assert d.execute_script("return JSON.stringify(state.form)") == form
    p.checked()
    assert "错误 0" in p.counts()
    p.preview_fresh()
    p.click("attachments/0/title")
    p.shot("attachments-reopened")


def test_parts_tables_and_attendance_in_generated_forms(workspace: dict[str, Any]) -> None:
    """The same generated form for other shapes: a pre-2019 report's parts (a list of records, each with
    a table whose rows are lists of cells) and a 纪要's 出席/请假/列席 (a mapping of name lists)."""
    from docgen.data import load_data

    p, d = Page(workspace), workspace["driver"]
    p.step = 80
    folder, url = workspace["folder"], workspace["session"].url()
    shutil.copy(ROOT / "inputs" / "annual-pre2019-sixpart-example.yaml", folder / "six.yaml")
    shutil.copy(ROOT / "inputs" / "minutes-2024.yaml", folder / "minutes.yaml")
    cell = "sections/1/table/rows/1/2"
    d.get(url + "?file=six.yaml")
    wait_for(lambda: d.find_elements(By.CSS_SELECTOR, f'[data-path="{cell}"]'), "the parts and their table")
    shape = Select(d.find_element(By.CSS_SELECTOR, "select.shape"))
    assert shape.first_selected_option.text.startswith("逐项列出")  # the file lists its own parts
    assert p.cell("sections/0/heading").get_attribute("value") == "概述"
    assert p.cell(cell).get_attribute("value") == "268"
    p.checked()
    assert "错误 0" in p.counts()
    p.type_into(cell, "二六八")  # refused at its cell, in the CLI's words
    wait_for(lambda: "sev-error" in (p.cell(cell).get_attribute("class") or ""), "the cell's error")
    assert "不是数字" in (p.cell(cell).get_attribute("title") or "")
    p.click(cell)
    p.shot("pre2019-table-cell-refused")
    p.type_into(cell, "269")
    wait_for(lambda: "sev-error" not in (p.cell(cell).get_attribute("class") or ""), "the cell fixed")
    d.find_element(By.ID, "save").click()
    wait_for(lambda: "已保存" in d.find_element(By.ID, "status").text, "saved")
    rows = load_data(folder / "six.yaml").values["sections"][1]["table"]["rows"]
    assert rows[1] == ["（一）主动公开政府信息数", "条", 269] and rows[0] == ["一、主动公开情况", None, None]

    d.get(url + "?file=minutes.yaml")
    names = '[data-path="attendance"] > .row input.map-key'
    wait_for(lambda: len(d.find_elements(By.CSS_SELECTOR, names)) == 3, "出席、请假、列席")
    assert [i.get_attribute("value") for i in d.find_elements(By.CSS_SELECTOR, names)] == [
        "出席",
        "请假",
        "列席",
    ]
    assert p.cell("attendance/出席/4").get_attribute("value") == "王芳"
    add = d.find_element(By.CSS_SELECTOR, '[data-path="attendance/出席"] > button.add')
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", add)
    add.click()
    assert d.switch_to.active_element.get_attribute("data-path") == "attendance/出席/5"
    d.switch_to.active_element.send_keys("孙强")
    p.checked()
    assert "错误 0" in p.counts()
    p.shot("minutes-attendance")
    d.find_element(By.ID, "save").click()
    wait_for(lambda: "已保存" in d.find_element(By.ID, "status").text, "saved")
    assert load_data(folder / "minutes.yaml").values["attendance"]["出席"][-1] == "孙强"


def test_next_year_from_last_years_file(workspace: dict[str, Any]) -> None:
    p, d = Page(workspace), workspace["driver"]
    p.step = 70
    shutil.copy(ROOT / "inputs" / "annual-2020-example.yaml", workspace["folder"] / "a2020.yaml")
    d.get(workspace["session"].url())
    button = wait_for(
        lambda: d.find_element(By.CSS_SELECTOR, 'button.from-last[data-from="a2020.yaml"]'), "button"
    )
    assert "2021 年度" in button.text
    p.shot("start-with-last-year")
    button.click()
    wait_for(lambda: d.find_elements(By.ID, "grid-t3"), "the 2021 editor")
    assert p.cell("year").get_attribute("value") == "2021"
    assert p.cell("organ").get_attribute("value")
    last = (workspace["folder"] / "a2020.yaml").read_text(encoding="utf-8")
    carried = p.cell("t3/carried_over/total").get_attribute("value")
    assert carried and "carry_forward: [" in last
    # arrows move like a spreadsheet
    p.click("t3/carried_over/total").send_keys(Keys.ARROW_UP)
    assert d.switch_to.active_element.get_attribute("data-path") == "t3/new_received/total"
    d.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    assert d.switch_to.active_element.get_attribute("data-path") == "t3/new_received/other_org"
    # checked against last year's file: 上年结转 agrees, then does not (R9)
    Select(d.find_element(By.ID, "previous")).select_by_value("a2020.yaml")
    p.checked()
    assert not any("R9" in f for f in p.findings())
    p.type_into("t3/carried_over/total", str(int(carried) + 1))
    wait_for(lambda: any("R9" in f for f in p.findings()), "R9 against last year")
    p.shot("r9-against-last-year")
    # 定稿 is refused while the data has errors, with the findings shown
    d.find_element(By.ID, "final").click()
    prompt = wait_for(lambda: d.switch_to.alert, "the 签发人 prompt")
    prompt.send_keys("李建国")
    prompt.accept()
    wait_for(lambda: "不能生成定稿" in d.find_element(By.ID, "status").text, "定稿 refused")
    wait_for(  # the findings that refused it, at their cells (the list is redrawn: read it when it stands)
        lambda: any(
            li.text.startswith("R2 ") for li in d.find_elements(By.CSS_SELECTOR, "#findings li.error")
        ),
        "the refusing findings",
    )
    assert not list(workspace["folder"].glob("out/annual-report-2021.*"))
    p.shot("final-refused")


def test_readme_screenshot_is_remade(tmp_path: Path) -> None:
    """scripts/serve_screenshot.py makes README's picture of the editor: the viewport's size, small enough
    for the repository, showing the edited cell's error (the script waits for it) — look at it."""
    from PIL import Image

    out = tmp_path / "serve-editor.png"
    assert screenshot.main(out) == 0
    assert Image.open(out).size == (screenshot.WIDTH, screenshot.HEIGHT)
    assert out.stat().st_size < 300_000
