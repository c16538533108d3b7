"""``docgen serve``: a local web page for filling in, checking, previewing and saving data files.

Imported only when the command runs (``docgen --help`` does not load the web server). The page is built on
the library the CLI uses (``api.py``): no rule and no layout is implemented twice.
"""

from __future__ import annotations

import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError, OutputError
from ..source import SourceRef
from .session import Session, is_loopback


def serve(
    folder: Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    open_browser: bool = True,
    templates: Path | None = None,
    say: Callable[[str], None] = print,
) -> None:
    """Serve ``folder`` until interrupted. ``say`` prints the address (and the warning for ``--host``)."""
    import uvicorn

    from .app import build

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            message="文件夹不存在",
            message_en="no such folder",
            source=SourceRef(str(folder)),
            hint="docgen serve 后面写数据文件所在的文件夹（默认当前文件夹）",
            hint_en="after docgen serve, give the folder of the data files (default: the current folder)",
        )
    _port_free(host, port)
    session = Session(folder, host=host, port=port, templates=templates)
    if not is_loopback(host):
        say(
            f"警告：服务监听 {host}，同一网络中的其他人可能访问本机文件夹 {session.root}；"
            "访问须使用下面带令牌的网址，用完请按 Ctrl+C 关闭"
        )
    url = session.url()
    say(f"docgen serve：{session.root} → {url}（按 Ctrl+C 停止）")
    sys.stdout.flush()  # the address must show before the server blocks (also when piped)
    if open_browser:
        threading.Timer(0.8, lambda: webbrowser.open(url)).start()
    config = uvicorn.Config(build(session), host=host, port=port, log_level="warning", access_log=False)
    uvicorn.Server(config).run()


def _port_free(host: str, port: int) -> None:
    """Refuse a port in use before starting (the server would otherwise stop with a log line)."""
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.bind((host, port))
    except OSError as e:
        raise OutputError(
            message=f"无法在 {host}:{port} 上启动：{e.strerror or e}",
            message_en=f"cannot listen on {host}:{port}: {e.strerror or e}",
            hint="端口可能已被占用：用 --port 换一个端口，如 --port 8766",
            hint_en="the port may be in use: choose another with --port",
        ) from None


__all__ = ["Session", "serve"]
