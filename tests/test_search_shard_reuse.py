"""Index files taken from the site being replaced (``search.reuse``): a rebuild after one
article changed reads the unchanged shards' and alias bundles' texts back from the old index
instead of encoding them, links the result files of the issues it did not touch, encodes what
the change reaches, and writes an index byte for byte that of a build without a cache; a file
changed by hand in the old index is encoded again, not trusted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefgen.archive import load_archive
from briefgen.cache import Cache
from briefgen.search import reuse, write_search
from conftest import Indexed, copy_archive

pytestmark = pytest.mark.slow


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.js"))}


#: Shard files of the last ``_build`` that are hard links to the old index's.
linked: list[str] = []


def _build(briefings: Path, site: Path, staging: Path, cache: Cache) -> dict[str, bytes]:
    """The index written to ``staging`` beside ``site``'s, then put in its place."""
    write_search(load_archive(briefings, related=False), staging, cache, site)
    written = _files(staging)
    linked[:] = [name for name in written if (staging / name).stat().st_nlink > 1]
    shutil.rmtree(site, ignore_errors=True)
    staging.rename(site)
    return written


def _taken(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each shard asked for came back from the old index."""
    found: list[bool] = []
    taken = reuse.ShardReuse.taken

    def counted(
        self: reuse.ShardReuse, number: int, count: int, data: str, read: bool = False
    ) -> reuse.Taken | None:
        old = taken(self, number, count, data, read)
        found.append(old is not None)
        return old

    monkeypatch.setattr(reuse.ShardReuse, "taken", counted)
    return found


def _edit(briefings: Path) -> None:
    records = briefings / "2024-07-jiwei-chips" / "records.yaml"
    text = records.read_text(encoding="utf-8")
    body = "  body: |-\n    "
    at = text.index(body) + len(body)
    records.write_text(
        text[:at] + "美国国家科学基金会（NSF）称量子传感器有新进展。" + text[at:], "utf-8"
    )


@pytest.fixture
def setting(tmp_path: Path) -> tuple[Path, Cache, Path]:
    """Two issues' records, a build cache and where the site's index goes."""
    return copy_archive(tmp_path / "briefings"), Cache(tmp_path / "cache"), tmp_path / "site"


def test_unchanged_shards_are_read_back_and_the_index_equals_a_clean_one(
    setting: tuple[Path, Cache, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    briefings, cache, site = setting
    taken = _taken(monkeypatch)
    _build(briefings, site, tmp_path / "first", cache)
    assert taken and not any(taken)  # nothing to take from yet

    taken.clear()
    again = _build(briefings, site, tmp_path / "again", cache)
    assert all(taken)  # nothing changed: every shard comes back, linked to, not written
    documents = [name for name in again if name.startswith("doc/")]
    # The term and gram steps are taken whole (``reuse.StepReuse``), their files linked
    # without asking for each shard.
    steps = [name for name in again if name.split("/")[0] in {"t", "e", "g", "p"}]
    # And the facets file: every article's facet fields are as they were.
    facets = [name for name in again if name.startswith("facets.")]
    assert len(linked) == len(taken) + len(documents) + len(steps) + len(facets)
    kinds = {name.split("/")[0].split(".")[0] for name in linked}
    assert kinds == {"t", "e", "g", "p", "a", "doc", "facets"}

    _edit(briefings)
    taken.clear()
    changed = _build(briefings, site, tmp_path / "changed", cache)
    # The gram step patches the old index (``search.patch``): its unchanged runs of shards
    # are linked, the others written.
    grams = [name for name in changed if name.split("/")[0] in {"g", "p"}]
    assert any(name in linked for name in grams) and not all(name in linked for name in grams)
    clean = tmp_path / "clean"
    write_search(load_archive(briefings, related=False), clean, Cache(None))
    assert changed == _files(clean)
    assert changed != again
    # Alias bundles whose names now stand in new places are made again (as a clean build
    # makes them), the others taken.
    bundles = {name for name in again if name.startswith("a/")}
    assert bundles - set(changed) and bundles & set(changed)
    # The new sentence moves every later position of its article and changes its body's
    # length (which every term posting of the article holds): at two issues' size that
    # reaches every term shard, made again. So every alias bundle's inputs changed; those
    # whose own values did not are linked, the others spliced or made again (``bundle_splice``).
    assert not any(name in linked for name in changed if name.startswith("t/"))
    # The other issue's result files are linked; the edited issue's are written anew.
    issue_of = {
        name: changed[name].decode().split('"path":"issues/')[1].split("/")[0]
        for name in changed
        if name.startswith("doc/")
    }
    linked_issues = {issue_of[name] for name in linked if name.startswith("doc/")}
    written_issues = {issue_of[name] for name in issue_of if name not in linked}
    assert linked_issues == {"2024-03-casdc-tech-policy"}
    assert written_issues == {"2024-07-jiwei-chips"}


def test_an_old_shard_changed_by_hand_is_encoded_again(
    first_index: Indexed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first index as the test above makes it (conftest ``KeptIndex``), not watched here.
    briefings, cache_folder, site = first_index
    cache = Cache(cache_folder)
    first = _files(site)
    spoiled = sorted(site.glob("p/*.js"))[:3]
    for path in spoiled:
        path.write_text(path.read_text(encoding="utf-8").replace("[", "[9,", 1), "utf-8")
    (sorted(site.glob("t/*.js"))[0]).unlink()
    document = sorted(site.glob("doc/*.js"))[0]
    document.write_text(document.read_text(encoding="utf-8").replace("issues/", "issue/"), "utf-8")
    taken = _taken(monkeypatch)
    assert _build(briefings, site, tmp_path / "again", cache) == first
    assert taken.count(False) == 4
    # The spoiled file's issue is written again; the other issue's files are linked.
    assert document.name not in {Path(name).name for name in linked}
    assert any(name.startswith("doc/") for name in linked)
