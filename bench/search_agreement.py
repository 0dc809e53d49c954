"""Two search cores over one index, query by query: the same results or where they differ.

Runs ``bench/search_agreement.js`` with each core (a search-core.js: an older one saved from
a site, and the site's own) over the site's index, on many queries: the bench's, every alias
key and alias, alias keys with another word, exclusions and English words; prints how many
queries agree and the first that differ. A check for changes to the ranking code that are
meant to leave every result as it was (hits, order, scores, tiers, counts, partial matches,
terms, the top result told ahead); not a test (it needs a built site, often a large one).

    python bench/search_agreement.py OLD/search-core.js SITE
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from pathlib import Path

from briefgen.search.hashed import read_script

HERE = Path(__file__).resolve().parent
BENCH_QUERIES = ["量子", "光刻机", "先进封装", "HBM", "出口管制", "半导体", "集成电路", "人工智能"]
OTHERS = ["美国", "芯片", "政策", "研究", "中国", "技术", "AI", "chip", "export control", "的"]


def queries(search: Path) -> list[str]:
    """The bench's queries, each alias key and alias, keys with another word or excluding
    one, and some plain words and strings."""
    manifest = read_script(search, "manifest")
    assert isinstance(manifest, dict)
    aliases: dict[str, list[str]] = manifest["words"]["aliases"]
    out = list(BENCH_QUERIES) + OTHERS
    for k, (key, names) in enumerate(sorted(aliases.items())):
        out.append(key)
        out.extend(names[:2])
        other = OTHERS[k % len(OTHERS)]
        out.append(f"{key} {other}")
        out.append(f"{key} -{other}")
        out.append(f'"{key}"')
    seen: set[str] = set()
    return [q for q in out if not (q in seen or seen.add(q))]


def answers(core: Path, search: Path, listed: Path) -> list[dict]:
    done = subprocess.run(
        ["node", str(HERE / "search_agreement.js"), str(core), str(search), str(listed)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="an older search-core.js")
    parser.add_argument("site", type=Path, help="a built site (its own search-core.js: the new)")
    args = parser.parse_args()
    search = args.site / "static" / "search"
    asked = queries(search)
    with tempfile.TemporaryDirectory() as work:
        listed = Path(work) / "queries.json"
        listed.write_text(json.dumps(asked, ensure_ascii=False), encoding="utf-8")
        old = answers(args.old, search, listed)
        new = answers(args.site / "static" / "search-core.js", search, listed)
    differ = [a["query"] for a, b in zip(old, new, strict=True) if a != b]
    hits = sum(len(a["hits"]) + len(a["partial"]) for a in old)
    print(f"{len(asked)} queries, {hits} results: {len(asked) - len(differ)} the same")
    for query in differ[:10]:
        print("  differs:", query)


if __name__ == "__main__":
    main()
