"""Turn the bytes of a text source into text, or say clearly why they are not a briefing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import SourceError

#: A text issue is tens of kilobytes; a file this size is something else, or many issues.
MAX_TEXT_BYTES = 16 * 1024 * 1024
#: A PDF issue is a few megabytes and a few dozen pages.
MAX_PDF_BYTES = 200 * 1024 * 1024
MAX_PDF_PAGES = 1000


@dataclass(frozen=True, slots=True)
class SourceText:
    path: Path
    text: str
    sha256: str
    #: The encoding the bytes were in; anything but utf-8 is reported to the editor.
    encoding: str


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:65536]:
        return True
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.02


def _cjk_share(text: str) -> float:
    letters = [c for c in text if not c.isspace()]
    if not letters:
        return 0.0
    cjk = sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f")
    return cjk / len(letters)


def read_source_text(path: Path) -> SourceText:
    """Read a text issue. UTF-8 (with or without BOM) or GB18030/GBK; anything else is an error."""
    try:
        check_size(path, path.stat().st_size, MAX_TEXT_BYTES)
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, None, f"cannot read file: {exc.strerror}") from exc
    sha = hashlib.sha256(data).hexdigest()
    if not data.strip():
        raise SourceError(path, 1, "file is empty; expected the text of a briefing issue")
    if _looks_binary(data):
        raise SourceError(
            path, None, "file is binary, not text; expected a UTF-8 .txt issue or a .pdf"
        )
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            line = data[: utf8_error.start].count(b"\n") + 1
            raise SourceError(
                path, line, "file is neither UTF-8 nor GB18030 text; re-save it as UTF-8"
            ) from utf8_error
        # Random bytes often decode as GB18030 too; real Chinese text is mostly common CJK.
        if _cjk_share(text) < 0.2:
            raise SourceError(
                path, None, "file does not decode as UTF-8 and is not Chinese GB18030 text either"
            ) from utf8_error
        encoding = "gb18030"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(path=path, text=text, sha256=sha, encoding=encoding)


def check_size(path: Path, size: int, limit: int) -> None:
    """SourceError when a source file is larger than any one issue could be."""
    if size > limit:
        raise SourceError(
            path,
            None,
            f"file is {size:,} bytes; the limit for one issue is {limit:,}. "
            "Is it one issue? Split it into one file per issue",
        )


def check_pdf_pages(path: Path, pages: int) -> None:
    if pages > MAX_PDF_PAGES:
        raise SourceError(
            path,
            None,
            f"the PDF has {pages:,} pages; the limit for one issue is {MAX_PDF_PAGES:,}. "
            "Split it into one file per issue",
        )
