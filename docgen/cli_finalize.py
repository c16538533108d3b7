"""``docgen render --final`` options, ``docgen sign`` and ``docgen verify``: sign-off and filing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from . import api
from .errors import ExitCode, InputError
from .finalize.sign import PASSWORD_ENV
from .render.options import RenderOptions


def final_options(
    options: RenderOptions,
    final: bool,
    signer: str | None,
    approved: str | None,
    version: str,
    pdf_standard: str | None,
) -> tuple[RenderOptions, Callable[..., api.RenderResult]]:
    """The options and the api function of ``docgen render`` given its sign-off flags."""
    from .finalize.final import check_variant

    if final and options.draft:
        raise InputError(
            message="--final 与 --draft 不能同时使用", message_en="--final and --draft exclude each other"
        )
    if not final and (signer or approved):
        raise InputError(
            message="--signer 和 --approved 只用于 --final", message_en="--signer/--approved need --final"
        )
    if pdf_standard:
        options = dataclasses.replace(options, pdf_variant=check_variant(pdf_standard))
    if not final:
        return options, api.render
    date = None
    if approved:
        try:
            date = dt.date.fromisoformat(approved)
        except ValueError:
            raise InputError(
                message=f"签发日期应写成 YYYY-MM-DD，而不是“{approved}”",
                message_en=f"--approved takes YYYY-MM-DD, not {approved!r}",
            ) from None
    return options, functools.partial(api.render_final, signer=signer, approved=date, version=version)


def _password(env: str) -> bytes | None:
    """From the environment variable, else a hidden prompt when a person is at the terminal. Never echoed."""
    value = os.environ.get(env)
    if value is None and sys.stdin.isatty():
        value = typer.prompt("证书密码", hide_input=True, default="", show_default=False)
    return value.encode("utf-8") if value else None


def sign(
    pdf: Annotated[Path, typer.Argument(help="要签名的 PDF（定稿）", show_default=False)],
    p12: Annotated[Path, typer.Option("--p12", help="签名证书（PKCS#12：.p12 / .pfx）", show_default=False)],
    password_env: Annotated[
        str, typer.Option("--password-env", help="存放证书密码的环境变量名（未设置时提示输入）")
    ] = PASSWORD_ENV,
    visible: Annotated[bool, typer.Option("--visible", help="在印章处显示可见签名")] = False,
    out_path: Annotated[
        Path | None, typer.Option("--out", "-o", help="签名后的 PDF（默认覆盖原文件并更新清单）")
    ] = None,
    manifest_signature: Annotated[
        bool,
        typer.Option("--manifest-signature/--no-manifest-signature", help="同时用该证书签署清单（.p7s）"),
    ] = True,
) -> None:
    """用 PAdES 数字签名签署 PDF，并更新、签署清单。"""
    from .cli import _t, err, out

    with err.status(_t("正在签名……", "signing…"), spinner="dots"):
        result = api.sign(
            pdf, p12, _password(password_env), visible=visible, out=out_path, manifest=manifest_signature
        )
    out.print(
        _t(
            f"已签名 {result.pdf}（签名人：{result.signer}）",
            f"signed {result.pdf} (signer: {result.signer})",
        )
    )
    if result.manifest:
        out.print(_t(f"已更新清单 {result.manifest}", f"updated {result.manifest}"))
    if result.manifest_signature:
        out.print(
            _t(f"已签署清单 {result.manifest_signature}", f"signed the manifest: {result.manifest_signature}")
        )


def verify(
    path: Annotated[
        Path, typer.Argument(help="PDF、清单文件（.manifest.json）或其所在文件夹", show_default=False)
    ],
    trust: Annotated[
        list[Path] | None, typer.Option("--trust", help="所信任的 CA 证书（PEM/DER），可重复")
    ] = None,
    allow_unsigned: Annotated[
        bool, typer.Option("--allow-unsigned", help="未签名也可通过（只核对哈希）")
    ] = False,
) -> None:
    """核验 PDF 签名、清单签名和所有文件的哈希；全部通过时退出码为 0。"""
    from .cli import State, _t, err, out

    report = api.verify(path, trust or [], require_signature=not allow_unsigned)
    en = State.lang == "en"
    for f in report.facts:
        mark = "[green]✓[/]" if f.ok else ("[dim]–[/]" if f.ok is None else "[bold red]✗[/]")
        if f.ok is False and not f.required:
            mark = "[yellow]![/]"
        out.print(f"{mark} {f.en if en else f.zh}", markup=True)
    if report.bottom_line:
        who = f"（签名人：{report.signer}）" if report.signer else ""
        trust = report.fact("pdf.trusted")
        untrusted = trust is not None and trust.ok is None
        out.print(
            _t(
                f"[bold green]核验通过[/]：文件完整，未被改动{who}"
                + ("；签名人身份未经信任链核验（可用 --trust 指定 CA 证书）" if untrusted else ""),
                "[bold green]verified[/]: intact"
                + ("; signer identity not checked (no --trust)" if untrusted else ""),
            ),
            markup=True,
        )
        return
    failed = report.failed()
    err.print(
        _t(
            f"[bold red]核验未通过[/]：{len(failed)} 项不成立 —— " + "；".join(f.zh for f in failed),
            f"[bold red]verification failed[/]: {len(failed)} check(s) failed — "
            + "; ".join(f.en for f in failed),
        ),
        markup=True,
    )
    raise typer.Exit(ExitCode.FINDINGS)
