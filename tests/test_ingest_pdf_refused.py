"""A file named .pdf that no PDF reader can open: a clear message naming it, at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.errors import SourceError
from briefgen.ingest import parse_issue


def _error(path: Path) -> str:
    with pytest.raises(SourceError) as caught:
        parse_issue(path)
    assert str(path) in str(caught.value)
    return str(caught.value)


def test_corrupt_pdf(tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    assert "not a readable PDF" in _error(broken)


def test_not_a_pdf_at_all(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("这不是 PDF", encoding="utf-8")
    assert "does not start with %PDF-" in _error(fake)
