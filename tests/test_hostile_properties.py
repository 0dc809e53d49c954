"""Property tests (Hypothesis): whatever the input, only briefgen's own errors, in bounded time.

Inputs are the seed files with random edits (spans deleted, hostile characters inserted:
control characters, YAML indicators, private-use characters, full-width spaces) and raw bytes.
Example counts are modest to keep the suite fast; `make fuzz` runs the long campaign.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefgen.archive import Glossary, SiteSettings, load_archive
from briefgen.errors import BriefgenError, RecordError
from briefgen.ingest.text import parse_text
from briefgen.records import (
    Article,
    EditorMeta,
    Footnote,
    Issue,
    IssueMeta,
    issue_to_yaml,
    load_editor_file,
    load_issue,
    validate_file,
)
from briefgen.render import PageReuse, write_feeds, write_pages
from briefgen.schema import field_specs
from hostile import ROOT, minimal_records, seed_records, seed_source

#: Property tests are slow by nature (make test-fast leaves out the whole module, and with it
#: the import of Hypothesis).
pytestmark = pytest.mark.slow

HOSTILE = "\x00\x01\x07\x0b\x1b\x7f\x85\ufeff\ue000\ue001\ue004\u3000&*!|>%@`[]{}:#-?'\"\\\n\t 中/."
#: Each example must finish within the deadline: generous, so a busy machine does not fail a
#: correct run, yet far below what a quadratic or exponential step would take on these inputs.
QUICK = settings(
    max_examples=40,
    deadline=20_000,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _edited(seed: str) -> st.SearchStrategy[str]:
    """``seed`` with up to five random edits."""
    edit = st.tuples(
        st.integers(0, len(seed)),
        st.integers(0, 40),
        # Text a file can hold: any character UTF-8 encodes (no lone surrogates).
        st.text(alphabet=st.sampled_from(HOSTILE) | st.characters(codec="utf-8"), max_size=12),
    )

    def apply(edits: list[tuple[int, int, str]]) -> str:
        text = seed
        for at, cut, insert in edits:
            at = min(at, len(text))
            text = text[:at] + insert + text[at + cut :]
        return text

    return st.lists(edit, max_size=5).map(apply)


def _file(data: str | bytes, name: str = "records.yaml") -> Path:
    path = Path(tempfile.mkdtemp(prefix="briefgen-prop-")) / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@QUICK
@given(st.one_of(_edited(minimal_records()), _edited(seed_records()), st.binary(max_size=400)))
def test_the_record_loader_reports_problems_and_never_raises(data: str | bytes) -> None:
    path = _file(data)
    problems = validate_file(path)
    assert all(isinstance(p, RecordError) and p.path == path for p in problems)
    if not problems:
        assert load_issue(path).issue.id


EDITOR_SEEDS = [
    ("meta.yaml", EditorMeta, "publication: 集微快报\nnumber: 3\ndate: 2024-03-01\n"),
    ("site.yaml", SiteSettings, "title_zh: 档案\nbase_url: https://example.org/a/\n"),
    ("glossary.yaml", Glossary, "sections:\n  政策计划: Policy\ntags:\n  芯片: Chips\n"),
]


@QUICK
@given(
    st.sampled_from(EDITOR_SEEDS).flatmap(
        lambda seed: st.tuples(st.just(seed), st.one_of(_edited(seed[2]), st.binary(max_size=200)))
    )
)
def test_the_editor_file_readers_raise_only_record_errors(case: tuple) -> None:
    (name, spec, _), data = case
    path = _file(data, name)
    try:
        result = load_editor_file(path, spec, name)
    except RecordError as exc:
        assert exc.path == path
        return
    assert set(result) <= set(field_specs(spec))


@settings(QUICK, max_examples=25, deadline=20_000)
@given(_edited(seed_source()))
def test_the_text_parser_raises_only_briefgen_errors(text: str) -> None:
    try:
        issue = parse_text(text, Path("fuzz.txt"))
    except BriefgenError:
        return
    assert issue.articles


#: Lone surrogates are left out: no decoder or extractor gives them (UTF-8 text cannot hold one).
_NAMES = st.text(
    alphabet=st.sampled_from(HOSTILE) | st.characters(exclude_categories=("Cs",)), max_size=40
)
_ARTICLES = st.builds(
    Article,
    id=st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,8}\Z"),
    section=_NAMES | st.none(),
    title=_NAMES.filter(str.strip),
    title_en=_NAMES | st.none(),
    tags=st.lists(_NAMES, max_size=3),
    authors=st.lists(_NAMES, max_size=2),
    body=_NAMES.map(lambda t: t + "[^1]"),
    footnotes=st.just([Footnote(1, "https://example.org/x", None)]),
)


@settings(QUICK, max_examples=8, deadline=None)
@given(st.lists(_ARTICLES, min_size=1, max_size=4, unique_by=lambda a: a.id))
def test_the_site_writer_keeps_every_file_inside_and_every_xml_valid(
    articles: list[Article],
) -> None:
    issue = Issue(IssueMeta("prop-issue", "s.txt", "0", date="2024-03-01"), articles)
    # Whatever the writer is given went through the record file first.
    path = _file(issue_to_yaml(issue))
    assert validate_file(path) == []
    root = path.parent / "site"
    archive = load_archive(path.parent, [load_issue(path)])
    pages = write_pages(archive, root, ROOT / "templates", PageReuse(root, frozenset()))
    write_feeds(archive, root, pages)
    for written in root.rglob("*"):
        assert root in written.parents
        if written.suffix == ".xml":
            ET.parse(written)
