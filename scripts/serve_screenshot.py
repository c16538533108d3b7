"""Remake README's screenshot of the ``docgen serve`` editor (docs/serve-editor.png).

Why a script: the picture must follow the page when the page changes, so it is made the way the browser tests
see the page — the server on a temporary folder holding inputs/annual-2024-example.yaml, Debian's headless
Chromium driven by Selenium — not by hand. One part of 表三 is changed (（一）予以公开 · 自然人 18 → 19) so the
picture shows what the page is for: the live findings, the error at its cells, and the read-only computed
totals beside the typed ones. The PNG is reduced to a palette (small enough for the repository, < 300 KB).

Run: ``PYTHONPATH=$PWD python3 scripts/serve_screenshot.py [OUT.png]`` (needs chromium and chromium-driver,
installed by scripts/setup.sh, and the ``serve`` extra: uvicorn, selenium).
"""

from __future__ import annotations

import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "annual-2024-example.yaml"
OUT = ROOT / "docs" / "serve-editor.png"
WIDTH, HEIGHT = 1280, 860
WAIT = 90.0


def wait_for(check: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """``check()`` once it is true (the browser tests use it too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except Exception:  # the page is redrawing: try again
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise TimeoutError(f"timed out waiting for {what}")


def shrink(png: bytes, out: Path) -> None:
    """Save ``png`` as a 256-colour palette PNG (a page of flat colours and text loses nothing visible)."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.stem + ".tmp.png")
    small.save(tmp, optimize=True)
    tmp.replace(out)  # never a half-written picture


def main(out: Path = OUT) -> int:
    import uvicorn
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    from docgen.serve.app import build
    from docgen.serve.session import Session

    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        print("chromium and chromium-driver are not installed (scripts/setup.sh)", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="docgen-serve-shot-"))
    shutil.copy(EXAMPLE, folder / "annual-2024.yaml")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    session = Session(folder, port=port)
    server = uvicorn.Server(uvicorn.Config(build(session), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the server")
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={WIDTH},{HEIGHT}",
                "--hide-scrollbars", "--lang=zh-CN"):  # fmt: skip
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.execute_cdp_cmd(  # the viewport itself (a window size would include the browser's frame)
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )
        driver.get(session.url() + "?file=annual-2024.yaml")
        wait_for(lambda: driver.find_elements(By.ID, "grid-t3"), "the editor")
        cell = driver.find_element(By.CSS_SELECTOR, '[data-path="t3/granted/natural_person"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
        cell.click()
        cell.send_keys(Keys.CONTROL, "a")
        cell.send_keys("19")
        total = driver.find_element(By.CSS_SELECTOR, 'td[data-cell="t3/granted/total"]')
        wait_for(lambda: "sev-error" in (total.get_attribute("class") or ""), "the live check")
        wait_for(
            lambda: (
                (box := driver.find_element(By.ID, "preview")).get_attribute("data-preview")
                and "stale" not in (box.get_attribute("class") or "")
            ),
            "the preview",
        )
        # 表三 from its top row, just below the sticky toolbar and findings; the cell keeps its message open
        driver.execute_script(
            "const t = document.getElementById('grid-t3');"
            "const head = document.querySelector('.sticky').getBoundingClientRect().bottom;"
            "window.scrollBy(0, t.getBoundingClientRect().top - head - 36);"
        )
        time.sleep(0.5)
        shrink(driver.get_screenshot_as_png(), out)
    finally:
        driver.quit()
        server.should_exit = True
        thread.join(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{out} ({out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
