"""Shared fixtures: the seed issues shipped in briefings/, parsed once per test run."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import pytest

# The tests' own build cache, so runs never read or fill the working copy's .cache/.
os.environ.setdefault("BRIEFGEN_CACHE", tempfile.mkdtemp(prefix="briefgen-cache-"))

from briefgen.ingest import parse_issue
from briefgen.records import Issue

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = ROOT / "briefings"
GOLDEN = Path(__file__).resolve().parent / "golden"
SEED_IDS = sorted(p.parent.name for p in BRIEFINGS.glob("*/source.txt"))


@cache
def parsed(issue_id: str) -> Issue:
    return parse_issue(BRIEFINGS / issue_id / "source.txt")


@pytest.fixture
def seed_text() -> str:
    return (BRIEFINGS / "2024-01-jiwei-semiconductors" / "source.txt").read_text(encoding="utf-8")
