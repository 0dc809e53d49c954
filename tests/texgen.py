"""Print issue records to PDF with XeLaTeX (xeCJK or ctex) or pdfLaTeX (CJKutf8), for the
PDF ingest tests.

The seeds are written as LaTeX, each note a ``\\footnote`` (its URL in ``\\url``), and printed
by xelatex through xdvipdfmx: footnotes at the page bottom under TeX's short rule, markers
raised by ``\\textsuperscript``, Latin text in Latin Modern (TeX's ligatures: ff, fi, fl),
CJK in the layout's family, bold faked by stroking where the family has no bold face. Or by
pdflatex, the same source in the CJK package's environment: CJK in the Arphic Type 1 fonts
(gbsn, gkai for the Kai layouts) cut into subsets of 256 glyphs, Latin Modern in T1, and
bold faked by printing each CJK glyph three times 0.015 em apart (``\\CJKbold``).

The layout varies per issue under a fixed seed: document class, font family, page, margins,
sizes, justification, footnotes numbered through the issue or from 1 in each article, header
and footer, watermark, title width, URL font, author line and 供稿自 line breaks.
"""

from __future__ import annotations

import random
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from briefgen.records import Article, Issue
from htmlgen import FAMILIES, ending_lines, heading_sizes
from pdfgen import Masthead, body_paragraphs


@dataclass(frozen=True)
class TexLayout:
    document_class: str  # "ctexart" or "article" (with xeCJK)
    family: str
    page: str  # "a4paper" or "letterpaper"
    margin_mm: int
    body: float
    title: float
    section: float
    note: float
    justify: bool
    notes_per_article: bool
    header: bool
    footer: str  # "- n -" or "第 n 页"
    watermark: bool
    title_width: int  # percent of the text width a title may use
    url_font: str  # "tt" or "same"
    attribution: str  # "inline" or "split"
    author_style: str  # "执笔" or "plain"
    #: xeCJK's glue between Chinese and Latin where the text has none. On (xeCJK's default),
    #: "ASML部分" and "ASML 部分" print alike and the text's spacing is lost; the matrix
    #: prints with it off, so what it compares (titles) is on the page.
    autospace: bool = False


#: The family name that asks for ctex's own fonts (``fontset=fandol``), not a system one.
FANDOL = "Fandol"


def layout_for(issue_id: str, seed: int = 12) -> TexLayout:
    """The layout this issue is printed in: random, the same on every run."""
    rng = random.Random(f"xelatex/{issue_id}/{seed}")
    body = rng.choice([10.0, 10.5, 11.0, 12.0])
    return TexLayout(
        document_class=rng.choice(["ctexart", "article"]),
        family=rng.choice(FAMILIES),
        page=rng.choice(["a4paper", "letterpaper"]),
        margin_mm=rng.choice([18, 22, 25]),
        body=body,
        **heading_sizes(rng, body),
        justify=rng.random() < 0.6,
        notes_per_article=rng.random() < 0.5,
        header=rng.random() < 0.7,
        footer=rng.choice(["- n -", "第 n 页"]),
        watermark=rng.random() < 0.5,
        title_width=rng.choice([100, 100, 55]),
        url_font=rng.choice(["tt", "same"]),
        attribution=rng.choice(["inline", "split"]),
        author_style=rng.choice(["执笔", "plain"]),
    )


_CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    # TeX's ligatures would print ' as ’ and -- as –: set the characters the text has.
    "'": r"\textquotesingle{}",
    "`": r"\textasciigrave{}",
    "-": "-{}",
}


def tex(text: str) -> str:
    """``text`` set as it reads: TeX's special characters escaped, and a space between two
    CJK characters made explicit (``\\ ``), as xeCJK drops a plain one ("沈湘 王丽" would
    print joined)."""
    text = "".join(_SPECIAL.get(ch, ch) for ch in text)
    return re.sub(rf"(?<=[{_CJK}]) (?=[{_CJK}])", lambda _: "\\ ", text)


def _url(url: str) -> str:
    """A URL in ``\\url``, at the top level (where ``%`` and ``#`` are read as they are)."""
    return r"\url{" + url + "}"


def _with_urls(text: str) -> str:
    """``text`` escaped, each URL in it set in ``\\url`` (where a line may break)."""
    pieces = re.split(r"(https?://\S+)", text)
    return "".join(_url(p) if k % 2 else tex(p) for k, p in enumerate(pieces))


