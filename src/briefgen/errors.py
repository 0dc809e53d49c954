"""Exceptions users can act on: each names the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path


class BriefgenError(Exception):
    """Base of every error briefgen reports to a user instead of a traceback."""

    def __init__(
        self,
        path: Path | str | None,
        line: int | None,
        message: str,
        *,
        page: int | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        #: PDF sources have pages, not lines: the 1-based page the problem is on.
        self.page = page
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            if self.line:
                where = f"{self.path}:{self.line}: "
            elif self.page:
                where = f"{self.path}: page {self.page}: "
            else:
                where = f"{self.path}: "
        return f"{where}{self.message}"

    def __reduce__(self) -> tuple[object, ...]:
        # A build's worker processes send their errors back pickled; the default would call
        # the class with the message alone.
        return (type(self), (self.path, self.line, self.message), {"page": self.page})


class SourceError(BriefgenError):
    """A source file cannot be read: empty, binary, undecodable, encrypted, corrupt, scanned."""


class ParseError(BriefgenError):
    """A source text was read but its layout is not one briefgen understands."""


class RecordError(BriefgenError):
    """A record file is not valid YAML or does not match the record schema."""


class TemplateProblem(BriefgenError):
    """A site template does not compile or fails while rendering a page."""


class StarterError(BriefgenError):
    """``briefgen new`` cannot create a starter archive in the folder named."""


class OutputPathError(BriefgenError):
    """A file of the site would land outside the output folder, or under an impossible name."""


class ToolMissing(BriefgenError):
    """A program briefgen runs (Tesseract, Poppler's tools for OCR) is not installed."""


def unexpected_error(path: Path, exc: BaseException) -> BriefgenError:
    """What the user is told when something other than a BriefgenError stops work on one file:
    a disk or permission problem names the file, anything else is a bug to report."""
    if isinstance(exc, OSError):
        where = exc.filename or path
        return BriefgenError(where, None, f"cannot read or write the file: {exc.strerror or exc}")
    return BriefgenError(
        path,
        None,
        f"internal error ({type(exc).__name__}: {exc}); this file was skipped. Please "
        "report it with the file (run with -v for the traceback)",
    )
