"""English help for ``--lang en``: the commands' and options' help texts are written in Chinese where they are
declared (the command modules of this package); their English twins live here, keyed by command and option
name, and replace them on the click command tree before it parses (``cli.main``).

Keyed by name, not by the Chinese text, so rewording a Chinese help keeps its English one; a new command or
option without an English twin is listed by tests/test_english.py.
"""

from __future__ import annotations

from typing import Any

# command name ("" for docgen itself) → its help
COMMANDS: dict[str, str] = {
    "": "docgen: GB/T 9704-2012 official documents (公文) from structured data, as PDF and editable DOCX.",
    "render": "Write the PDF and DOCX: a document that is not final is marked 草稿 (draft) on every page; "
    "--final writes the final version.",
    "check": "Check a data file (no files written), or every unit of a folder or list. Exit code 1 when it has "
    "errors; checks that blank cells prevented are listed separately.",
    "init": "Write a data file to fill in (YAML or Excel): every field with its explanation, optional fields "
    "as comments.",
    "fonts": "List the face each font role really uses, and check for missing characters.",
    "templates": "List the available templates.",
    "fields": "List every field of a template's data file: name, type, required or not, default and meaning "
    "(generated from the data model).",
    "serve": "Open a local web page: fill in annual reports and other data files with live checks, preview "
    "the pages, download PDF / DOCX, save.",
    "dump": "Show the assembled document's structure as indented text (for debugging templates).",
    "batch": "Render the documents of many units, sum up the failures, write batch-report.json/.csv. "
    "Exit code 1 when a unit failed.",
    "rollup": "Add up the three statistics tables of the units' annual reports (each checked first; units "
    "with errors are left out and listed with the reason; exit code 1 when a unit was left out).",
    "sign": "Sign final PDFs with a PAdES digital signature, and update and sign the manifest. Takes several "
    "files or folders; the password is asked once.",
    "verify": "Verify final documents: the PDF signature, the embedded manifest and data, the manifest beside "
    "it and its signature, every file's hash. The verdict first, then the facts.\n\n"
    "Exit codes: 0 everything verified; 1 something failed, or the signature is valid but its certificate "
    "is not trusted (no --trust).",
}

_DATA = "data file (.yaml / .json / .xlsx)"
_TEMPLATES = "folder of your own templates (before the built-in ones)"
_PREVIOUS = "last year's data file (annual reports: carry-over, documents in force, item counts)"