def _name(k: int) -> str:
    """A control sequence name of letters only: \\noteurla, \\noteurlb, … \\noteurlba."""
    letters = ""
    while True:
        letters = chr(ord("a") + k % 26) + letters
        k //= 26
        if not k:
            return "noteurl" + letters


def _cjk_setup(lay: TexLayout, engine: str) -> tuple[str, str]:
    """The document's opening (class and CJK package) and its CJK font setup, per engine."""
    if engine == "pdflatex":
        opening = rf"\documentclass[{lay.page}]{{article}}" + "\n" + _PDFLATEX_PACKAGES
        return opening, ""
    glue = "" if lay.autospace else r"\xeCJKsetup{CJKecglue={}}"
    classes = r'\xeCJKDeclareCharClass{CJK}{"0391 -> "03C9, "2460 -> "24FF}'
    if lay.family == FANDOL:
        # ctex's fonts as TeX Live installs them: CID-keyed FandolSong, which xdvipdfmx
        # writes with no Unicode map (the font names its collection, Adobe-GB1).
        opening = rf"\documentclass[{lay.page},fontset=fandol]{{ctexart}}"
        return opening, f"{classes}\n{glue}"
    bold = "BoldFont={* Bold}" if lay.family.startswith("Noto") else "AutoFakeBold=2.5"
    if lay.document_class == "ctexart":
        opening = rf"\documentclass[{lay.page},fontset=none]{{ctexart}}"
    else:
        opening = rf"\documentclass[{lay.page}]{{article}}" + "\n" + r"\usepackage{xeCJK}"
    return opening, f"\\setCJKmainfont[{bold}]{{{lay.family}}}\n{classes}\n{glue}"


_PDFLATEX_PACKAGES = r"""\usepackage{CJKutf8}
\usepackage{lmodern}
\usepackage[T1]{fontenc}"""


def _preamble(lay: TexLayout, masthead: Masthead, engine: str) -> str:
    opening, fonts = _cjk_setup(lay, engine)
    header = tex(f"{masthead.publication}  {masthead.year}年第{masthead.number}期")
    header = header if lay.header else ""
    ragged = "" if lay.justify else r"\raggedright\setlength{\parindent}{2em}"
    watermark = _watermark() if lay.watermark else ""
    page = r"- \thepage\ -" if lay.footer == "- n -" else r"第 \thepage\ 页"
    lead = round(lay.body * 1.6, 1)
    return rf"""{opening}
\usepackage[margin={lay.margin_mm}mm]{{geometry}}
\usepackage{{xurl,fancyhdr,xcolor,eso-pic,graphicx}}
{fonts}
\urlstyle{{{lay.url_font}}}
\pagestyle{{fancy}}\fancyhf{{}}\renewcommand{{\headrulewidth}}{{0pt}}
\fancyhead[L]{{\ifnum\value{{page}}>1 {{\fontsize{{8}}{{10}}\selectfont {header}}}\fi}}
\fancyfoot[C]{{\fontsize{{8}}{{10}}\selectfont {page}}}
\renewcommand{{\footnotesize}}{{\fontsize{{{lay.note}}}{{{round(lay.note * 1.4, 1)}}}\selectfont}}
\setlength{{\parindent}}{{2em}}\setlength{{\parskip}}{{0.2em}}
{watermark}
\begin{{document}}
{_cjk_environment(lay, engine)}
\fontsize{{{lay.body}}}{{{lead}}}\selectfont
{ragged}
"""


def _cjk_environment(lay: TexLayout, engine: str) -> str:
    """pdfLaTeX sets Chinese only inside the CJK package's environment: the whole document."""
    if engine != "pdflatex":
        return ""
    return rf"\begin{{CJK}}{{UTF8}}{{{'gkai' if 'Kai' in lay.family else 'gbsn'}}}"


def _watermark() -> str:
    return (
        r"\AddToShipoutPictureBG{\AtPageCenter{\makebox(0,0){\rotatebox{35}"
        r"{\fontsize{54}{60}\selectfont\color{black!13}内部资料}}}}"
    )


def _paragraph(text: str, notes: dict[int, str]) -> str:
    """A body paragraph, each ``[^n]`` a footnote holding note n's text."""
    out, at = [], 0
    for match in re.finditer(r"\[\^(\d+)\]", text):
        out.append(tex(text[at : match.start()]))
        out.append(rf"\footnote{{{notes[int(match.group(1))]}}}")
        at = match.end()
    out.append(tex(text[at:]))
    return "".join(out)


