"""The site built from the seed records: pages, languages, links, feeds, safety, atomic swap."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from babel.messages.extract import extract_from_dir

from briefgen.cli import main
from briefgen.i18n import translations
from briefgen.render.markdown import safe_url
from conftest import BRIEFINGS, ROOT, TWO_ISSUES, copy_archive, parsed
from sitecheck import PageLinks, broken_links, elements, read_page, read_site, resolve
from test_search_index import read_index_file

TEMPLATES = ROOT / "templates"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(seed_site: Path) -> Path:
    """The seed site the whole run shares (no test here writes into it)."""
    return seed_site


def _html(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_page_exists_in_both_languages(site: Path) -> None:
    chinese = {
        p.relative_to(site) for p in site.rglob("*.html") if p.parts[len(site.parts)] != "en"
    }
    english = {p.relative_to(site / "en") for p in (site / "en").rglob("*.html")}
    assert chinese == english
    articles = sum(len(parsed(i.name).articles) for i in BRIEFINGS.iterdir() if i.is_dir())
    assert len([p for p in chinese if re.fullmatch(r"a\d+\.html", p.name)]) == articles
    for kind in ("issues", "sections", "tags", "authors"):
        assert Path(kind, "index.html") in chinese
    assert {Path("index.html"), Path("404.html"), Path("search.html")} <= chinese


# The summary line a build prints: test_incremental.py, on the first build of the test of
# an up-to-date site.


@pytest.fixture(scope="module")
def site_pages(site: Path) -> dict[Path, PageLinks]:
    """Every page's links and ids, read once for the tests below."""
    return read_site(site)


@pytest.mark.slow  # reads every page of the site
def test_no_broken_internal_links(site: Path, site_pages: dict[Path, PageLinks]) -> None:
    assert broken_links(site, site_pages) == []


@pytest.mark.slow  # reads every page of the site
def test_no_request_leaves_the_site(site: Path, site_pages: dict[Path, PageLinks]) -> None:
    """Scripts, styles, images and fonts all come from site/; only reading links go out."""
    for path, page in site_pages.items():
        for tag, attribute, link in page.links:
            external = resolve(path, link) is None
            if external:
                assert tag == "a" and attribute == "href", f"{path}: {tag} {link}"
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8"))


def test_language_attributes_switch_and_alternates(site: Path) -> None:
    path = "issues/2024-03-jiwei-microelectronics/a01.html"
    chinese, english = read_page(site / path), read_page(site / "en" / path)
    assert (chinese.lang, english.lang) == ("zh-CN", "en")
    switch = [link for tag, _a, link in chinese.links if tag == "a" and "en/" in link]
    assert switch and resolve(site / path, switch[0])[0] == (site / "en" / path).resolve()
    back = [link for tag, _a, link in english.links if tag == "a" and link.startswith("../../../")]
    assert any(resolve(site / "en" / path, link)[0] == (site / path).resolve() for link in back)
    for page, here in ((chinese, site / path), (english, site / "en" / path)):
        assert resolve(here, page.hreflang["zh-CN"])[0] == (site / path).resolve()
        assert resolve(here, page.hreflang["en"])[0] == (site / "en" / path).resolve()


def test_dates_and_glossary_per_language(site: Path) -> None:
    zh = _html(site, "issues/2024-03-jiwei-microelectronics/a01.html")
    en = _html(site, "en/issues/2024-03-jiwei-microelectronics/a01.html")
    assert "2024年3月15日" in zh and "15 March 2024" in en
    assert "政策计划" in zh and "Policy &amp; Programs" in en
    assert ">作者<" in zh and ">Authors<" in en
    assert "Policy &amp; Programs" in _html(site, "en/sections/index.html")


def test_english_pages_show_original_titles(site: Path) -> None:
    article = next(a for a in parsed("2024-03-casdc-tech-policy").articles if a.original_title)
    en = _html(site, f"en/issues/2024-03-casdc-tech-policy/{article.id}.html")
    assert article.title in en
    assert article.original_title.replace("'", "&#39;") in en