# (command, the option's first name or the argument's name) → its help
OPTIONS: dict[tuple[str, str], str] = {
    ("", "--lang"): "language of the messages: zh or en",
    ("", "--debug"): "show the traceback of an error (for developers)",
    ("", "--verbose"): "list every notice (e.g. each punctuation correction)",
    ("", "--version"): "show the version",
    ("render", "data"): _DATA,
    ("render", "--out"): "output folder",
    ("render", "--format"): "output formats, comma-separated: pdf,docx,ofd",
    ("render", "--templates"): _TEMPLATES,
    ("render", "--keep-punctuation"): "do not correct half-width punctuation",
    ("render", "--strict"): "write nothing when there are warnings",
    ("render", "--previous"): _PREVIOUS,
    ("render", "--draft"): "write the files despite errors, every page marked 草稿 (for internal review, "
    "never to be issued)",
    (
        "render",
        "--final",
    ): "write the final version: no errors allowed, the approval recorded, no draft mark, "
    "PDF/A with a manifest",
    ("render", "--signer"): "who approved it (签发人; final; default: the data's)",
    ("render", "--approved"): "date of approval YYYY-MM-DD (final; default: today)",
    ("render", "--doc-version"): "version number of the final document",
    ("render", "--pdf-standard"): "PDF standard: pdf/a-3b (final's default) or pdf/a-2b",
    ("render", "--embed-data"): "embed the data files in the final PDF (--no-embed-data: not embedded, the "
    "manifest still records their hashes)",
    (
        "render",
        "--draft-mark",
    ): "mark every page of a document that is not final as 草稿 (--no-draft-mark: no mark)",
    ("check", "data"): _DATA,
    ("check", "--templates"): _TEMPLATES,
    ("check", "--strict"): "count warnings, blank cells and the checks blank cells prevented as failures too",
    ("check", "--previous"): _PREVIOUS,
    ("check", "--defaults"): "the defaults file shared by the units, as for batch (checked merged)",
    ("init", "kind"): "template name (see docgen templates, e.g. notice, annual-report-pre2019), or "
    "annual-report (the year chooses the format)",
    ("init", "--year"): "year of the report (annual reports: chooses the 2019 trial or the 2021 format)",
    ("init", "--xlsx"): "write an Excel workbook (laid out like the official tables) instead of YAML",
    ("init", "--out"): "output file or folder (default: the current folder)",
    ("init", "--force"): "overwrite an existing file",
    ("init", "--templates"): _TEMPLATES,
    ("fonts", "data"): "optional: check the characters of this data file",
    ("fonts", "--templates"): _TEMPLATES,
    ("templates", "--templates"): _TEMPLATES,
    ("fields", "template"): "template name (see docgen templates)",
    ("fields", "--templates"): _TEMPLATES,
    ("serve", "folder"): "folder of the data files (the only folder read and written)",
    ("serve", "--port"): "port",
    ("serve", "--host"): "address to listen on (default: this computer only, 127.0.0.1; any other needs the "
    "access token)",
    ("serve", "--no-browser"): "do not open a browser",
    ("serve", "--templates"): _TEMPLATES,
    ("dump", "data"): _DATA,
    ("dump", "--templates"): _TEMPLATES,
    ("batch", "source"): "folder of data files, or a CSV/XLSX list (one unit per row)",
    ("batch", "--out"): "output folder",
    ("batch", "--defaults"): "file of defaults shared by all units (merged deeply)",
    ("batch", "--template"): "template name (when the data names none)",
    ("batch", "--name"): "pattern of the output names, e.g. {unit}/{year}-年度报告",
    ("batch", "--format"): "output formats, comma-separated: pdf,docx,ofd",
    ("batch", "--jobs"): "parallel processes (default: all CPU cores)",
    ("batch", "--resume"): "skip the units whose inputs, template and version have not changed",
    ("batch", "--draft"): "write the files despite errors, marked 草稿",
    ("batch", "--executor"): "local (process pool on this machine) or dask",
    ("batch", "--scheduler"): "address of the Dask scheduler, tcp://host:port",
    ("batch", "--dask-output"): "return: files come back as bytes and are written here; shared: each worker "
    "writes into --out (a shared folder every worker sees)",
    ("batch", "--templates"): _TEMPLATES,
    ("batch", "--timestamp"): "fixed document time (reproducible output)",
    (
        "batch",
        "--check-only",
    ): "only check each unit's data (no files written), listing the problems per unit",
    ("batch", "--final"): "write the final version of every unit whose data has no errors (the others are "
    "refused one by one)",
    ("batch", "--signer"): "who approved it (签发人; final)",
    ("batch", "--approved"): "date of approval YYYY-MM-DD (final)",
    ("batch", "--doc-version"): "version number of the final documents",
    ("rollup", "source"): "the units' annual report data: a folder or a CSV/XLSX list",
    ("rollup", "--out"): "output folder",
    ("rollup", "--organ"): "name of the organ adding them up (for the title)",
    ("rollup", "--defaults"): "file of defaults shared by all units",
    ("rollup", "--format"): "formats of the table documents (an .xlsx is always written too)",
    ("rollup", "--allow-excluded"): "exit with code 0 even when units were left out (default: 1)",
    (
        "sign",
        "pdfs",
    ): "final PDFs to sign, or folders (each unsigned final document in them), several allowed",
    ("sign", "pdf"): "the final PDF to sign",
    ("sign", "--p12"): "signing certificate (PKCS#12: .p12 / .pfx)",
    ("sign", "--password-env"): "environment variable holding the certificate's password (without it the "
    "terminal asks once)",
    ("sign", "--visible"): "show a visible signature in the seal's area (not over the signature or date)",
    ("sign", "--out"): "the signed PDF (when signing one; default: replace the file and update the manifest)",
    ("sign", "--manifest-signature"): "sign the manifest with the same certificate too (.p7s)",
    ("sign", "--allow-draft"): "sign a PDF without the final marker too (drafts are refused by default)",
    ("sign", "--timestamp"): "URL of a time-stamping service (TSA): the signature carries a trusted time "
    "(PAdES-B-T)",
    ("verify", "paths"): "a PDF (alone is enough), a manifest (.manifest.json) or a folder (each final "
    "document in it), several allowed",
    ("verify", "path"): "a PDF, a manifest (.manifest.json) or a folder of final documents",
    ("verify", "--trust"): "a trusted certificate: the organ's root (CA) or its signing certificate itself "
    "(PEM/DER), repeatable",
    ("verify", "--allow-unsigned"): "pass without signatures (hashes only)",
}


def _key(param: Any) -> str:
    opts = getattr(param, "opts", None) or [param.name]
    return next((o for o in opts if o.startswith("--")), opts[0])


def missing(command: Any, name: str = "") -> list[str]:
    """The commands and options of ``command``'s tree that have help but no English twin."""
    found = [] if not command.help or name in COMMANDS else [f"command {name or 'docgen'}"]
    for p in command.params:
        if getattr(p, "help", None) and (name, _key(p)) not in OPTIONS:
            found.append(f"{name or 'docgen'} {_key(p)}")
    for sub_name, sub in getattr(command, "commands", {}).items():
        found.extend(missing(sub, sub_name))
    return found


def translate(command: Any, name: str = "") -> None:
    """Put the English help on ``command``'s tree (a click command built for this run only)."""
    if name in COMMANDS and command.help:
        command.help = COMMANDS[name]
    for p in command.params:
        english = OPTIONS.get((name, _key(p)))
        if english and getattr(p, "help", None):
            p.help = english
    for sub_name, sub in getattr(command, "commands", {}).items():
        translate(sub, sub_name)
