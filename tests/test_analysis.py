"""Following a policy across issues, on the shipped archive: cited sources grouped by
organization, named documents merged through the glossary, the editor's entities, the
timeline and what each issue names first. Expected sets are computed here from the record
files by a simpler rule than the code's, or written out after reading the records."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from briefgen.analysis import Analysis, analyse
from briefgen.analysis.editor_files import SourceOrganization
from briefgen.analysis.sources import organization_of, registrable_domain
from briefgen.analysis.text import NameMatcher
from briefgen.archive import load_archive
from conftest import BRIEFINGS, seed_archive, shipped_articles


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse(seed_archive())


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.whitehouse.gov", "whitehouse.gov"),
        ("briefing-room.whitehouse.gov", "whitehouse.gov"),
        ("portal.nstl.gov.cn", "nstl.gov.cn"),
        ("www.ncsti.gov.cn", "ncsti.gov.cn"),
        ("finance.sina.com.cn", "sina.com.cn"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("www.ox.ac.uk", "ox.ac.uk"),
        ("www.tju.edu.cn", "tju.edu.cn"),
        ("pc.watch.impress.co.jp", "impress.co.jp"),
        ("digital-strategy.ec.europa.eu", "europa.eu"),
        ("WWW.ASML.COM", "asml.com"),
        ("localhost", "localhost"),
        ("192.168.1.10", "192.168.1.10"),
    ],
)
def test_registrable_domain_handles_multi_part_public_suffixes(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_the_editor_map_takes_the_longest_listed_domain() -> None:
    eu = SourceOrganization("欧盟", "European Union", ["europa.eu"])
    parliament = SourceOrganization("欧洲议会", "European Parliament", ["europarl.europa.eu"])
    table = {d: org for org in (eu, parliament) for d in org.domains}
    assert organization_of("www.europarl.europa.eu", table) == "europarl.europa.eu"
    assert organization_of("ec.europa.eu", table) == "europa.eu"
    assert organization_of("europa.eu.example.com", table) is None
    assert organization_of("noteuropa.eu", table) is None


def test_whitehouse_gov_lists_every_article_that_cites_it(analysis: Analysis) -> None:
    citing = set()
    for path, article in shipped_articles():
        urls = [n["url"] for n in article["footnotes"] if n.get("url")] + article["source_urls"]
        hosts = [urlsplit(u).hostname or "" for u in urls]
        if any(h == "whitehouse.gov" or h.endswith(".whitehouse.gov") for h in hosts):
            citing.add(path)
    source = next(s for s in analysis.sources if "whitehouse.gov" in s.domains)
    assert source.zh == "美国白宫" and source.en == "The White House"  # briefings/sources.yaml
    assert {e.path for e in source.entries} == citing
    assert len(citing) == 6


def test_sources_are_ranked_by_citations(analysis: Analysis) -> None:
    counts = [len(s.citations) for s in analysis.sources]
    assert counts == sorted(counts, reverse=True)
    # The mapped European Parliament stays apart from the rest of europa.eu.
    keys = {s.key for s in analysis.sources}
    assert {"欧洲议会", "欧盟委员会"} <= keys
    assert not any(
        "europarl" in d for s in analysis.sources for d in s.domains if s.key != "欧洲议会"
    )


#: The glossary's CHIPS Act group (芯片法案: 《芯片与科学法案》, …, CHIPS Act, CHIPS), plainly,
#: and 芯片与科学法, which differs from the group's 芯片和科学法 by 与 for 和 alone.
CHIPS_NAMES = ["芯片法案", "芯片与科学法案", "芯片和科学法案", "芯片和科学法", "芯片与科学法"]


def test_the_chips_act_gathers_every_article_naming_it_under_any_alias(
    analysis: Analysis,
) -> None:
    naming = set()
    for path, article in shipped_articles():
        text = "\n".join([article["title"], article.get("editor_note") or "", article["body"]])
        if any(n in text for n in CHIPS_NAMES) or re.search(r"\bCHIPS\b", text):
            naming.add(path)
    chips = next(d for d in analysis.documents if d.key == "芯片法案")
    assert chips.en == "CHIPS Act"
    assert {e.path for e in chips.entries} == naming
    # Named only as “芯片法案”（CHIPS）, never in 《》:
    assert "issues/2024-07-jiwei-chips/a01.html" in naming
    assert chips.first.entry.issue.id == "2024-03-jiwei-microelectronics"
    assert chips.last.entry.issue.id == "2024-08-chips-act-review"
    assert sum(c.count for c in chips.per_issue) == len(chips.mentions)


def test_every_title_in_brackets_is_a_document(analysis: Analysis) -> None:
    titles = {
        t
        for _, a in shipped_articles()
        for t in re.findall(r"《([^《》\n]+)》", a["body"] + a["title"])
    }
    spellings = {t: d.key for d in analysis.documents for t in [d.zh, *d.aliases]}
    for title in titles:
        key = spellings[f"《{title}》"]
        if title.replace("与", "和") in CHIPS_NAMES:
            assert key == "芯片法案", title
        else:  # spellings that differ by 与 and 和 alone are one document
            assert key.replace("与", "和") == title.replace("与", "和"), title
    assert (
        spellings["《美国政府关键与新兴技术国家标准战略》"]
        == spellings["《美国政府关键和新兴技术国家标准战略》"]
    )


def test_an_entity_is_found_under_every_name(analysis: Analysis) -> None:
    commerce = analysis.entity("美国商务部")
    sentences = [m.sentence for m in commerce.mentions]
    assert any("商务部" in s and "美国商务部" not in s for s in sentences)  # the short name
    assert any(re.search(r"\bDOC\b", s) for s in sentences)
    for sentence in sentences:  # the EDA's longer name, 商务部经济发展管理局, is the EDA's
        rest = sentence.replace("商务部经济发展管理局", "")
        assert "商务部" in rest or re.search(r"\bDOC\b|Department of Commerce", rest), sentence
    eda = analysis.entity("美国商务部经济发展管理局")
    assert len(eda.mentions) == 1


def test_a_latin_name_counts_only_as_a_whole_word_and_an_acronym_only_in_capitals() -> None:
    matcher = NameMatcher({"DOC": "doc", "美国商务部": "us", "商务部": "mofcom", "SK hynix": "sk"})
    text = "DOCUMENT doc DOC 美国商务部 商务部 SK Hynix"
    assert [(h.key, text[h.offset : h.offset + 2]) for h in matcher.hits(text)] == [
        ("doc", "DO"),
        ("us", "美国"),
        ("mofcom", "商务"),
        ("sk", "SK"),
    ]


def test_the_timeline_has_2024_07_12_with_its_sentences(analysis: Analysis) -> None:
    july = next(m for m in analysis.timeline if m.month == "2024-07")
    events = [e for e in july.events if e.date == dt.date(2024, 7, 12)]
    by_path = {e.entry.path: e for e in events}
    news = by_path["issues/2024-07-jiwei-chips/a01.html"]
    assert news.news
    assert news.sentence is not None and news.sentence.startswith(
        "2024年7月12日，美国商务部和国家半导体技术中心（NSTC）运营商Natcast宣布了"
    )
    assert "美国商务部" in news.entities and "Natcast" in news.entities
    deadline = by_path["issues/2024-07-jiwei-chips/a07.html"]
    assert not deadline.news and deadline.sentence == "最终意见提交日期为 2024 年 7 月 12 日。"


def test_every_recorded_date_is_on_the_timeline_once(analysis: Analysis) -> None:
    expected = sorted(
        (path, d)
        for path, a in shipped_articles()
        for d in {*a["dates"], *([a["date"]] if a["date"] else [])}
    )
    found = sorted(
        (e.entry.path, e.date.isoformat()) for month in analysis.timeline for e in month.events
    )
    assert found == expected
    months = [m.month for m in analysis.timeline]
    assert months == sorted(months)


def test_new_in_an_issue_is_what_no_earlier_issue_named(analysis: Analysis) -> None:
    assert analysis.novelty["2024-01-jiwei-semiconductors"].carried_entities == []
    later = analysis.novelty["2024-08-chips-act-review"]
    carried = {n.followed.key for n in later.carried_entities}
    new = {n.followed.key for n in later.new_entities}
    assert "美国商务部" in carried and not new & carried
    first_docs = {n.followed.key for n in later.new_documents}
    assert "印度-太平洋繁荣经济框架" in first_docs  # first named in the August issue
    assert "芯片法案" in {n.followed.key for n in later.carried_documents}
    for issue_id, found in analysis.novelty.items():
        for named in found.new_entities + found.new_documents:
            assert named.followed.first.entry.issue.id == issue_id


def test_an_archive_without_editor_files_still_has_sources_documents_and_a_timeline(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "briefings"
    issue = folder / "2024-07-jiwei-chips"
    issue.mkdir(parents=True)
    (issue / "records.yaml").write_bytes((BRIEFINGS / issue.name / "records.yaml").read_bytes())
    found = analyse(load_archive(folder))
    assert found.entities == [] and found.entity_list == []
    assert any(s.key == "whitehouse.gov" for s in found.sources)
    spellings = {t: d.key for d in found.documents for t in [d.zh, *d.aliases]}
    # No glossary: only spellings that differ by 与 and 和 merge.
    assert spellings["《芯片与科学法案》"] == spellings["《芯片和科学法案》"]
    assert spellings["《芯片法案》"] != spellings["《芯片和科学法案》"]
    assert spellings["《芯片与科学法》"] != spellings["《芯片和科学法案》"]
    assert found.timeline
