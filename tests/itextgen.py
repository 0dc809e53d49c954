"""Print issue records to PDF with iText 5, for the PDF ingest tests.

iText is the PDF library behind many Java report writers (JasperReports, the exports of
government and institutional portals), and Debian packages version 5 (libitext5-java). The
issue is written as a list of blocks that ``java/ItextIssue.java`` sets with iText's own
layout: Paragraphs justified or flush left, each marker a Chunk with a text rise, notes
listed under a short rule at each article's end, TrueType CJK fonts embedded as Identity-H
subsets. Where the layout has no bold face, iText makes one: the same glyphs filled and
stroked (text render mode 2), which nothing in the font says is bold.

The layout varies per issue under a fixed seed: font, bold face or simulated bold, page,
margins, sizes, leading, justification, header, footer, watermark, title width, author line
and 供稿自 line breaks.
"""

from __future__ import annotations

import hashlib
import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefgen.records import Article, Issue
from htmlgen import ending_lines, heading_sizes
from pdfgen import Masthead, body_paragraphs

JAR = Path("/usr/share/java/itext5.jar")
SOURCE = Path(__file__).resolve().parent / "java" / "ItextIssue.java"
#: Compiled classes, by a hash of the source (kept between runs, as the printed PDFs are).
CLASSES = Path(__file__).resolve().parent.parent / ".cache" / "test-java"
#: TrueType CJK faces iText 5 embeds (it cannot subset Noto CJK's CFF outlines in a .ttc).
FONTS = {
    "uming": "/usr/share/fonts/truetype/arphic/uming.ttc,0",
    "ukai": "/usr/share/fonts/truetype/arphic/ukai.ttc,0",
    "zenhei": "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc,0",
}


@dataclass(frozen=True)
class ItextLayout:
    font: str  # a key of FONTS
    bold: str  # "simulated" (iText strokes the same glyphs) or "family" (WenQuanYi Zen Hei)
    page: str  # "A4" or "Letter"
    margin: float  # points
    body: float
    title: float
    section: float
    note: float
    leading: float  # line height against the body size
    justify: bool
    header: bool
    footer: str  # "- {n} -" or "第 {n} 页"
    watermark: bool
    title_width: int  # percent of the text width a title may use
    attribution: str  # "inline" or "split"
    author_style: str  # "执笔" or "plain"


def layout_for(issue_id: str, seed: int = 12) -> ItextLayout:
    """The layout this issue is printed in: random, the same on every run."""
    rng = random.Random(f"itext/{issue_id}/{seed}")
    body = rng.choice([10.0, 10.5, 11.0, 12.0])
    return ItextLayout(
        font=rng.choice(sorted(FONTS)),
        bold=rng.choice(["simulated", "family"]),
        page=rng.choice(["A4", "Letter"]),
        margin=rng.choice([54.0, 64.0, 72.0]),
        body=body,
        **heading_sizes(rng, body),
        leading=rng.choice([1.5, 1.65, 1.8]),
        justify=rng.random() < 0.6,
        header=rng.random() < 0.7,
        footer=rng.choice(["- {n} -", "第 {n} 页"]),
        watermark=rng.random() < 0.5,
        title_width=rng.choice([100, 100, 55]),
        attribution=rng.choice(["inline", "split"]),
        author_style=rng.choice(["执笔", "plain"]),
    )


def description(issue: Issue, lay: ItextLayout, masthead: Masthead) -> str:
    """The settings and blocks ItextIssue.java reads."""
    m = masthead
    settings = {
        "font": FONTS[lay.font],
        "bold": lay.bold,
        "boldfont": FONTS["zenhei"],
        "page": lay.page,
        "margin": lay.margin,
        "body": lay.body,
        "title": lay.title,
        "section": lay.section,
        "note": lay.note,
        "leading": lay.leading,
        "justify": "yes" if lay.justify else "no",
        "header": f"{m.publication}  {m.year}年第{m.number}期" if lay.header else "",
        "footer": lay.footer,
        "watermark": "yes" if lay.watermark else "no",
        "titlewidth": lay.title_width,
    }
    blocks = [("masthead", m.publication), ("issueline", f"{m.year}年第{m.number}期　　{m.date}")]
    section = None
    for article in issue.articles:
        if article.section and article.section != section:
            section = article.section
            blocks.append(("section", section))
        blocks += _article(article, lay)
    head = "\n".join(f"{key}={value}" for key, value in settings.items())
    return head + "\n\n" + "\n".join(f"{kind}\t{text}" for kind, text in blocks) + "\n"


def _article(article: Article, lay: ItextLayout) -> list[tuple[str, str]]:
    title = "".join(f"[{tag}]" for tag in article.tags) + article.title
    out = [("title", title)]
    numbers: dict[int, int] = {}  # note n -> the number it prints with (from 1 in the article)
    for text in body_paragraphs(article):
        shown = re.sub(
            r"\[\^(\d+)\]", lambda m: f"[^{numbers.setdefault(int(m[1]), len(numbers) + 1)}]", text
        )
        out.append(("para", shown))
    plain, author = ending_lines(article, lay.attribution, lay.author_style)
    out += [("right", author)] if author else [("left", line) for line in plain]
    for note in article.footnotes:
        numbers.setdefault(note.n, len(numbers) + 1)
    if article.footnotes:
        out.append(("rule", ""))
        for note in sorted(article.footnotes, key=lambda note: numbers[note.n]):
            text = " ".join(p for p in (note.title, note.url) if p)
            out.append(("note", f"[{numbers[note.n]}] {text}"))
    return out


def _compiled() -> Path:
    """The folder of ItextIssue's classes, compiled when its source changed: into a folder
    of its own, moved in whole, so that a process printing beside this one never runs
    half-written classes."""
    folder = CLASSES / hashlib.sha256(SOURCE.read_bytes()).hexdigest()[:16]
    if folder.exists():
        return folder
    CLASSES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CLASSES) as tmp:
        built = Path(tmp) / "classes"
        subprocess.run(
            ["javac", "-d", str(built), "-cp", str(JAR), str(SOURCE)],
            check=True,
            capture_output=True,
        )
        try:
            built.rename(folder)
        except OSError:
            if not folder.exists():  # (else another process moved its own in first)
                raise
    return folder


def render_itext(issue: Issue, lay: ItextLayout, masthead: Masthead, out: Path) -> Path:
    classes = _compiled()
    with tempfile.TemporaryDirectory() as tmp:
        blocks = Path(tmp) / "issue.txt"
        blocks.write_text(description(issue, lay, masthead), encoding="utf-8")
        subprocess.run(
            ["java", "-cp", f"{JAR}:{classes}", "ItextIssue", str(blocks), str(out)],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out
