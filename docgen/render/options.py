"""Options of one rendering run: one frozen record, each CLI flag sets one field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

# The time a renderer writes when its caller gave none (the ZIP epoch): a renderer never reads the clock.
UNDATED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Approval:
    """签发: who approved the final text (签发人), on which date, as which version."""

    signer: str
    date: dt.date
    version: str = "1"


@dataclass(frozen=True, slots=True)
class EmbeddedFile:
    """A file carried inside the PDF (PDF/A-3 associated file): the input data, the input manifest."""

    name: str
    data: bytes
    mime: str = "application/octet-stream"
    description: str = ""
    relationship: str = "Source"  # AFRelationship: Source | Data | Supplement | Unspecified


@dataclass(frozen=True, slots=True)
class RenderOptions:
    formats: tuple[str, ...] = ("pdf", "docx")
    draft: bool = False  # render even with validation errors (and mark every page as a draft)
    # the "草稿" mark on every page: None follows ``draft``; the CLI marks every non-final render
    draft_mark: bool | None = None
    # Fixed creation/modification time for reproducible output (tests, batch comparisons); None = now.
    timestamp: dt.datetime | None = None
    lang: str = "zh"
    # 定稿 (docgen render --final): no draft mark, approval recorded, archival PDF. See docgen/finalize/.
    final: bool = False
    approval: Approval | None = None
    pdf_variant: str | None = None  # "pdf/a-3b" | "pdf/a-2b" | None (plain PDF)
    embedded_files: tuple[EmbeddedFile, ...] = ()

    @property
    def dates_pdf(self) -> bool:
        """Whether the PDF records creation and modification dates without a fixed ``timestamp``: a 定稿,
        a PDF/A or a PDF carrying files (finalize/pdfa.py); a plain draft PDF carries no date."""
        return self.final or self.pdf_variant is not None or bool(self.embedded_files)

    def at(self, now: dt.datetime) -> RenderOptions:
        """These options with ``now`` as their time unless a fixed ``timestamp`` is set: the caller reads
        the clock (api.render_document), renderers never do, so rendering is a function of its inputs."""
        return self if self.timestamp is not None else dataclasses.replace(self, timestamp=now)

    @property
    def marked(self) -> bool:
        """Whether pages carry the 草稿 mark: never on a final document."""
        if self.final:
            return False
        return self.draft if self.draft_mark is None else self.draft_mark