class _Tex:
    def __init__(self, issue: Issue, lay: TexLayout, masthead: Masthead, engine: str) -> None:
        self.issue, self.lay, self.masthead, self.engine = issue, lay, masthead, engine
        self.urls = 0  # URLs defined so far, each under a name of its own

    def document(self) -> str:
        m, lay = self.masthead, self.lay
        parts = [
            _preamble(lay, m, self.engine),
            rf"\noindent{{\fontsize{{26}}{{32}}\selectfont\bfseries {tex(m.publication)}}}",
            rf"\noindent {tex(f'{m.year}年第{m.number}期　　{m.date}')}",
        ]
        section = None
        for article in self.issue.articles:
            if article.section and article.section != section:
                section = article.section
                size = rf"\fontsize{{{lay.section}}}{{{lay.section * 1.3:.1f}}}\selectfont"
                parts.append(rf"\bigskip\noindent{{{size}\bfseries {tex(section)}}}")
            parts += self.article(article)
        if self.engine == "pdflatex":
            parts.append(r"\clearpage\end{CJK}")  # the last page is shipped inside it
        return "\n\n".join(parts) + "\n\n\\end{document}\n"

    def article(self, article: Article) -> list[str]:
        lay = self.lay
        title = "".join(f"[{tag}]" for tag in article.tags) + article.title
        out = [r"\setcounter{footnote}{0}"] if lay.notes_per_article else []
        size = rf"\fontsize{{{lay.title}}}{{{lay.title * 1.3:.1f}}}\selectfont"
        out.append(
            rf"\medskip\noindent\begin{{minipage}}[t]{{{lay.title_width / 100:.2f}\linewidth}}"
            rf"\raggedright{size}\bfseries {tex(title)}\end{{minipage}}\par\smallskip"
        )
        # A footnote's URL is defined first with \urldef: inside \footnote's argument a
        # "%" would start a comment, and "\%" would print its backslash.
        notes: dict[int, str] = {}
        for note in article.footnotes:
            text = tex(note.title or "")
            if note.url:
                self.urls += 1
                out.append(rf"\urldef{{\{_name(self.urls)}}}{_url(note.url)}")
                text = f"{text} \\{_name(self.urls)}{{}}" if text else rf"\{_name(self.urls)}{{}}"
            notes[note.n] = text
        paragraphs = body_paragraphs(article)
        cited = {int(n) for text in paragraphs for n in re.findall(r"\[\^(\d+)\]", text)}
        out += [_paragraph(text, notes) for text in paragraphs]
        silent = [n for n in notes if n not in cited]
        if silent and len(out) > 1:
            # A note no marker cites still prints at the page bottom, numbered.
            out[-1] += "".join(
                rf"\stepcounter{{footnote}}\footnotetext{{{notes[n]}}}" for n in silent
            )
        out += self.ending(article)
        return out

    def ending(self, article: Article) -> list[str]:
        plain, author = ending_lines(article, self.lay.attribution, self.lay.author_style)
        if author:
            return [rf"\begin{{flushright}}{tex(author)}\end{{flushright}}"]
        return [rf"\noindent {_with_urls(line)}" for line in plain]


def issue_tex(issue: Issue, lay: TexLayout, masthead: Masthead, engine: str = "xelatex") -> str:
    return _Tex(issue, lay, masthead, engine).document()


def render_xelatex(issue: Issue, lay: TexLayout, masthead: Masthead, out: Path) -> Path:
    """Print with xelatex (one run: nothing refers ahead)."""
    return _render(issue, lay, masthead, out, "xelatex")


def render_pdflatex(issue: Issue, lay: TexLayout, masthead: Masthead, out: Path) -> Path:
    """Print with pdflatex and the CJK package (one run: nothing refers ahead)."""
    return _render(issue, lay, masthead, out, "pdflatex")


def _render(issue: Issue, lay: TexLayout, masthead: Masthead, out: Path, engine: str) -> Path:
    return compile_tex(issue_tex(issue, lay, masthead, engine), out, engine)


def compile_tex(document: str, out: Path, engine: str = "xelatex") -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "issue.tex"
        source.write_text(document, encoding="utf-8")
        subprocess.run(
            [engine, "-interaction=nonstopmode", "-halt-on-error", source.name],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        out.write_bytes(source.with_suffix(".pdf").read_bytes())
    return out
