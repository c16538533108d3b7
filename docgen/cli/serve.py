"""``docgen serve``: the local web page for filling in data files (Starlette and uvicorn load only when it
runs)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .args import TemplatesOpt
from .console import out


def serve(
    folder: Annotated[Path, typer.Argument(help="数据文件所在的文件夹（只读写该文件夹）")] = Path("."),
    port: Annotated[int, typer.Option("--port", help="端口")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="监听地址（默认仅本机 127.0.0.1；其他地址需带令牌访问）")
    ] = "127.0.0.1",
    no_browser: Annotated[bool, typer.Option("--no-browser", help="不自动打开浏览器")] = False,
    templates: TemplatesOpt = None,
) -> None:
    """打开本地网页：填写年度报告等数据文件，实时检查，预览页面，下载 PDF / DOCX，保存。"""
    from ..serve import serve as run

    run(folder, host=host, port=port, open_browser=not no_browser, templates=templates, say=out.print)
