"""Incremental work: cached parses and segmentation change nothing in the output."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from briefgen import record_loading
from briefgen.cache import Cache
from briefgen.cli import main
from briefgen.records import Issue, load_issue
from conftest import BRIEFINGS, TWO_ISSUES, Built, build_files, copy_archive

pytestmark = pytest.mark.slow


#: The issues of the kept build each test starts from (conftest ``built``).
KEPT_ISSUES = TWO_ISSUES


def test_cached_builds_equal_clean_builds_byte_for_byte(
    tmp_path: Path, built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    # The kept build is a cold one: made with a cache of its own, empty until then.
    briefings, cache, _, cold = built
    clean = build_files(briefings, tmp_path / "clean", None)
    assert any(cache.rglob("*.json"))
    warm = build_files(briefings, tmp_path / "warm", cache)
    # The shipped site.yaml has no base_url: even a quiet build (-q) says so.
    assert "site.yaml: base_url is not set" in capsys.readouterr().err
    assert clean == cold == warm

    records = briefings / "2024-07-jiwei-chips" / "records.yaml"
    text = records.read_text(encoding="utf-8")
    records.write_text(text.replace("美国宣布芯片法案资助", "美国公布芯片法案资助", 1), "utf-8")
    changed_clean = build_files(briefings, tmp_path / "changed-clean", None)
    changed_warm = build_files(briefings, tmp_path / "changed-warm", cache)
    assert changed_clean == changed_warm != clean
    shown = [v for k, v in changed_warm.items() if k.startswith("static/search/doc/")]
    assert any("美国公布芯片法案资助".encode() in data for data in shown)


# A rebuild in place after a changed title, against a clean build, and a template change:
# test_b_build_reuse.py (one rebuild of the kept build checks what it made and what it took).


def test_unchanged_sources_are_not_parsed_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    briefings = tmp_path / "briefings"
    for source in BRIEFINGS.glob("*/source.txt"):
        (briefings / source.parent.name).mkdir(parents=True)
        shutil.copy(source, briefings / source.parent.name / "source.txt")
    args = ["parse", str(briefings), "--cache", str(tmp_path / "cache")]
    assert main(args) == 0
    assert "5 issue(s) written, 0 unchanged" in capsys.readouterr().err
    assert main(args) == 0
    assert "0 issue(s) written, 5 unchanged" in capsys.readouterr().err
    source = briefings / "2024-03-casdc-tech-policy" / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    (briefings / "2024-01-jiwei-semiconductors" / "meta.yaml").write_text("number: '1'\n", "utf-8")
    assert main(args) == 0
    assert "2 issue(s) written, 3 unchanged" in capsys.readouterr().err


def test_a_site_that_is_up_to_date_is_not_rebuilt(
    built: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    briefings, cache, site, _ = built
    args = ["build", "--briefings", str(briefings), "--out", str(site), "--cache", str(cache)]
    # The kept build's site, at the same place, from the same records and cache.
    assert main(args) == 0
    err = capsys.readouterr().err.replace("\n", " ")
    assert "(up to date, nothing rendered)" in err
    # 73 pages a language for the issues and the lists, and 70 analysis pages: 29 sources, 9
    # documents and 28 entities, each kind with its index, and the timeline.
    assert "37 article(s), 286 page(s)" in err
    glossary = briefings / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "  新: New\n", "utf-8")
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "up to date" not in err
    # The summary line: where, how many issues, articles and pages, in how long.
    assert re.search(
        r"Built .*site/: 2 issue\(s\), 37 article\(s\), \d+ page\(s\) in [\d.]+ s\.", err
    )
    assert main(args) == 0
    assert "(up to date, nothing rendered)" in capsys.readouterr().err
    assert main([*args, "--no-cache"]) == 0
    assert "up to date" not in capsys.readouterr().err


#: The issue a newer one copies (under NEWER, a later date): see add_newer_issue.
COPIED = "2024-07-jiwei-chips"
NEWER = "2024-12-new-issue"
#: The section of NEWER's first article, which no other issue has.
NEW_SECTION = "新设栏目"


def add_newer_issue(briefings: Path) -> None:
    """A newer issue arrives in the kept build's records: a copy of COPIED's records under the
    id NEWER and a later date, its first article under a section new to the archive.
    test_b_build_reuse.py adds the same one, so the clean build of the two issues and it is
    made once in their worker group (``build_files``)."""
    added = briefings / NEWER
    added.mkdir()
    text = (briefings / COPIED / "records.yaml").read_text(encoding="utf-8")
    text = text.replace(f"id: {COPIED}", f"id: {NEWER}", 1)
    text = re.sub(r"(?m)^  date: .*$", "  date: '2024-12-20'", text, count=1)
    text = re.sub(r"(?m)^  section: .*$", f"  section: {NEW_SECTION}", text, count=1)
    (added / "records.yaml").write_text(text, encoding="utf-8")


def test_adding_an_issue_re_renders_only_the_pages_that_show_it(
    tmp_path: Path, built: Built
) -> None:
    briefings, cache, site, before = built
    inodes = {str(p.relative_to(site)): p.stat().st_ino for p in site.rglob("*.html")}
    add_newer_issue(briefings)
    after = build_files(briefings, site, cache)
    assert after == build_files(briefings, tmp_path / "clean", None)

    new_pages = {k for k in after if f"issues/{NEWER}/" in k}
    assert new_pages and not new_pages & set(before)
    kept = kept_lists = 0
    for page, inode in inodes.items():
        same_file = (site / page).stat().st_ino == inode
        if _term_list(page):
            # A term list is the last build's file exactly when it shows what it showed: no
            # date of the archive's newest issue is on it. One listing the new issue is not.
            assert same_file == (after[page] == before[page]), page
            assert not (same_file and f"issues/{NEWER}/".encode() in after[page]), page
            kept_lists += same_file
        if "/issues/" in f"/{page}" and "issues/index.html" not in page:
            # A page of another issue is the very file of the last build exactly when what it
            # shows of other issues (related articles, the next issue) did not change.
            assert same_file == (after[page] == before[page]), page
            kept += same_file
        if "issues/2024-07-jiwei-chips/" in page:
            # The new issue is the next issue of the same publication: its pages link to it.
            assert not same_file and NEWER.encode() in after[page], page
        if page.endswith(f"issues/{KEPT_ISSUES[0]}/index.html"):
            # An issue of another publication, older: its page links to its own sections
            # alone, so the new issue's new section leaves it as it was.
            assert same_file, page
        if page in ("index.html", "en/index.html", "issues/index.html"):
            # The pages that list the archive show the new issue.
            assert not same_file and NEWER.encode() in (site / page).read_bytes(), page
    # The new issue copies a seed issue, so it is the closest match of many articles, but not
    # of all: some pages are still the files of the last build.
    assert kept > 0
    # The lists of the terms the new issue does not have are the last build's files.
    assert kept_lists > 0


def _term_list(page: str) -> bool:
    """Whether a site path is a term's list page (``tags/…``, ``en/authors/…``)."""
    parts = page.removeprefix("en/").split("/")
    return parts[0] in ("sections", "tags", "topics", "authors") and parts[-1] != "index.html"


def test_records_of_unchanged_files_come_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings = copy_archive(tmp_path / "briefings")
    files = sorted(briefings.glob("*/records.yaml"))
    digests = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
    cache = Cache(tmp_path / "cache")
    parsed: list[Path] = []

    def counted(path: Path) -> Issue:
        parsed.append(path)
        return load_issue(path)

    monkeypatch.setattr(record_loading, "load_issue", counted)
    first = record_loading.load_records(digests, cache)
    assert parsed == files
    parsed.clear()
    assert record_loading.load_records(digests, cache) == first and parsed == []

    # A changed file (a new digest) is parsed again, the other taken from the cache.
    changed = files[0]
    changed.write_text(changed.read_text("utf-8").replace("  title: ", "  title: 新", 1), "utf-8")
    digests[changed] = hashlib.sha256(changed.read_bytes()).hexdigest()
    again = record_loading.load_records(digests, cache)
    assert parsed == [changed]
    assert again == [load_issue(path) for path in files] != first
    # A file without a digest (a caller that did not hash it) is always parsed.
    parsed.clear()
    assert record_loading.load_records(dict.fromkeys(files, ""), cache) == again and parsed == files
