"""The editor's entities.yaml and sources.yaml: hostile or invalid files give a RecordError
with the file and line, through the loaders and through ``briefgen build``; and
``briefgen entities --suggest`` proposes names the list lacks, as YAML an editor can paste."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from briefgen.analysis.editor_files import load_entities, load_source_map
from briefgen.cli import main
from briefgen.errors import RecordError
from conftest import BRIEFINGS, copy_archive

GOOD_ENTITY = (
    "  - zh: 美国商务部\n    en: U.S. Department of Commerce\n    aliases: [商务部, DOC]\n"
)

#: (entities.yaml, line of the problem, what the message says)
BAD_ENTITIES = {
    "unknown field": (
        "entities:\n  - zh: 白宫\n    en: White House\n    colour: red\n",
        4,
        "unknown field 'colour'",
    ),
    "no English name": ("entities:\n  - zh: 白宫\n", 2, "required field 'en' is missing"),
    "aliases not a list": (
        "entities:\n  - zh: 白宫\n    en: W\n    aliases: 白宫办公室\n",
        4,
        "'aliases' must be a list",
    ),
    "unknown kind": (
        f"entities:\n{GOOD_ENTITY}  - zh: 白宫\n    en: W\n    kind: agency\n",
        5,
        "kind must be one of",
    ),
    "a name claimed twice": (
        f"entities:\n{GOOD_ENTITY}  - zh: 中国商务部\n    en: MOFCOM\n    aliases: [商务部]\n",
        5,
        "'商务部' of '中国商务部' is already '美国商务部'",
    ),
    "an acronym claimed twice in another case": (
        f"entities:\n{GOOD_ENTITY}  - zh: 文件\n    en: Doc\n",
        5,
        "already '美国商务部'",
    ),
    "yaml alias": ("entities:\n  - zh: &n 白宫\n    en: *n\n", 2, "YAML anchors"),
    "not a mapping": ("- zh: 白宫\n", 1, "must be a mapping"),
    "control character": ("entities:\n  - zh: 白\x1b宫\n    en: W\n", 2, "control character"),
}

BAD_SOURCES = {
    "not a domain": (
        "sources:\n  - zh: 白宫\n    en: W\n    domains: [https://whitehouse.gov/]\n",
        2,
        "'https://whitehouse.gov/' is not a domain",
    ),
    "no domains": ("sources:\n  - zh: 白宫\n    en: W\n", 2, "list its domains"),
    "a domain claimed twice": (
        "sources:\n  - zh: 白宫\n    en: W\n    domains: [whitehouse.gov]\n"
        "  - zh: 总统\n    en: P\n    domains: [whitehouse.gov]\n",
        5,
        "already '白宫'",
    ),
    "unknown field": (
        "sources:\n  - zh: 白宫\n    en: W\n    domain: [whitehouse.gov]\n",
        4,
        "unknown field 'domain'",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ENTITIES))
def test_a_bad_entities_file_names_its_line(tmp_path: Path, case: str) -> None:
    text, line, message = BAD_ENTITIES[case]
    (tmp_path / "entities.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_entities(tmp_path)
    assert caught.value.path == tmp_path / "entities.yaml"
    assert caught.value.line == line, str(caught.value)
    assert message in caught.value.message


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_a_bad_sources_file_names_its_line(tmp_path: Path, case: str) -> None:
    text, line, message = BAD_SOURCES[case]
    (tmp_path / "sources.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_source_map(tmp_path)
    assert caught.value.line == line, str(caught.value)
    assert message in caught.value.message


def test_the_shipped_editor_files_load() -> None:
    entities = load_entities(BRIEFINGS)
    assert {"美国商务部", "英特尔", "国家先进封装制造计划"} <= {e.zh for e in entities}
    commerce = next(e for e in entities if e.zh == "美国商务部")
    assert {"商务部", "DOC", "Department of Commerce"} <= set(commerce.aliases)
    sources = load_source_map(BRIEFINGS)
    assert any("whitehouse.gov" in s.domains for s in sources)


def _archive_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "briefings"
    shutil.copytree(BRIEFINGS, folder, ignore=shutil.ignore_patterns("source.*"))
    return folder


@pytest.mark.slow
def test_build_fails_with_the_file_and_line_and_leaves_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _archive_copy(tmp_path)
    (folder / "entities.yaml").write_text(BAD_ENTITIES["a name claimed twice"][0], "utf-8")
    out = tmp_path / "site"
    assert main(["build", "-q", "--no-cache", "--briefings", str(folder), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'entities.yaml'}:5: " in err and "Traceback" not in err
    assert not out.exists()


SUGGESTED_FROM = (
    "2024-03-casdc-tech-policy",
    "2024-03-jiwei-microelectronics",
    "2024-08-chips-act-review",
)


@pytest.mark.slow  # jieba's part-of-speech tagger
def test_suggest_lists_frequent_names_the_list_lacks_as_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The three issues that name each entity checked below in at least two articles: the
    # tagger's time grows with the text.
    folder = copy_archive(tmp_path / "briefings", SUGGESTED_FROM)
    (folder / "entities.yaml").write_text(f"entities:\n{GOOD_ENTITY}", encoding="utf-8")
    assert main(["entities", "--suggest", "--limit", "500", "--briefings", str(folder)]) == 0
    out, err = capsys.readouterr()
    suggested = {e["zh"]: e for e in yaml.safe_load(out)["entities"]}
    assert "美国商务部" not in suggested and "商务部" not in suggested  # listed already
    # jieba tags 美国能源部 as an organization (nt); the text writes 美国国家科学基金会（NSF）.
    assert suggested["美国能源部"]["kind"] == "organization"
    assert suggested["美国国家科学基金会"]["aliases"] == ["NSF"]
    assert suggested["《国家微电子研究战略》"]["kind"] == "programme"  # a repeated 《》 title
    assert all(e["en"] == "TODO" for e in suggested.values())
    assert "candidate(s) in at least 2 articles" in err
    counts = [int(line.split()[1]) for line in out.splitlines() if line.startswith("  # ")]
    assert counts == sorted(counts, reverse=True) and counts[-1] >= 2


@pytest.mark.slow
def test_entities_lists_the_shipped_entities_with_their_mentions(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["entities", "--briefings", str(BRIEFINGS)]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    assert [row[0] for row in rows] == [e.zh for e in load_entities(BRIEFINGS)]
    commerce = next(row for row in rows if row[0] == "美国商务部")
    assert commerce[1] == "U.S. Department of Commerce"
    assert int(commerce[2].split()[0]) >= 10  # named in four of the five seed issues


def test_check_reports_a_bad_sources_file_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _archive_copy(tmp_path)
    (folder / "sources.yaml").write_text(BAD_SOURCES["not a domain"][0], encoding="utf-8")
    assert main(["check", "-q", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'sources.yaml'}:2: " in out and "is not a domain" in out
