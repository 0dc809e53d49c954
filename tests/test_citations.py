"""Cite and reuse: every seed article's BibTeX, RIS and CSL-JSON read back by real parsers, and
the archive's JSON Lines and CSV read back against the record files."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import warnings
from dataclasses import asdict
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser.middlewares import LatexDecodingMiddleware, SeparateCoAuthors
from citeproc import Citation as CiteprocCitation
from citeproc import CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from pylatexenc.latex2text import LatexNodes2Text

from briefgen.archive import Archive, Entry, SiteSettings, load_archive
from briefgen.cli import main
from briefgen.files import site_record_files
from briefgen.records import load_issue
from briefgen.render.citations import (
    bibtex,
    citation_files,
    citation_meta,
    citation_of,
    csl_json,
    ris,
)
from briefgen.render.dataset import CSV_COLUMNS, CSV_PATH, JSONL_PATH, articles_csv, jsonl
from conftest import BRIEFINGS, seed_archive
from hostile import minimal_records
from sitecheck import elements

#: One of the styles citeproc-py ships, a common author-date one.
STYLE = "harvard-cite-them-right"


@pytest.fixture(scope="module")
def archive() -> Archive:
    return seed_archive()


@pytest.fixture(scope="module")
def site(seed_site: Path) -> Path:
    return seed_site


def _where(entry: Entry) -> str:
    return f"{entry.issue.id} {entry.article.id}"


def _bib_fields(text: str) -> tuple[str, dict[str, object]]:
    """The one entry of a .bib file: its key and fields, authors split as BibTeX splits them
    (before LaTeX decoding, so braces still protect a name), values decoded from LaTeX but
    the url."""
    library = bibtexparser.parse_string(
        text, append_middleware=[SeparateCoAuthors(), LatexDecodingMiddleware()]
    )
    assert library.failed_blocks == [] and len(library.entries) == 1
    entry = library.entries[0]
    fields = {field.key: field.value for field in entry.fields}
    # biblatex and the url package read a url verbatim (%20 stays %20): no LaTeX decoding.
    (raw,) = bibtexparser.parse_string(text).entries
    fields["url"] = raw.fields_dict["url"].value
    return entry.key, fields


def _bib_author(name: str) -> str:
    """A braced author as a reader sees it: one literal name, LaTeX escapes decoded."""
    assert name.startswith("{") and name.endswith("}"), f"author {name!r} is not one literal name"
    return LatexNodes2Text().latex_to_text(name[1:-1])


def _render_csl(text: str) -> str:
    items = json.loads(text)
    assert isinstance(items, list) and len(items) == 1
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(STYLE, validate=False), CiteProcJSON(items), formatter.plain
    )
    bibliography.register(CiteprocCitation([CitationItem(items[0]["id"])]))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an unknown field or bad date warns: fail on it
        rendered = [str(item) for item in bibliography.bibliography()]
    assert len(rendered) == 1
    return rendered[0]


def test_every_article_page_has_its_three_citation_files_beside_it(
    site: Path, archive: Archive
) -> None:
    for entry in archive.entries:
        files = citation_files(entry)
        assert [f.path for f in files] == [
            entry.path.replace(".html", suffix) for suffix in (".bib", ".ris", ".json")
        ]
        for file in files:
            assert (site / file.path).is_file(), f"{_where(entry)}: no {file.path}"
            assert not (site / "en" / file.path).exists()  # one copy, both languages link it


def test_every_bibtex_file_parses_with_its_title_authors_and_year(
    site: Path, archive: Archive
) -> None:
    keys = set()
    for entry in archive.entries:
        article = entry.article
        key, fields = _bib_fields((site / entry.path.replace(".html", ".bib")).read_text("utf-8"))
        keys.add(key)
        assert fields["title"] == article.title, _where(entry)
        assert [_bib_author(a) for a in fields.get("author", [])] == article.authors
        assert entry.date is not None
        assert fields["year"] == str(entry.date.year), _where(entry)
        assert fields["language"] == "zh-CN"
        assert fields["url"] == entry.path
    assert len(keys) == len(archive.entries)


def test_seed_bibtex_names_the_reported_source_and_the_publication(archive: Archive) -> None:
    """The casdc issue's strategy article reports on a CSIS report: its original title and URL
    go in the note; the issue has no publication, so its publisher names the container."""
    entry = next(
        e
        for e in archive.entries
        if e.issue.id == "2024-03-casdc-tech-policy" and "夺回半导体制造" in e.article.title
    )
    _key, fields = _bib_fields(bibtex(citation_of(archive, entry)))
    assert fields["journal"] == fields["publisher"] == "中国科学院成都文献情报中心"
    assert "A Strategy for The United States to Regain its Position" in str(fields["note"])
    assert "https://www.csis.org/analysis/strategy-united-states" in str(fields["note"])
    # The issue's date is inferred: only its month is claimed.
    assert (fields["year"], fields["month"], fields["date"]) == ("2024", "mar", "2024-03")

    chips = next(e for e in archive.entries if e.issue.id == "2024-07-jiwei-chips")
    _key, fields = _bib_fields(bibtex(citation_of(archive, chips)))
    assert fields["journal"] == "集微技术信息简报"
    assert fields["date"] == chips.datetime and len(chips.datetime) == 10


def test_every_ris_file_parses(site: Path, archive: Archive) -> None:
    for entry in archive.entries:
        data = (site / entry.path.replace(".html", ".ris")).read_bytes()
        assert data.endswith(b"ER  - \r\n")
        (record,) = rispy.loads(data.decode("utf-8"))
        assert record["title"] == entry.article.title, _where(entry)
        assert record.get("authors", []) == entry.article.authors
        assert entry.date is not None and record["year"] == str(entry.date.year)
        assert record["urls"] == [entry.path]
        assert record["language"] == "zh-CN"


def test_citeproc_renders_every_csl_json_file_with_its_title(site: Path, archive: Archive) -> None:
    for entry in archive.entries:
        text = (site / entry.path.replace(".html", ".json")).read_text("utf-8")
        rendered = _render_csl(text)
        assert entry.article.title in rendered, _where(entry)
        for name in entry.article.authors:
            assert name in rendered  # a literal name, not split into given and family
        (item,) = json.loads(text)
        assert item["language"] == "zh-CN"
        assert item["issued"]["date-parts"][0][0] == entry.date.year if entry.date else True


def test_base_url_makes_every_address_absolute(archive: Archive) -> None:
    published = dataclasses.replace(
        archive, settings=SiteSettings(base_url="https://example.org/archive/")
    )
    entry = published.entries[0]
    url = f"https://example.org/archive/{entry.path}"
    citation = citation_of(published, entry)
    assert _bib_fields(bibtex(citation))[1]["url"] == url
    assert rispy.loads(ris(citation))[0]["urls"] == [url]
    assert json.loads(csl_json(citation))[0]["URL"] == url
    (line, *_rest) = jsonl(published).splitlines()
    assert json.loads(line)["url"] == url


def test_jsonl_has_one_line_per_article_equal_to_its_records(site: Path) -> None:
    lines = (site / JSONL_PATH).read_text("utf-8").split("\n")
    assert lines.pop() == ""
    found = {}
    for line in lines:
        record = json.loads(line)
        found[(record["issue"]["id"], record["article"]["id"])] = record
    issues = [load_issue(path) for path in site_record_files(BRIEFINGS)]
    expected = {(i.issue.id, a.id): (i, a) for i in issues for a in i.articles}
    assert len(lines) == len(found) == len(expected) == 86
    for where, (issue, article) in expected.items():
        assert found[where]["issue"] == asdict(issue.issue), where
        assert found[where]["article"] == asdict(article), where
        assert found[where]["url"] == f"issues/{where[0]}/{where[1]}.html"


def test_csv_opens_with_a_bom_and_reads_back_with_chinese_intact(site: Path) -> None:
    data = (site / CSV_PATH).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the mark
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    issues = {i.issue.id: i for i in (load_issue(p) for p in site_record_files(BRIEFINGS))}
    assert len(rows) == sum(len(i.articles) for i in issues.values()) == 86
    assert list(rows[0]) == list(CSV_COLUMNS)
    for row in rows:
        article = next(a for a in issues[row["issue"]].articles if a.id == row["id"])
        assert row["title"] == article.title
        assert row["authors"] == "; ".join(article.authors)
        assert row["sources"] == "; ".join(article.source_urls)
        assert row["url"] == f"issues/{row['issue']}/{row['id']}.html"
    chips = [r for r in rows if r["issue"] == "2024-08-chips-act-review"]
    assert chips[0]["title"] == "美 CHIPS 法案两年成果回顾"
    assert chips[0]["date"] == "2024-08-09" and chips[0]["section"] == "专题"


# --------------------------------------------------------------------------- hostile text

HOSTILE_TITLE = 'He said "hi" {open \\end{x} 100% & $5 #1 a_b ~ ^ @article{x,\n}\n第二行 <b>'
HOSTILE_AUTHORS = ["王 丽", "Smith and Jones", "{李", "赵}", "a\\b%"]


def _hostile_archive(tmp_path: Path, **fields: object) -> Archive:
    folder = tmp_path / "briefings" / "hostile"
    folder.mkdir(parents=True)
    (folder / "records.yaml").write_text(minimal_records("hostile", **fields), "utf-8")
    return load_archive(tmp_path / "briefings")


def test_hostile_text_breaks_no_format(tmp_path: Path) -> None:
    archive = _hostile_archive(
        tmp_path,
        title=HOSTILE_TITLE,
        title_en='=HYPERLINK("http://x")\u2028next',
        authors=HOSTILE_AUTHORS,
        tags=["a,b", "}{"],
        original_title="ER  - \nTY  - JOUR",
        source_urls=["https://example.org/a?b={c}&d=%20\\"],
        body='正文 "引号" {括号} \\ 100%\n\n第二段\u2028\u0085。',
    )
    (entry,) = archive.entries
    one_line = " ".join(HOSTILE_TITLE.split())
    citation = citation_of(archive, entry)

    _key, fields = _bib_fields(bibtex(citation))
    # pylatexenc decodes \textasciicircum as U+02C6, the circumflex LaTeX prints for it.
    assert str(fields["title"]).replace("ˆ", "^") == one_line
    assert [_bib_author(a) for a in fields["author"]] == HOSTILE_AUTHORS
    assert "https://example.org/a?b=" in str(fields["note"])

    (record,) = rispy.loads(ris(citation))  # "ER  -" in a title must not end the record
    assert record["title"] == one_line
    assert record["authors"] == HOSTILE_AUTHORS
    assert record["translated_title"] == '=HYPERLINK("http://x") next'
    assert record["type_of_reference"] == "MGZN"

    assert one_line in _render_csl(csl_json(citation))
    (item,) = json.loads(csl_json(citation))
    assert item["title"] == one_line and item["author"][1] == {"literal": "Smith and Jones"}

    lines = jsonl(archive).splitlines()  # splits at U+2028 and U+0085 too: none is left raw
    assert len(lines) == 1
    assert json.loads(lines[0])["article"]["title"] == HOSTILE_TITLE
    assert "第二段\u2028" in json.loads(lines[0])["article"]["body"]

    (row,) = csv.DictReader(io.StringIO(articles_csv(archive), newline=""))
    assert row["title"] == HOSTILE_TITLE
    assert row["title_en"] == '\'=HYPERLINK("http://x")\u2028next'  # never a formula
    assert row["authors"] == "; ".join(HOSTILE_AUTHORS)


@pytest.mark.slow  # builds a site
def test_hostile_text_gives_the_same_tags_and_files_on_a_built_page(tmp_path: Path) -> None:
    archive = _hostile_archive(tmp_path, title=HOSTILE_TITLE, authors=HOSTILE_AUTHORS)
    out = tmp_path / "site"
    assert (
        main(
            [
                "build",
                "-q",
                "--no-cache",
                "--briefings",
                str(tmp_path / "briefings"),
                "--out",
                str(out),
            ]
        )
        == 0
    )
    (entry,) = archive.entries
    one_line = " ".join(HOSTILE_TITLE.split())
    for prefix in ("", "en/"):
        found = elements(out / prefix / entry.path)
        meta = [dict(attrs) for tag, attrs in found if tag == "meta"]
        named = {
            m["name"]: [n["content"] for n in meta if n.get("name") == m["name"]]
            for m in meta
            if "name" in m
        }
        assert named["citation_title"] == named["DC.title"] == [one_line]
        assert named["citation_author"] == HOSTILE_AUTHORS
        # No script runs from the page itself: the only inline script element is data.
        inline = [dict(a) for tag, a in found if tag == "script" and not dict(a).get("src")]
        assert all(a.get("type") == "application/json" for a in inline), inline
    _key, fields = _bib_fields((out / entry.path.replace(".html", ".bib")).read_text("utf-8"))
    assert [_bib_author(a) for a in fields["author"]] == HOSTILE_AUTHORS


# An unchanged issue's citation files reused by a rebuild and a changed one's rewritten, equal
# to a clean build's: test_b_build_reuse.py, in the one rebuild of a changed title it checks.


def test_issue_ids_in_chinese_give_distinct_ascii_keys_and_encoded_addresses(
    tmp_path: Path,
) -> None:
    for issue_id in ("快报-第1期", "简报-第1期"):
        folder = tmp_path / "briefings" / issue_id
        folder.mkdir(parents=True)
        (folder / "records.yaml").write_text(minimal_records(issue_id), "utf-8")
    archive = load_archive(tmp_path / "briefings")
    published = dataclasses.replace(
        archive, settings=SiteSettings(base_url="https://example.org/a/")
    )
    keys = set()
    for entry in published.entries:
        key, fields = _bib_fields(bibtex(citation_of(published, entry)))
        assert key.isascii()
        keys.add(key)
        assert (
            fields["url"]
            == "https://example.org/a/issues/"
            + {
                "快报-第1期": "%E5%BF%AB%E6%8A%A5-%E7%AC%AC1%E6%9C%9F",
                "简报-第1期": "%E7%AE%80%E6%8A%A5-%E7%AC%AC1%E6%9C%9F",
            }[entry.issue.id]
            + "/a1.html"
        )
    assert len(keys) == 2


def test_tags_cite_the_chinese_page_absolute_when_the_site_knows_its_address(
    archive: Archive,
) -> None:
    entry = next(e for e in archive.entries if e.article.source_urls)
    relative = {t.name: t.content for t in citation_meta(archive, entry, "../../../x.html")}
    assert relative["citation_abstract_html_url"] == relative["DC.identifier"] == "../../../x.html"
    published = dataclasses.replace(
        archive, settings=SiteSettings(base_url="https://example.org/archive/")
    )
    tags = citation_meta(published, entry, "../../../x.html")
    named = {t.name: t.content for t in tags}
    assert named["citation_abstract_html_url"] == f"https://example.org/archive/{entry.path}"
    assert [t.content for t in tags if t.name == "DC.source"] == entry.article.source_urls
    assert "citation_pdf_url" not in named
