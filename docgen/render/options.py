"""Options of one rendering run: one frozen record, each CLI flag sets one field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

# The time a renderer writes when its caller gave none (the ZIP epoch): a renderer never reads the clock.
UNDATED = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Approval:
    """签发: who approved the final text (签发人), on which date, as which version.

    As asked for (``docgen render --final``), a blank ``signer`` means the 版头's 签发人 and no ``date``
    today; finalize/final.py fills both in before anything is rendered, so renderers see them complete."""

    signer: str = ""
    date: dt.date | None = None
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
    formats: tuple[str, ...] = ("pdf", "docx")  # what api.render writes (docgen.render.RENDERERS names)
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
    embed_data: bool = True  # a 定稿's PDF carries its data file (False: only the manifest's hash of it)
    # Whether ``timestamp`` is this render's clock reading (``at``) rather than a time the caller fixed: the
    # PDF records a clock time only where it records dates at all (``for_pdf``).
    clocked: bool = False

    @property
    def dates_pdf(self) -> bool:
        """Whether the PDF records creation and modification dates without a fixed ``timestamp``: a 定稿,
        a PDF/A or a PDF carrying files (finalize/pdfa.py); a plain draft PDF carries no date."""
        return self.final or self.pdf_variant is not None or bool(self.embedded_files)

    def at(self, now: dt.datetime) -> RenderOptions:
        """These options with ``now`` as their time unless a fixed ``timestamp`` is set: the caller reads
        the clock (api.render_document), renderers never do, so rendering is a function of its inputs."""
        return self if self.timestamp is not None else dataclasses.replace(self, timestamp=now, clocked=True)

    def for_pdf(self) -> RenderOptions:
        """The options the PDF is laid out and written with: a plain draft PDF carries no clock time (its
        bytes then stay the same from one second to the next), a fixed ``timestamp`` is always kept."""
        if self.clocked and not self.dates_pdf:
            return dataclasses.replace(self, timestamp=None, clocked=False)
        return self

    @property
    def marked(self) -> bool:
        """Whether pages carry the 草稿 mark: never on a final document."""
        if self.final:
            return False
        return self.draft if self.draft_mark is None else self.draft_mark
