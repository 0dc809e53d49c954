"""``site_folder.put_in_place`` on small folders: what the new site has, and nothing else."""

from __future__ import annotations

from pathlib import Path

from briefgen.site_folder import put_in_place, recover, site_files


def _folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir()
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _texts(root: Path) -> dict[str, str]:
    return {path: (root / path).read_text(encoding="utf-8") for path in site_files(root)}


def test_kept_files_stay_staged_ones_come_and_the_rest_goes(tmp_path: Path) -> None:
    out = _folder(tmp_path / "site", {"a.html": "a", "b/c.html": "c", "b/d.html": "d"})
    staging = _folder(tmp_path / "staging", {"a.html": "new a", "e/f.html": "f"})
    previous = put_in_place(staging, out, site_files(out), ["b/c.html"])
    assert _texts(out) == {"a.html": "new a", "b/c.html": "c", "e/f.html": "f"}
    assert previous is not None and _texts(previous) == {"a.html": "a", "b/d.html": "d"}


def test_a_file_may_take_the_name_of_a_folder_the_new_site_empties(tmp_path: Path) -> None:
    out = _folder(tmp_path / "site", {"a/x.html": "x", "keep.html": "k"})
    staging = _folder(tmp_path / "staging", {"a": "now a file"})
    put_in_place(staging, out, site_files(out), ["keep.html"])
    assert _texts(out) == {"a": "now a file", "keep.html": "k"}


def test_a_site_that_only_grows_leaves_nothing_to_remove(tmp_path: Path) -> None:
    out = _folder(tmp_path / "site", {"a.html": "a"})
    staging = _folder(tmp_path / "staging", {"b.html": "b"})
    assert put_in_place(staging, out, site_files(out), ["a.html"]) is None
    assert _texts(out) == {"a.html": "a", "b.html": "b"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "staging"]


def test_a_journal_cut_short_is_of_a_build_that_changed_nothing(tmp_path: Path) -> None:
    out = _folder(tmp_path / "site", {"a.html": "a"})
    (tmp_path / ".site.journal-999999").write_text('{"added": ["b.h', encoding="utf-8")
    recover(out, 999999)
    assert _texts(out) == {"a.html": "a"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
