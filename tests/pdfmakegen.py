"""Issues printed by pdfmake (tests/pdfmake_print.js, pdfmake from npm): blocks of the issue's
records written as JSON, laid out by node. A producer of web applications' PDFs: each word a
text object of its own, flush left or justified, and ToUnicode maps whose ligature entries
hold white space inside their hex strings (``<0066 0066 0069>``)."""

from __future__ import annotations

import json
import random
import re
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from briefgen.records import Issue
from htmlgen import ending_lines
from pdfgen import Masthead, body_paragraphs

SCRIPT = Path(__file__).with_name("pdfmake_print.js")
_NOTO = "/usr/share/fonts/opentype/noto/NotoSerifCJK-{}.ttc"
#: Faces by name: the file and, for a collection, the face in it.
FACES = {
    "notoserif": (
        [_NOTO.format("Regular"), "NotoSerifCJKsc-Regular"],
        [_NOTO.format("Bold"), "NotoSerifCJKsc-Bold"],
    ),
    "uming": (["/usr/share/fonts/truetype/arphic/uming.ttc", "UMingCN"],) * 2,
}


@dataclass(frozen=True)
class PdfmakeLayout:
    face: list[str]
    bold: list[str]
    body: float
    title: float
    section: float
    note: float
    margin: int
    leading: float
    align: str  # "left" or "justify"
    ligatures: bool


def layout_for(issue_id: str, seed: int, align: str) -> PdfmakeLayout:
    rng = random.Random(f"pdfmake/{issue_id}/{seed}")
    face, bold = FACES[rng.choice(sorted(FACES))]
    body = rng.choice([10.0, 10.5, 11.0])
    return PdfmakeLayout(
        face,
        bold,
        body,
        body + rng.choice([3, 4]),
        body + rng.choice([7, 9]),
        round(body * 0.75, 1),
        rng.choice([54, 64, 72]),
        rng.choice([1.5, 1.8]),
        align,
        ligatures=True,
    )


def _segments(text: str, numbers: dict[int, int]) -> list[dict[str, str]]:
    pieces = re.split(r"(\[\^\d+\])", text)
    return [
        {"sup": str(numbers[int(p[2:-1])])} if re.fullmatch(r"\[\^\d+\]", p) else {"t": p}
        for p in pieces
        if p
    ]


def blocks(issue: Issue, masthead: Masthead) -> list[dict[str, object]]:
    """The issue as pdfmake_print.js lays it out: masthead, sections, titles, paragraphs with
    raised note numbers running through the issue, author lines, each article's notes."""
    out: list[dict[str, object]] = [
        {"k": "masthead", "t": masthead.publication},
        {"k": "dateline", "t": f"{masthead.year}年第{masthead.number}期　　{masthead.date}"},
    ]
    section, through = None, 0
    for article in issue.articles:
        if article.section and article.section != section:
            section = article.section
            out.append({"k": "section", "t": section})
        out.append({"k": "title", "t": "".join(f"[{t}]" for t in article.tags) + article.title})
        paragraphs = body_paragraphs(article)
        numbers: dict[int, int] = {}
        cited = [int(n) for p in paragraphs for n in re.findall(r"\[\^(\d+)\]", p)]
        for n in [*cited, *(note.n for note in article.footnotes)]:
            if n not in numbers:
                through += 1
                numbers[n] = through
        for text in paragraphs:
            kind = "caption" if re.match(r"[图表]\s*\d", text) else "para"
            out.append({"k": kind, "s": _segments(text, numbers)})
        plain, author = ending_lines(article, "inline", "执笔")
        out += [{"k": "author", "t": author}] if author else []
        out += [{"k": "plain", "t": line} for line in plain]
        if article.footnotes:
            entries = [
                {"n": numbers[n.n], "t": " ".join(x for x in (n.title, n.url) if x)}
                for n in sorted(article.footnotes, key=lambda n: numbers[n.n])
            ]
            out.append({"k": "notes", "entries": entries})
    return out


def render(issue: Issue, layout: PdfmakeLayout, masthead: Masthead, out: Path) -> Path:
    with tempfile.TemporaryDirectory() as folder:
        blocks_path, layout_path = Path(folder, "blocks.json"), Path(folder, "layout.json")
        blocks_path.write_text(json.dumps(blocks(issue, masthead), ensure_ascii=False))
        layout_path.write_text(json.dumps(asdict(layout)))
        subprocess.run(
            ["node", str(SCRIPT), str(blocks_path), str(layout_path), str(out)],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return out
