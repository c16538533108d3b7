"""The tokens of one ``docgen serve`` process.

``token``: issued with the page (a ``<meta>`` in index.html) and required in the ``X-Docgen-Token`` header of
every API request, so another web site open in the same browser cannot make the server write (a cross-site
form or fetch cannot read the page to learn it). ``access``: only when the server listens beyond loopback
(``--host``): a second random token that must be in the first URL (``?access=…``) and then rides in a cookie,
so that others on the network who can reach the port cannot use it.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from dataclasses import dataclass, field
from pathlib import Path

TOKEN_HEADER = "X-Docgen-Token"
ACCESS_COOKIE = "docgen_access"
MAX_BODY = 4 * 1024 * 1024  # a form with 190 numbers and six sections is some 50 KB


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class Session:
    root: Path
    host: str = "127.0.0.1"
    port: int = 8765
    templates: Path | None = None
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    access: str | None = None
    max_body: int = MAX_BODY

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        if self.access is None and not is_loopback(self.host):
            self.access = secrets.token_urlsafe(24)

    def token_ok(self, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def access_ok(self, given: str | None) -> bool:
        if self.access is None:
            return True
        return given is not None and hmac.compare_digest(given.encode(), self.access.encode())

    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else self.host
        if ":" in host:
            host = f"[{host}]"
        query = f"/?access={self.access}" if self.access else "/"
        return f"http://{host}:{self.port}{query}"
