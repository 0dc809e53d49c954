"""`briefgen build` on hostile records: every file inside the site, valid XML, safe names."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote
from xml.etree import ElementTree as ET

import pytest
import yaml

from briefgen.cli import main
from briefgen.errors import OutputPathError
from briefgen.render import site_file
from briefgen.site_paths import MAX_SLUG_BYTES, slug, term_paths
from hostile import minimal_records, seed_source

HOSTILE_NAMES = [
    "../../escape",
    "..",
    ".hidden",
    "a/b",
    "a／b",
    "back\\slash",
    "nul\x00inside",
    "bell\x07name",
    "AI",
    "ai",
    "长" * 200,
    "长" * 199 + "短",
    "x" * 300,
    "<script>alert(1)</script>",
    'quote"and:colon?',
]
#: Blank names are dropped by the archive; the rest each get a page.
NAMES_WITH_PAGES = HOSTILE_NAMES
HOSTILE_NAMES = [*HOSTILE_NAMES, "", " "]


def _hostile_archive(tmp_path: Path) -> Path:
    folder = tmp_path / "briefings"
    (folder / "hostile-issue").mkdir(parents=True)
    text = minimal_records(
        "hostile-issue",
        title="标题\x07带控制字符 ]]> & <b>",
        title_en="Title with \x0b vertical tab",
        section="政策\x1b[31m计划",
        tags=[name for name in HOSTILE_NAMES if name.strip()],
        authors=["王\x00丽", "../作者", "x" * 300],
        body="正文\x0c分页[^1]，链接 [x](https://example.org/\x01)。",
    )
    (folder / "hostile-issue" / "records.yaml").write_text(text, encoding="utf-8")
    (folder / "good-issue").mkdir()
    (folder / "good-issue" / "records.yaml").write_text(minimal_records(), encoding="utf-8")
    (folder / "site.yaml").write_text(
        yaml.safe_dump({"title_zh": "站\x07点", "base_url": "https://example.org/\x07x/"}),
        encoding="utf-8",
    )
    return folder


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_hostile_records_build_a_site_inside_its_folder_with_valid_xml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _hostile_archive(tmp_path)
    before = _files(tmp_path)
    out = tmp_path / "out" / "site"
    assert main(["build", "-q", "--briefings", str(folder), "--out", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    written = _files(tmp_path) - before
    assert written and all(out in path.parents for path in written), "a file outside the site"
    xml_files = [p for p in written if p.suffix == ".xml"]
    assert len(xml_files) >= 5  # feeds and section feeds in both languages, and the sitemap
    for path in xml_files:
        ET.parse(path)  # raises on any character XML forbids
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "标题带控制字符 ]]&gt; &amp; &lt;b&gt;" in feed
    paths = term_paths("tag", NAMES_WITH_PAGES)
    for name in NAMES_WITH_PAGES:
        assert (out / paths[name]).is_file(), name
    assert all(len(p.name.encode()) <= 255 for p in written)
    # The good issue beside the hostile one is in the site too.
    assert (out / "issues" / "good-issue" / "a1.html").is_file()


def test_names_that_slug_alike_get_their_own_pages(tmp_path: Path) -> None:
    folder = _hostile_archive(tmp_path)
    out = tmp_path / "site"
    assert main(["build", "-q", "--briefings", str(folder), "--out", str(out)]) == 0
    paths = term_paths("tag", NAMES_WITH_PAGES)
    assert len({p.casefold() for p in paths.values()}) == len(NAMES_WITH_PAGES)
    article = (out / "issues" / "hostile-issue" / "a1.html").read_text(encoding="utf-8")
    for name in ("AI", "ai", "a/b", "a／b"):
        page = (out / paths[name]).read_text(encoding="utf-8")
        assert f"<title>{name} · " in page, name
        assert f'href="../../{quote(paths[name])}"' in article, name
    assert "tags/AI.html" in paths["AI"] and paths["ai"].startswith("tags/ai-")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("量子", "量子"),
        ("a/b", "a／b"),
        ("..", "_.."),
        (".hidden", "_.hidden"),
        ("a\x00b", "a_b"),
        ("", "_"),
        ('a<b>:"c"|?*', "a_b___c____"),
    ],
)
def test_slug(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_long_names_are_cut_with_a_hash_and_never_collide() -> None:
    one, two = "长" * 200, "长" * 199 + "短"
    assert slug(one) != slug(two)
    assert len(slug(one).encode()) <= MAX_SLUG_BYTES
    assert slug(one) == slug(one)


@pytest.mark.parametrize(
    "path", ["../x.html", "a/../../x.html", "/etc/passwd", "a\x00b.html", "x" * 256 + ".html", "."]
)
def test_site_file_refuses_paths_outside_the_site(tmp_path: Path, path: str) -> None:
    with pytest.raises(OutputPathError, match="not a file inside the site"):
        site_file(tmp_path, path)


def test_path_traversal_in_ids_is_refused_and_nothing_is_written_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "briefings"
    (folder / "good-issue").mkdir(parents=True)
    (folder / "good-issue" / "records.yaml").write_text(minimal_records(), encoding="utf-8")
    (folder / "evil-issue").mkdir()
    (folder / "evil-issue" / "records.yaml").write_text(
        minimal_records("../../../evil", id="../../../../pwned"), encoding="utf-8"
    )
    out = tmp_path / "deep" / "er" / "site"
    out.mkdir(parents=True)
    (out / "index.html").write_text("previous site", encoding="utf-8")
    before = _files(tmp_path)
    assert main(["build", "--briefings", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    records = folder / "evil-issue" / "records.yaml"
    assert f"{records}:2: issue: 'id' must be 1-100 letters" in err
    assert _files(tmp_path) == before
    assert (out / "index.html").read_text(encoding="utf-8") == "previous site"
    assert main(["check", str(folder)]) == 1
    out_text = capsys.readouterr().out
    assert f"{records}:2: " in out_text and "pwned" in out_text
    assert str(folder / "good-issue") not in out_text


def test_a_killed_builds_staging_folder_is_removed_by_the_next_build(tmp_path: Path) -> None:
    folder = tmp_path / "briefings"
    (folder / "good-issue").mkdir(parents=True)
    (folder / "good-issue" / "records.yaml").write_text(minimal_records(), encoding="utf-8")
    out = tmp_path / "site"
    # A build killed midway: its process is gone, its half-written site is left.
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    stale = tmp_path / f".site.building-{dead.stdout.strip()}"
    (stale / "issues").mkdir(parents=True)
    (stale / "issues" / "big.html").write_bytes(b"x" * 100_000)
    stale_swap = tmp_path / ".site.previous-999999999"
    stale_swap.mkdir()
    # A build running right now next door (this test's parent process is alive).
    running = tmp_path / f".site.building-{os.getppid()}"
    running.mkdir()
    other_site = tmp_path / ".other.building-999999999"
    other_site.mkdir()
    assert main(["build", "-q", "--briefings", str(folder), "--out", str(out)]) == 0
    assert not stale.exists() and not stale_swap.exists()
    assert running.is_dir() and other_site.is_dir()
    assert (out / "index.html").is_file()


def test_a_body_shared_by_400_articles_fails_the_build_fast(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "briefings"
    (folder / "big").mkdir(parents=True)
    body = "据报道，" * 75_000
    articles = [f"- id: a0\n  title: 标题\n  body: &body {body}\n"]
    articles += [f"- id: a{k}\n  title: 标题\n  body: *body\n" for k in range(1, 400)]
    (folder / "big" / "records.yaml").write_text(
        "issue:\n  id: big\n  source: s.txt\n  source_sha256: '0'\narticles:\n" + "".join(articles),
        encoding="utf-8",
    )
    started = time.perf_counter()
    assert main(["build", "--briefings", str(folder), "--out", str(tmp_path / "site")]) == 1
    assert time.perf_counter() - started < 10
    assert "YAML anchors (&body) are not allowed" in capsys.readouterr().err


@pytest.mark.slow
def test_a_control_character_in_a_source_title_never_reaches_the_feeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue: a control character in a source title made feed.xml ill-formed XML."""
    folder = tmp_path / "briefings"
    source = folder / "ctl-issue" / "source.txt"
    source.parent.mkdir(parents=True)
    text = seed_source().replace("荷兰政府撤销", "荷兰\x07政府\x1b撤销", 1)
    source.write_text(text, encoding="utf-8")
    (folder / "good-issue").mkdir()
    (folder / "good-issue" / "records.yaml").write_text(minimal_records(), encoding="utf-8")
    assert main(["parse", "-q", "--no-cache", str(folder)]) == 0
    assert main(["check", str(folder)]) == 0
    out = tmp_path / "site"
    assert main(["build", "-q", "--briefings", str(folder), "--out", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    xml_files = sorted(out.rglob("*.xml"))
    for path in xml_files:
        ET.parse(path)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "荷兰政府撤销" in feed and "good-issue" in feed
