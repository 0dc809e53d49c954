"""Aliases: the glossary's, and those the archive's text teaches (full name（ACRONYM）)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.archive import Glossary, load_glossary
from briefgen.cli import main
from briefgen.errors import RecordError
from briefgen.search import (
    alias_table,
    folding_pairs,
    learned_aliases,
    reviewed,
    search_documents,
)
from briefgen.search.traditional import opencc_characters
from conftest import BRIEFINGS, seed_archive


@pytest.fixture(scope="module")
def learned() -> list:
    return learned_aliases(search_documents(seed_archive()))


@pytest.mark.slow
def test_the_text_teaches_full_names_and_their_acronyms(learned: list) -> None:
    pairs = {(a.name, a.acronym) for a in learned}
    # 美国国家科学基金会（NSF）and 由美国国防高级研究计划局（DARPA）stand in the seed issues.
    assert ("美国国家科学基金会", "NSF") in pairs
    assert ("美国国防高级研究计划局", "DARPA") in pairs
    # 美国英特尔（Intel）is a translation, 高清（HD）too short a name to trust.
    assert not any(acronym in ("Intel", "HD") for _name, acronym in pairs)
    # The name starts after the word that joins it to the sentence: 据国际半导体产业协会（SEMI）.
    assert ("国际半导体产业协会", "SEMI") in pairs
    assert all(not name.startswith(("据", "和", "的", "通过")) for name, _acronym in pairs)


@pytest.mark.slow
def test_glossary_aliases_hold_together_and_learned_ones_do_not_chain(learned: list) -> None:
    glossary = Glossary(
        aliases={"芯片法案": ["《芯片与科学法案》", "CHIPS Act"]},
        not_aliases=[("美国国家科学基金会", "NSF")],
    )
    table = alias_table(glossary, learned)
    assert table["chips act"] == ["芯片法案", "芯片与科学法案"]
    assert set(table["芯片与科学法案"]) == {"芯片法案", "chips act"}
    # EDA abbreviates two different things in the text; each asks only for EDA.
    assert set(table["eda"]) >= {"电子设计自动化", "商务部经济发展管理局"}
    assert table["电子设计自动化"] == ["eda"]
    # The veto takes the pair out; NSF keeps its other full name.
    assert "美国国家科学基金会" not in table["nsf"] and table["nsf"]
    assert "美国国家科学基金会" not in table
    assert all(
        a.name != "美国国家科学基金会" or a.acronym != "NSF" for a in reviewed(glossary, learned)
    )


def test_the_seed_glossary_vetoes_a_wrong_pair() -> None:
    archive = seed_archive()
    table = alias_table(archive.glossary, learned_aliases(search_documents(archive)))
    assert "iod" not in table and "输出芯片" not in table
    assert "芯片和科学法案" in table["芯片法案"]


@pytest.mark.parametrize(
    "text",
    ["aliases: [a, b]\n", "aliases:\n  芯片法案: [[a], b]\n", "not_aliases: [[a]]\n"],
)
def test_a_malformed_alias_list_is_an_error(tmp_path: Path, text: str) -> None:
    (tmp_path / "glossary.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(RecordError):
        load_glossary(tmp_path)


@pytest.mark.slow
def test_check_lists_learned_aliases_for_review(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BRIEFINGS)]) == 0
    err = capsys.readouterr().err
    assert "learned alias: 美国国家科学基金会 = NSF (issues/" in err
    assert "输出芯片 = IOD" not in err  # vetoed in the seed glossary


def test_traditional_pairs_are_only_those_the_archive_needs() -> None:
    documents = search_documents(seed_archive())
    pairs = folding_pairs(documents)
    table = dict(zip(pairs[::2], pairs[1::2], strict=True))
    assert table["進"] == "进" and table["裝"] == "装" and table["體"] == "体"
    text = "".join(doc.exact_text() for doc in documents)
    assert all(
        simplified in text and traditional not in text for traditional, simplified in table.items()
    )
    assert len(table) < len(opencc_characters()) / 2
