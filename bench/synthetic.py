"""A synthetic archive for benchmarks: the seed articles recombined into many issues.

Each issue takes 15–30 seed articles, shuffles their paragraphs (so texts differ), and gets its
own date, sections and authors; it is written as a hand-typed text source that briefgen parses
like any other. Deterministic for a given seed.

    python bench/synthetic.py 2000 /tmp/briefings
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen.records import Article, load_issue  # noqa: E402

AUTHORS = ["沈湘", "王丽", "于杰平", "黄茹", "张娟", "董金鑫", "袁洁", "李明", "陈静", "刘洋"]


def _paragraphs(article: Article) -> list[str]:
    text = re.sub(r"\[\^\d+\]", "", article.body)
    text = re.sub(r"\\(.)", r"\1", text)
    blocks = [re.sub(r"^(?:> |### )", "", b.strip()).replace("**", "") for b in text.split("\n\n")]
    return [b for b in blocks if b]


def _pool() -> list[Article]:
    return [
        a
        for path in sorted((ROOT / "briefings").glob("*/records.yaml"))
        for a in load_issue(path).articles
    ]


def issue_text(articles: list[Article], rng: random.Random) -> str:
    lines: list[str] = []
    section = None
    for article in sorted(articles, key=lambda a: a.section or ""):
        if article.section != section and article.section:
            section = article.section
            lines += [section, ""]
        paragraphs = _paragraphs(article)
        rng.shuffle(paragraphs)
        authors = rng.sample(AUTHORS, rng.choice((1, 2)))
        title = "".join(f"[{t}]" for t in article.tags) + article.title
        lines += [title, ""]
        for paragraph in paragraphs:
            lines += [paragraph, ""]
        lines += [f"（执笔：{' '.join(authors)}）", ""]
    return "\n".join(lines)


#: The first issue's date; one issue a week after it.
START = dt.date(2015, 1, 8)


def _write_issue(out: Path, number: int, articles: list[Article], rng: random.Random) -> Path:
    """The ``number``-th issue (from 0) of ``articles``, dated ``number`` weeks after
    ``START``: its folder."""
    date = START + dt.timedelta(weeks=number)
    folder = out / f"{date.isoformat()}-synthetic-{number + 1:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "source.txt").write_text(issue_text(articles, rng), encoding="utf-8")
    (folder / "meta.yaml").write_text(
        f"publication: 科技快报\nnumber: '{number % 50 + 1}'\ndate: {date.isoformat()}\n",
        encoding="utf-8",
    )
    return folder


def make_archive(articles: int, out: Path, seed: int = 1) -> Path:
    """Write about ``articles`` articles as issues under ``out``; returns ``out``."""
    rng = random.Random(seed)
    pool = _pool()
    written = 0
    number = 0
    while written < articles:
        size = min(rng.randint(15, 30), articles - written)
        _write_issue(out, number, rng.sample(pool, size), rng)
        written += size
        number += 1
    glossary = ROOT / "briefings" / "glossary.yaml"
    (out / "glossary.yaml").write_text(glossary.read_text(encoding="utf-8"), encoding="utf-8")
    return out


def add_issue(out: Path) -> Path:
    """A new issue under the archive ``make_archive`` wrote in ``out``, a week after its
    newest (what an editor adds each week): its folder. Its articles are drawn with a seed of
    its number, so the issue added after a given archive is always the same."""
    number = len(sorted(out.glob("*-synthetic-*")))
    rng = random.Random(number)
    return _write_issue(out, number, rng.sample(_pool(), rng.randint(15, 30)), rng)


if __name__ == "__main__":
    make_archive(int(sys.argv[1]), Path(sys.argv[2]))