def test_article_page_footnotes_link_both_ways(site: Path) -> None:
    issue = parsed("2024-03-jiwei-microelectronics")
    article = next(a for a in issue.articles if a.footnotes)
    path = site / f"issues/{issue.issue.id}/{article.id}.html"
    page, html = read_page(path), path.read_text(encoding="utf-8")
    for note in article.footnotes:
        assert f"fn-{note.n}" in page.ids
        if f"[^{note.n}]" in article.body:
            assert f"fnref-{note.n}" in page.ids
            assert f'href="#fn-{note.n}"' in html
        if note.url:
            assert f'href="{note.url}" rel="noopener noreferrer"' in html.replace("&amp;", "&")
    assert "[^" not in re.sub(r"<[^>]+>", "", html)


def test_issue_page_has_toc_by_section(site: Path) -> None:
    issue = parsed("2024-07-jiwei-chips")
    html = _html(site, f"issues/{issue.issue.id}/index.html")
    toc = html[html.index('class="toc"') :]
    positions = [toc.index(f'href="{a.id}.html"') for a in issue.articles]
    assert positions == sorted(positions)
    for section in {a.section for a in issue.articles if a.section}:
        assert f">{section}</a></h3>" in toc


def test_feeds_sitemap_robots(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert 1 <= len(entries) <= 50
    first_link = entries[0].find(f"{ATOM}link").get("href")
    assert (site / first_link).is_file()
    for section in ("政策计划", "前沿研究"):
        section_feed = ET.parse(site / "sections" / f"{section}.xml").getroot()
        categories = {
            e.find(f"{ATOM}category").get("term") for e in section_feed.iter(f"{ATOM}entry")
        }
        assert categories == {section}
    assert (site / "en" / "feed.xml").is_file()
    urls = [
        loc.text
        for loc in ET.parse(site / "sitemap.xml").getroot().iter()
        if loc.tag.endswith("loc")
    ]
    assert "index.html" in urls and "en/index.html" in urls
    assert len(urls) == 2 * (len(list(site.rglob("*.html"))) // 2 - 1)  # all but 404, twice
    assert (site / "robots.txt").read_text(encoding="utf-8").startswith("User-agent: *")


def test_pages_have_titles_and_descriptions(site: Path) -> None:
    for path in list(site.rglob("*.html"))[:200]:
        html = path.read_text(encoding="utf-8")
        title = re.search(r"<title>([^<]+)</title>", html)
        description = re.search(r'<meta name="description" content="([^"]+)"', html)
        assert title and title.group(1).strip(), path
        assert description and description.group(1).strip(), path


@pytest.mark.slow
def test_every_ui_string_has_a_chinese_translation() -> None:
    catalog = translations("zh")
    messages = [
        found[2] if isinstance(found[2], str) else found[2][0]
        for found in extract_from_dir(
            str(ROOT),
            method_map=[("templates/**.html", "jinja2"), ("src/briefgen/**.py", "python")],
            options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        )
    ]
    assert len(messages) > 30
    assert [m for m in messages if catalog.gettext(m) == m] == []


def _archive_with(tmp_path: Path, **changes: object) -> Path:
    """A briefings folder holding one seed issue whose first article is changed."""
    import yaml

    folder = tmp_path / "briefings" / "x"
    folder.mkdir(parents=True)
    source = BRIEFINGS / "2024-03-jiwei-microelectronics" / "records.yaml"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["articles"][0].update(changes)
    (folder / "records.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return tmp_path / "briefings"


@pytest.mark.slow
def test_hostile_record_text_renders_inert_and_a_failed_build_keeps_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The site built from hostile records, its pages and its search index, then a build of
    broken records into it, which fails and leaves it (one first build for all)."""
    briefings = _archive_with(
        tmp_path,
        title="<script>alert('t')</script>标题",
        body='正文 <img src=x onerror="alert(1)"> [点我](javascript:alert(2)) </script>[^1]',
        footnotes=[
            {"n": 1, "url": "https://example.org/?q=<x>", "title": "<b onmouseover=alert(4)>x</b>"}
        ],
        tags=['"><svg onload=alert(6)>'],
    )
    out = tmp_path / "site"
    assert main(["build", "--briefings", str(briefings), "--out", str(out)]) == 0
    for path in out.rglob("*.html"):
        for tag, attributes in elements(path):
            assert tag not in ("img", "b"), path
            if tag == "svg":  # only the charts the build draws (entities, documents)
                assert dict(attributes).get("aria-labelledby") == "chart-title", path
            if tag == "script":  # only the site's own scripts and its JSON strings
                values = dict(attributes)
                assert (
                    "static/" in values.get("src", "") or values.get("type") == "application/json"
                )
            assert not [name for name, _value in attributes if name.startswith("on")], path
            assert not [v for _n, v in attributes if v.strip().lower().startswith("javascript:")]
    article = (out / "issues/2024-03-jiwei-microelectronics/a01.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;标题" in article
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in article
    assert "[点我](javascript:alert(2))" in article  # shown as text, not a link
    # The search index's files, scripts the page loads, cannot close a script element either,
    # and still hold the text as written.
    files = list((out / "static" / "search").rglob("*.js"))
    assert not [f for f in files if "</script" in f.read_text(encoding="utf-8")]
    shown = [read_index_file(f) for f in (out / "static" / "search" / "doc").glob("*.js")]
    passages = [p[2] for d in shown for p in d["passages"]]  # type: ignore[index]
    assert any("[点我](javascript:alert(2)) </script>" in passage for passage in passages)

    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    records = briefings / "x" / "records.yaml"
    records.write_text(
        records.read_text(encoding="utf-8").replace("articles:", "articles: ["), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["build", "--briefings", str(briefings), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(records))}:\d+: ", err)
    assert "left as it was" in err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_only_web_urls_become_links() -> None:
    """Records are validated, but the renderer does not rely on it."""
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for url in (
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "",
    ):
        assert safe_url(url) is None


@pytest.mark.slow
def test_template_error_names_the_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "issue.html").write_text(
        "{% extends 'base.html' %}\n{% block main %}\n{{ broken( }}\n{% endblock %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    out.mkdir()
    (out / "keep.html").write_text("old", encoding="utf-8")
    # One issue: the templates are compiled before any page, whatever the archive holds.
    briefings = copy_archive(tmp_path / "briefings", TWO_ISSUES[:1])
    args = [
        "build",
        "--briefings",
        str(briefings),
        "--out",
        str(out),
        "--templates",
        str(templates),
    ]
    assert main(args) == 1
    assert re.search(r"issue\.html:3: ", capsys.readouterr().err)
    assert (out / "keep.html").read_text(encoding="utf-8") == "old"


def test_check_lists_terms_missing_from_the_glossary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    briefings = _archive_with(tmp_path, tags=["新标签"], section="新栏目")
    assert main(["check", str(briefings)]) == 0
    err = capsys.readouterr().err
    assert "no English name for section '新栏目'" in err
    assert "no English name for tag '新标签'" in err


def test_issue_labels_per_language() -> None:
    import datetime as dt
    from dataclasses import replace

    from briefgen.archive import IssueEntry
    from briefgen.i18n import EN, ZH
    from briefgen.labels import issue_label

    meta = replace(
        parsed("2024-03-jiwei-microelectronics").issue,
        number="3",
        date="2024-03-15",
        date_inferred=False,
    )
    issue = IssueEntry(meta, "issues/x/index.html", dt.date(2024, 3, 15), [])
    assert issue_label(issue, ZH) == "集微技术信息简报 2024年第3期"
    assert issue_label(issue, EN) == "集微技术信息简报 2024, No. 3"
    undated = IssueEntry(
        replace(meta, number=None), "issues/x/index.html", dt.date(2024, 3, 15), []
    )
    assert issue_label(undated, ZH) == "集微技术信息简报 2024年3月15日"
    assert issue_label(undated, EN) == "集微技术信息简报 15 March 2024"
