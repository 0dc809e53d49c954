"""Every PDF producer the ingest tests print the seed issues with, behind one cache.

fpdf2 in three house layouts (pdfgen.py), LibreOffice (odtgen.py), reportlab (rlgen.py),
WeasyPrint, chromium and wkhtmltopdf (htmlgen.py, wkgen.py), Typst (typstgen.py), XeLaTeX
and pdfLaTeX (texgen.py), Apache FOP from XSL-FO (fopgen.py), MuPDF's HTML layout
(mupdfgen.py), and LibreOffice's and
wkhtmltopdf's prints again through cairo (poppler's pdftocairo, the PDF writer of Firefox's
and GTK's print to file).
A PDF is made only when its cache entry is missing (pdfcache.py); missing ones are printed
on both cores.
"""

from __future__ import annotations

import glob
import pickle
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import fopgen
import htmlgen
import mupdfgen
import odtgen
import pdfgen
import rlgen
import texgen
import typstgen
import wkgen
from briefgen.ingest import parse_issue, parser_digest
from briefgen.ingest.pdf import PdfDocument, read_pdf
from briefgen.records import Issue, issue_to_yaml, load_issue
from conftest import parsed
from pdfcache import cache_path, cached_pdf, pdf_key, prune, write_whole

MASTHEAD = pdfgen.Masthead(publication="信息科技快报", year=2024, number=3, date="2024年3月15日")
FPDF_LAYOUTS = {layout.name: layout for layout in pdfgen.LAYOUTS}
#: Producers whose layout varies per issue, each printed in two variants (two seeds).
SEEDED = {
    "reportlab": ("reportlab", 12),
    "reportlab-b": ("reportlab", 9),
    "weasyprint": ("weasyprint", 12),
    "weasyprint-b": ("weasyprint", 7),
    "chromium": ("chromium", 12),
    "chromium-b": ("chromium", 7),
    "typst": ("typst", 4),
    "typst-b": ("typst", 8),
    "typst-c": ("typst", 6),
    "wkhtmltopdf": ("wkhtmltopdf", 12),
    "wkhtmltopdf-b": ("wkhtmltopdf", 7),
    "xelatex": ("xelatex", 3),
    "xelatex-b": ("xelatex", 11),
    "pdflatex": ("pdflatex", 11),
    "fop": ("fop", 12),
    "fop-b": ("fop", 3),
    "mupdf": ("mupdf", 12),
}
#: Producers that print another's PDF again, by the one they print: cairo sets each line as
#: one run, a note's number glued to its first word ("1Darsith", "92020 年"); over Qt's print
#: it keeps Qt's bold copy of each heading, drawn 0.02 em beside it, as text.
REPRINTED = {"cairo": "libreoffice", "wkhtmltopdf-cairo": "wkhtmltopdf"}
PRODUCERS = [*FPDF_LAYOUTS, "libreoffice", *SEEDED, *REPRINTED]

_CODE = {
    "libreoffice": ("odtgen.py", "pdfgen.py"),
    "reportlab": ("rlgen.py", "pdfgen.py"),
    "weasyprint": ("htmlgen.py", "pdfgen.py"),
    "chromium": ("htmlgen.py", "pdfgen.py"),
    "typst": ("typstgen.py", "htmlgen.py", "pdfgen.py"),
    "cairo": ("odtgen.py", "pdfgen.py"),
    "wkhtmltopdf-cairo": ("wkgen.py", "htmlgen.py", "pdfgen.py"),
    "wkhtmltopdf": ("wkgen.py", "htmlgen.py", "pdfgen.py"),
    "xelatex": ("texgen.py", "htmlgen.py", "pdfgen.py"),
    "pdflatex": ("texgen.py", "htmlgen.py", "pdfgen.py"),
    "fop": ("fopgen.py", "htmlgen.py", "pdfgen.py"),
    "mupdf": ("mupdfgen.py", "htmlgen.py", "pdfgen.py"),
}


def params(producer: str, issue_id: str) -> object:
    """What varies the print of one issue by one producer: the key's third part."""
    if producer in FPDF_LAYOUTS:
        return (FPDF_LAYOUTS[producer], MASTHEAD)
    if producer in SEEDED:
        tool, seed = SEEDED[producer]
        if tool == "reportlab":
            return (rlgen.layout_for(issue_id, seed), MASTHEAD)
        if tool == "typst":
            return (typstgen.layout_for(issue_id, seed), MASTHEAD)
        if tool == "wkhtmltopdf":
            return (wkgen.layout_for(issue_id, seed), MASTHEAD)
        if tool in ("xelatex", "pdflatex"):
            return (texgen.layout_for(issue_id, seed), MASTHEAD)
        if tool == "fop":
            return (fopgen.layout_for(issue_id, seed), MASTHEAD)
        if tool == "mupdf":
            return (mupdfgen.layout_for(issue_id, seed), MASTHEAD)
        return (htmlgen.layout_for(issue_id, tool, seed), MASTHEAD)
    return MASTHEAD


def pdf_path(producer: str, issue_id: str) -> Path:
    code = _CODE.get(SEEDED.get(producer, (producer, 0))[0], ("pdfgen.py",))
    return cache_path(
        f"{issue_id}-{producer}", pdf_key(code, parsed(issue_id), params(producer, issue_id))
    )


def continued_notes(path: Path) -> int:
    """How many footnotes an fpdf2 print split across pages (kept beside the PDF)."""
    side = path.with_suffix(".continued")
    return int(side.read_text()) if side.exists() else 0


