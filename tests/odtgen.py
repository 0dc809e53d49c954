"""Print issue records to PDF through LibreOffice, the way an editor's word processor does.

The issue becomes a flat OpenDocument text with real headings, real footnotes (LibreOffice
numbers them through the document and sets them at the page bottom), a page header with the
publication and a footer with the page number; ``soffice --headless --convert-to pdf`` prints it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from briefgen.records import Article, Issue
from pdfgen import Masthead, body_paragraphs

SOFFICE = shutil.which("soffice")

_STYLES = """
<office:font-face-decls>
  <style:font-face style:name="Noto Sans CJK SC" svg:font-family="'Noto Sans CJK SC'"/>
</office:font-face-decls>
<office:styles>
  <style:default-style style:family="paragraph">
    <style:paragraph-properties style:text-autospace="none" style:punctuation-wrap="simple"/>
    <style:text-properties style:font-name="Noto Sans CJK SC" fo:font-size="10.5pt"
      style:font-name-asian="Noto Sans CJK SC" style:font-size-asian="10.5pt"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph"/>
  <style:style style:name="Body" style:family="paragraph">
    <style:paragraph-properties fo:text-indent="21pt" fo:margin-bottom="3pt"
      fo:text-align="justify" fo:line-height="150%" style:text-autospace="none"
      style:punctuation-wrap="simple"/>
  </style:style>
  <style:style style:name="Author" style:family="paragraph">
    <style:paragraph-properties fo:text-align="end" fo:margin-bottom="6pt"/>
  </style:style>
  <style:style style:name="Masthead" style:family="paragraph">
    <style:text-properties fo:font-size="26pt" fo:font-weight="bold"
      style:font-size-asian="26pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
    style:default-outline-level="1">
    <style:paragraph-properties fo:margin-top="14pt" fo:margin-bottom="8pt"
      fo:break-before="page"/>
    <style:text-properties fo:font-size="18pt" fo:font-weight="bold"
      style:font-size-asian="18pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="First_20_Section" style:family="paragraph"
    style:parent-style-name="Heading_20_1" style:default-outline-level="1">
    <style:paragraph-properties fo:break-before="auto"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
    style:default-outline-level="2">
    <style:paragraph-properties fo:margin-top="12pt" fo:margin-bottom="6pt"
      fo:keep-with-next="always"/>
    <style:text-properties fo:font-size="14pt" fo:font-weight="bold"
      style:font-size-asian="14pt" style:font-weight-asian="bold"/>
  </style:style>
  <style:style style:name="Footnote" style:family="paragraph">
    <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt"/>
  </style:style>
  <style:style style:name="Header" style:family="paragraph">
    <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph">
    <style:paragraph-properties fo:text-align="center"/>
    <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt"/>
  </style:style>
  <text:notes-configuration text:note-class="footnote" text:default-style-name="Footnote"
    style:num-format="1" text:start-value="0" text:footnotes-position="page"
    text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
  <style:page-layout style:name="pm1">
    <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
      fo:margin-top="1.6cm" fo:margin-bottom="1.6cm" fo:margin-left="2.4cm"
      fo:margin-right="2.4cm"/>
    <style:header-style><style:header-footer-properties fo:min-height="0.8cm"/></style:header-style>
    <style:footer-style><style:header-footer-properties fo:min-height="0.8cm"/></style:footer-style>
  </style:page-layout>
</office:automatic-styles>
<office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
    <style:header><text:p text:style-name="Header">{header}</text:p></style:header>
    <style:footer><text:p text:style-name="Footer">- <text:page-number
      text:select-page="current">1</text:page-number> -</text:p></style:footer>
  </style:master-page>
</office:master-styles>
"""

_DOC = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
{styles}
<office:body><office:text>
{body}
</office:text></office:body></office:document>
"""


def _inline(text: str, article: Article) -> str:
    """Escaped paragraph text with each ``[^n]`` turned into a real footnote."""
    notes = {note.n: note for note in article.footnotes}
    out: list[str] = []
    for piece in re.split(r"(\[\^\d+\])", text):
        ref = re.fullmatch(r"\[\^(\d+)\]", piece)
        if not ref:
            out.append(escape(piece))
            continue
        note = notes[int(ref.group(1))]
        cited = " ".join(part for part in (note.title, note.url) if part)
        out.append(
            '<text:note text:note-class="footnote"><text:note-body>'
            f'<text:p text:style-name="Footnote">{escape(cited)}</text:p>'
            "</text:note-body></text:note>"
        )
    return "".join(out)


def issue_document(issue: Issue, masthead: Masthead) -> str:
    """The issue as flat OpenDocument text."""
    parts = [
        f'<text:p text:style-name="Masthead">{escape(masthead.publication)}</text:p>',
        f'<text:p text:style-name="Standard">{masthead.year}年第{masthead.number}期'
        f"<text:tab/>{escape(masthead.date)}</text:p>",
    ]
    section = None
    for article in issue.articles:
        if article.section and article.section != section:
            style = "First_20_Section" if section is None else "Heading_20_1"
            parts.append(
                f'<text:h text:style-name="{style}" text:outline-level="1">'
                f"{escape(article.section)}</text:h>"
            )
            section = article.section
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        parts.append(
            '<text:h text:style-name="Heading_20_2" text:outline-level="2">'
            f"{escape(title)}</text:h>"
        )
        paragraphs = body_paragraphs(article)
        cited = {int(n) for p in paragraphs for n in re.findall(r"\[\^(\d+)\]", p)}
        # Footnotes no marker points to are anchored at the article's end.
        paragraphs[-1] += "".join(f"[^{n.n}]" for n in article.footnotes if n.n not in cited)
        parts += [
            f'<text:p text:style-name="Body">{_inline(p, article)}</text:p>' for p in paragraphs
        ]
        parts += _ending(article)
    header = escape(f"{masthead.publication} {masthead.year}年第{masthead.number}期")
    return _DOC.format(styles=_STYLES.replace("{header}", header), body="\n".join(parts))


def _ending(article: Article) -> list[str]:
    if article.source_urls or article.original_title:
        lines = [f"{' '.join(article.authors)} 供稿自 {' '.join(article.source_urls)}"]
        if article.original_title:
            lines.append(f"原文标题：{article.original_title}")
        return [f'<text:p text:style-name="Standard">{escape(line)}</text:p>' for line in lines]
    if not article.authors:
        return []
    return [
        f'<text:p text:style-name="Author">（执笔：{escape(" ".join(article.authors))}）</text:p>'
    ]


def render_issues(issues: dict[str, Issue], masthead: Masthead, out_dir: Path) -> dict[str, Path]:
    """Print each issue to ``out_dir/<name>.pdf`` with one LibreOffice run."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        sources = []
        for name, issue in issues.items():
            path = Path(tmp) / f"{name}.fodt"
            path.write_text(issue_document(issue, masthead), encoding="utf-8")
            sources.append(str(path))
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return {name: out_dir / f"{name}.pdf" for name in issues}
