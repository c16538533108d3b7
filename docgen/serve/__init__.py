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
        raise InputError.of("serve.no_folder", source=SourceRef(str(folder)))
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
        raise OutputError.of("serve.cannot_listen", host=host, port=port, reason=e.strerror or e) from None


__all__ = ["Session", "serve"]
