"""The HTTP routes of ``docgen serve`` (Starlette), and the guards every request passes.

Guards, in order: the Host header must name the loopback address the server is bound to (a web page cannot
reach the server through a rebound DNS name); with ``--host`` the access token of the printed URL (then a
cookie); on every ``/api/`` request the page's token in ``X-Docgen-Token``; request bodies at most
``Session.max_body``. Errors come back as JSON in the CLI's words (``DocgenError.text``), never a traceback.
"""

from __future__ import annotations

import html
import json
import sys
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import DocgenError, InputError, ValidationFailed
from ..output import safe_name
from . import documents, preview
from .paths import confine
from .saving import Conflict, save
from .session import ACCESS_COOKIE, TOKEN_HEADER, Session, is_loopback

STATIC = {
    "app.js": "text/javascript; charset=utf-8",
    "form.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ofd": "application/ofd",
}  # fmt: skip  (the formats of docgen.render.RENDERERS)


def _static(name: str) -> bytes:
    return resources.files("docgen.serve").joinpath("static", name).read_bytes()


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


class Guard:
    """The checks every request passes before a route sees it (see the module doc)."""

    def __init__(self, app: ASGIApp, session: Session) -> None:
        self.app, self.session = app, session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        s = self.session
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]")
        if is_loopback(s.host) and not is_loopback(host):
            await _error(403, "拒绝访问：请求的主机名不是本机地址")(scope, receive, send)
            return
        if s.access is not None:
            given = request.query_params.get("access") or request.cookies.get(ACCESS_COOKIE)
            if not s.access_ok(given):
                await _error(403, "拒绝访问：缺少或错误的访问令牌，请使用启动时显示的完整网址")(
                    scope, receive, send
                )
                return
        path = scope["path"]
        if path.startswith("/api/"):
            token = request.headers.get(TOKEN_HEADER)
            if not token and scope["method"] == "GET":
                token = request.query_params.get("t")  # images: an <img> cannot send a header
            if not s.token_ok(token):
                await _error(403, "拒绝请求：缺少页面令牌（请从 docgen serve 打开的页面操作）")(
                    scope, receive, send
                )
                return
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > s.max_body):
            await _error(413, f"请求过大（上限 {s.max_body // 1024 // 1024} MB）")(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > s.max_body:
                raise _TooLarge
            return message

        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watched)
        except _TooLarge:
            await _error(413, f"请求过大（上限 {s.max_body // 1024 // 1024} MB）")(scope, receive, send)
        except Exception as e:  # a defect in docgen: said in one line, as the CLI says it, no traceback
            text = f"内部错误：{type(e).__name__}: {e}。请把操作步骤报告给开发者。"
            print(f"docgen serve {scope['path']}: {text}", file=sys.stderr)
            if not started:
                await _error(500, text)(scope, receive, send)


class _TooLarge(Exception):
    pass


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise InputError.of("serve.request.not_json") from None
    if not isinstance(body, dict):
        raise InputError.of("serve.request.not_object")
    return body


def _str(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str):
        raise InputError.of("serve.request.missing_key", key=key)
    return value


def _form(body: dict[str, Any]) -> dict[str, Any]:
    form = body.get("form")
    if not isinstance(form, dict):
        raise InputError.of("serve.request.missing_form")
    return form


