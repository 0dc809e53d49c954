"""What cite and reuse adds to a build: the dataset, the citation files and the tags on pages.

Times (CPU seconds of this process, so other work on the machine counts less) the two stages
on a parsed archive, a rebuild that reuses every issue's citation files, and the rendering of
the article pages with and without the citation tags and links. Prints; asserts nothing.

    python bench/synthetic.py 2000 /tmp/briefings && briefgen parse /tmp/briefings
    python bench/cite_bench.py /tmp/briefings
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefgen.archive import load_archive  # noqa: E402
from briefgen.i18n import LANGUAGES  # noqa: E402
from briefgen.render import PageReuse, write_citations, write_dataset  # noqa: E402
from briefgen.render.pages import environment, pages_for, render_page  # noqa: E402


def _cpu(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def _render_articles(templates: Path, archive_folder: Path) -> float:
    """CPU seconds to render every article page in both languages with ``templates``."""
    archive = load_archive(archive_folder)
    env = environment(templates)
    articles = [p for p in pages_for(archive) if p.template == "article.html"]

    def render() -> None:
        for language in LANGUAGES:
            for page in articles:
                render_page(env, archive, language, page, "")

    return min(_cpu(render) for _ in range(3))  # the least disturbed of three runs


def _without_citations(templates: Path, into: Path) -> Path:
    """A copy of the templates whose article page has no citation tags or links."""
    shutil.copytree(templates, into)
    article = into / "article.html"
    text = article.read_text(encoding="utf-8")
    start, end = (
        text.index("{% block head %}"),
        text.index("{% endblock %}", text.index("{% block head %}")),
    )
    text = text[:start] + text[end + len("{% endblock %}") :]
    text = "\n".join(line for line in text.split("\n") if "cite-links" not in line)
    article.write_text(text, encoding="utf-8")
    return into


def main(folder: Path) -> None:
    archive = load_archive(folder)
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "first", Path(tmp) / "second"
        dataset = _cpu(lambda: write_dataset(archive, first))
        citations = _cpu(lambda: write_citations(archive, first, PageReuse(first, frozenset())))
        every_issue = frozenset(i.meta.id for i in archive.issues)
        reused = _cpu(lambda: write_citations(archive, second, PageReuse(first, every_issue)))
        files = sum(1 for p in first.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in first.rglob("*") if p.is_file())
        templates = ROOT / "templates"
        with_tags = _render_articles(templates, folder)
        without = _render_articles(_without_citations(templates, Path(tmp) / "t"), folder)
    print(f"{len(archive.entries)} articles, {len(archive.issues)} issues")
    print(f"dataset (JSON Lines + CSV):        {dataset:6.2f} s CPU")
    print(f"citation files, all written:        {citations:6.2f} s CPU")
    print(f"citation files, all reused (links): {reused:6.2f} s CPU")
    print(f"files added: {files}, {size / 1e6:.1f} MB")
    print(
        f"article pages, both languages: {with_tags:6.2f} s CPU with tags and links, "
        f"{without:6.2f} s without ({with_tags - without:+.2f} s)"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