def _print(producer: str, issue_id: str, out: Path) -> None:
    issue = parsed(issue_id)
    if producer in FPDF_LAYOUTS:
        writer = pdfgen.Writer(issue, FPDF_LAYOUTS[producer], MASTHEAD)
        writer.render().output(str(out))
        final = pdf_path(producer, issue_id)
        final.with_suffix(".continued").write_text(str(writer.continued_notes))
    elif producer in SEEDED:
        layout = params(producer, issue_id)[0]  # type: ignore[index]
        render = {
            "reportlab": rlgen.render_issue,
            "weasyprint": htmlgen.render_weasyprint,
            "chromium": htmlgen.render_chromium,
            "typst": typstgen.render_typst,
            "wkhtmltopdf": wkgen.render_wkhtmltopdf,
            "xelatex": texgen.render_xelatex,
            "pdflatex": texgen.render_pdflatex,
            "fop": fopgen.render_fop,
            "mupdf": mupdfgen.render_mupdf,
        }[SEEDED[producer][0]]
        render(issue, layout, MASTHEAD, out)
    else:
        raise ValueError(f"unknown producer {producer}")


def _job(job: tuple[str, str]) -> Path:
    producer, issue_id = job
    return cached_pdf(pdf_path(producer, issue_id), lambda out: _print(producer, issue_id, out))


def _libreoffice(issue_ids: list[str]) -> None:
    """One soffice run prints every missing issue; each PDF then moves into the cache."""
    with tempfile.TemporaryDirectory() as tmp:
        printed = odtgen.render_issues({i: parsed(i) for i in issue_ids}, MASTHEAD, Path(tmp))
        for issue_id, path in printed.items():
            cached_pdf(pdf_path("libreoffice", issue_id), lambda out, p=path: p.replace(out))


def _through_cairo(source: Path, out: Path) -> None:
    subprocess.run(["pdftocairo", "-pdf", str(source), str(out)], check=True)


def seed_pdfs(issue_ids: list[str], producers: list[str]) -> dict[tuple[str, str], Path]:
    """Every issue printed by every producer: from the cache, printing what is missing."""
    wanted = [(producer, issue_id) for issue_id in issue_ids for producer in producers]
    missing = [job for job in wanted if not pdf_path(*job).exists()]
    reprints = [job for job in missing if job[0] in REPRINTED]
    sources = [(REPRINTED[producer], issue_id) for producer, issue_id in reprints]
    missing += [job for job in sources if job not in missing and not pdf_path(*job).exists()]
    office = [issue_id for producer, issue_id in missing if producer == "libreoffice"]
    others = [job for job in missing if job[0] != "libreoffice" and job not in reprints]
    if others:
        with ProcessPoolExecutor(max_workers=2) as pool:
            running = pool.map(_job, others)
            if office:
                _libreoffice(office)
            list(running)
    elif office:
        _libreoffice(office)
    for producer, issue_id in reprints:
        source = pdf_path(REPRINTED[producer], issue_id)
        cached_pdf(pdf_path(producer, issue_id), lambda out, src=source: _through_cairo(src, out))
    for producer, issue_id in wanted:
        prune(f"{issue_id}-{producer}", pdf_path(producer, issue_id))
    return {(issue_id, producer): pdf_path(producer, issue_id) for producer, issue_id in wanted}


@cache
def extracted_text(issue_id: str, producer: str, mode: str) -> str:
    """``producer``'s print of the seed issue as poppler's pdftotext writes it (``mode``:
    "plain" or "-layout"), the text an editor may bring instead of the PDF."""
    pdf = seed_pdfs([issue_id], [producer])[(issue_id, producer)]
    args = ["pdftotext", "-enc", "UTF-8", *([mode] if mode != "plain" else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True).stdout.decode()


@cache
def parsed_pdf(path: Path) -> Issue:
    """A printed issue parsed back: once per parser, kept beside the PDF in the test cache,
    and read back once per process (tests read the same prints' records some 400 times).

    The PDF's cache name is already a hash of what printed it; the parse is kept under that
    name and the parser's code digest (what ``briefgen parse`` keys its own cache on), so a
    change to the parser parses every PDF again and a change elsewhere reads the records back.
    """
    kept = _kept(path, "parsed", ".yaml")
    if kept.exists():
        return load_issue(kept)
    issue = parse_issue(path)
    _keep(path, "parsed", ".yaml", issue_to_yaml(issue).encode())
    return issue


@cache
def read_back(path: Path) -> PdfDocument:
    """A print as the PDF reader reads it (its pages' rows, runs and rules): once per process,
    and kept beside the PDF as ``parsed_pdf``'s records are, under the parser's code digest
    (the reader is part of the parser's package). Several tests look for the same evidence in
    the same prints; reading them took a fifth of a second each, on every run."""
    kept = _kept(path, "read", ".pickle")
    if kept.exists():
        document: PdfDocument = pickle.loads(kept.read_bytes())
        return document
    document = read_pdf(path)
    _keep(path, "read", ".pickle", pickle.dumps(document, pickle.HIGHEST_PROTOCOL))
    return document


def _kept(path: Path, kind: str, suffix: str) -> Path:
    """Where the ``kind`` (parsed, read) of the print ``path`` is kept, beside it under the
    parser's code digest (``pdfcache.prune`` drops it with the print)."""
    return path.with_name(f"{path.stem}.{kind}-{parser_digest()[:16]}{suffix}")


def _keep(path: Path, kind: str, suffix: str, data: bytes) -> None:
    """``data`` kept as the ``kind`` of the print ``path``, in place of what older parsers
    kept of it."""
    for older in path.parent.glob(f"{glob.escape(path.stem)}.{kind}-*{suffix}"):
        older.unlink(missing_ok=True)
    write_whole(_kept(path, kind, suffix), data)