def build(session: Session) -> Starlette:
    """The application for one served folder."""

    async def index(request: Request) -> Response:
        page = _static("index.html").decode("utf-8")
        page = page.replace("{{TOKEN}}", html.escape(session.token)).replace(
            "{{FOLDER}}", html.escape(str(session.root))
        )
        response = Response(page, media_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "DENY"
        if session.access and request.query_params.get("access"):
            response.set_cookie(ACCESS_COOKIE, session.access, httponly=True, samesite="strict")
        return response

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in STATIC:
            return _error(404, "没有这个文件")
        return Response(_static(name), media_type=STATIC[name])

    async def files(request: Request) -> Response:
        listing = await run_in_threadpool(documents.listing, session)
        return JSONResponse({"folder": str(session.root), "files": listing})

    async def templates(request: Request) -> Response:
        return JSONResponse({"templates": documents.templates_json(session)})

    async def new(request: Request) -> Response:
        body = await _body(request)
        if isinstance(body.get("from"), str):  # 从去年的数据开始
            return JSONResponse(
                {"path": await run_in_threadpool(documents.start_from, session, body["from"])}
            )
        year = body.get("year")
        if year not in (None, "") and not str(year).isdigit():
            raise InputError.of("serve.request.year_not_number", year=year)
        name = body.get("name") or None
        path = await run_in_threadpool(
            documents.create, session, _str(body, "template"), int(year) if year else None, name
        )
        return JSONResponse({"path": path})

    async def open_(request: Request) -> Response:
        body = await _body(request)
        return JSONResponse(await run_in_threadpool(documents.open_file, session, _str(body, "path")))

    async def check(request: Request) -> Response:
        body = await _body(request)
        previous = body.get("previous") if isinstance(body.get("previous"), str) else None
        result = await run_in_threadpool(
            documents.check_form, session, _str(body, "path"), _form(body), previous or None
        )
        return JSONResponse(result)

    def _render(path: str, form: dict[str, Any], formats: tuple[str, ...]) -> dict[str, bytes]:
        with preview.render_lock:
            return documents.render_form(session, path, form, formats)

    async def make_preview(request: Request) -> Response:
        body = await _body(request)
        path, form = _str(body, "path"), _form(body)

        def work() -> dict[str, Any]:
            images = preview.pages(_render(path, form, ("pdf",))["pdf"])
            return {"id": preview.keep(images), "pages": len(images)}

        return JSONResponse(await run_in_threadpool(work))

    async def preview_image(request: Request) -> Response:
        found = preview.image(request.path_params["rid"], request.path_params["page"])
        if found is None:
            return _error(404, "预览已过期，请刷新")
        return Response(found, media_type="image/png", headers={"Cache-Control": "no-store"})

    async def download(request: Request) -> Response:
        body = await _body(request)
        path, form, fmt = _str(body, "path"), _form(body), _str(body, "format")
        if fmt not in MIME:
            raise InputError.of("serve.request.unsupported_format", fmt=fmt, formats="、".join(MIME))
        blob = (await run_in_threadpool(_render, path, form, (fmt,)))[fmt]
        stem = safe_name(confine(session.root, path).stem)
        return Response(
            blob,
            media_type=MIME[fmt],
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(stem)}.{fmt}"},
        )

    async def save_(request: Request) -> Response:
        body = await _body(request)
        opened = body.get("opened") if isinstance(body.get("opened"), dict) else {}
        new_hash = await run_in_threadpool(
            save, session, _str(body, "path"), opened, _form(body), _str(body, "hash")
        )
        return JSONResponse({"hash": new_hash})

    async def final(request: Request) -> Response:
        body = await _body(request)

        def work() -> list[str]:
            with preview.render_lock:
                signer = body.get("signer")
                return documents.finalize(session, _str(body, "path"), signer.strip() if signer else None)

        return JSONResponse({"outputs": await run_in_threadpool(work)})

    async def docgen_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DocgenError)
        if isinstance(exc, ValidationFailed):
            found = [documents.finding_json(f) for f in exc.findings]
            return _error(422, exc.text(), findings=found, counts=documents.counts(exc.findings))
        status = 409 if isinstance(exc, Conflict) else 400
        return JSONResponse(documents.error_json(exc), status_code=status)

    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route("/favicon.ico", lambda _request: Response(status_code=204)),
        Route("/api/files", files),
        Route("/api/templates", templates),
        Route("/api/new", new, methods=["POST"]),
        Route("/api/open", open_, methods=["POST"]),
        Route("/api/check", check, methods=["POST"]),
        Route("/api/preview", make_preview, methods=["POST"]),
        Route("/api/preview/{rid}/{page:int}.png", preview_image),
        Route("/api/download", download, methods=["POST"]),
        Route("/api/save", save_, methods=["POST"]),
        Route("/api/final", final, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={DocgenError: docgen_error})
    app.add_middleware(Guard, session=session)  # type: ignore[arg-type]
    return app


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
