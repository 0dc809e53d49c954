"""The index as a deploy sees it: files named by their content, and a new issue that rewrites
only the files holding its words (so a CDN or browser cache keeps the rest)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefgen.archive import load_archive
from briefgen.cache import DEFAULT_CACHE, Cache
from briefgen.files import site_record_files
from briefgen.records import Article, Issue, load_issue
from briefgen.search import bucket, search_documents, tokens, write_search
from conftest import BRIEFINGS
from test_search_index import read_index_file

pytestmark = pytest.mark.slow  # indexes the seed archive twice

#: A short new issue, dated after every seed issue.
NEW_ARTICLE = Article(
    id="a01",
    section="前沿研究",
    title="钙钛矿电池效率新纪录",
    tags=["能源"],
    authors=["李明"],
    body="研究团队报告钙钛矿电池转换效率达到新纪录。",
)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.js")}


def _shard_number(name: str) -> tuple[str, int] | None:
    """("t", 3) for "t/3.ab12cd34.js"; None for files that are not numbered shards."""
    kind, _slash, rest = name.partition("/")
    number = rest.split(".")[0]
    return (kind, int(number)) if kind in {"t", "g", "p", "e"} and number.isdigit() else None


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("deploy")
    issues = [load_issue(p) for p in site_record_files(BRIEFINGS)]
    latest = max(issues, key=lambda i: i.issue.date or "")
    meta = dataclasses.replace(latest.issue, id="2025-02-new-issue", date="2025-02-03")
    newer = Issue(meta, [NEW_ARTICLE])
    # The tests' build cache: a run with a cache writes the files of one without, byte for
    # byte (test_search_reuse.py), and the seed archive's segmentation is in it already.
    cache = Cache(DEFAULT_CACHE)
    write_search(load_archive(BRIEFINGS, issues), work / "before", cache)
    after_archive = load_archive(BRIEFINGS, [*issues, newer])
    write_search(after_archive, work / "after", cache)
    return {
        "before": _files(work / "before"),
        "after": _files(work / "after"),
        "manifest": read_index_file(work / "after" / "manifest.js"),
        "old_manifest": read_index_file(work / "before" / "manifest.js"),
        "new_text": search_documents(after_archive)[-1].exact_text(),
        "after_folder": work / "after",
        "article_count": len(after_archive.entries),
    }


def test_every_index_file_but_the_manifest_is_named_by_its_content(builds: dict) -> None:
    after = builds["after"]
    assert "manifest.js" in after
    for name, data in after.items():
        if name == "manifest.js":
            continue
        stem, content_hash = name.removesuffix(".js").rsplit(".", 1)
        # Handed over without the hash: a file kept under a new name is the same bytes.
        assert data.decode().startswith(f'BriefgenSearch.loaded("{stem}",'), name
        assert len(content_hash) == 8, name


def test_adding_an_issue_leaves_the_files_it_does_not_touch_byte_identical(builds: dict) -> None:
    before, after = builds["before"], builds["after"]
    manifest, old = builds["manifest"], builds["old_manifest"]
    assert manifest["shards"] == old["shards"]  # a small addition keeps the shard counts
    assert manifest["documents"] == old["documents"] + 1 == builds["article_count"]
    counts = manifest["shards"]
    text = builds["new_text"]
    # What the new article holds, worked out here from its text: its terms' first two characters
    # name the term shards, its characters and two-character grams the gram shards.
    # The section's English name (glossary.yaml: 前沿研究 → Frontier Research) is indexed too.
    english = "Frontier Research"
    fields = " ".join([NEW_ARTICLE.title, *NEW_ARTICLE.tags, NEW_ARTICLE.section or "", english])
    terms = set(tokens(fields + " " + NEW_ARTICLE.body + " " + " ".join(NEW_ARTICLE.authors)))
    touched = {("t", bucket(term[:2], counts["t"])) for term in terms}
    touched |= {("g", bucket(ch, counts["g"])) for ch in text if not ch.isspace()}
    touched |= {("p", bucket(text[k : k + 2], counts["p"])) for k in range(len(text) - 1)}

    kept = set(before) & set(after)
    changed = [name for name in before if name not in after]
    for name in before:
        shard = _shard_number(name)
        if shard and shard[0] != "e" and shard not in touched:
            assert name in kept, name  # same name, and the name is the content's hash
            assert before[name] == after[name], name
        if shard and shard in touched:
            assert name not in after, name  # a shard that gained a posting has a new name
    # Every older article's result file is as it was: the new issue's refs come after them.
    old_docs = [name for name in before if name.startswith("doc/")]
    assert len(old_docs) == 86 and all(name in kept for name in old_docs)
    new_docs = [name for name in after if name.startswith("doc/") and name not in before]
    assert [name.split(".")[0] for name in new_docs] == ["doc/86"]
    # English senses change only where the new article's terms are listed.
    for name in changed:
        if name.startswith("e/"):
            stem = name.split(".")[0]
            (new_name,) = [n for n in after if n.startswith(stem + ".")]
            senses = read_index_file(builds["after_folder"] / new_name)
            assert any(set(chinese) & terms for chinese in senses.values())  # type: ignore[union-attr]
    print(f"{len(changed)} of {len(before)} index files changed")
    assert len(changed) < len(before) / 3
