"""Record files are written by libyaml's emitter where it gives PyYAML's pure-Python bytes.

``briefgen parse`` spent a third of its time in the Python emitter. ``records._dump`` hands
a record file to libyaml when every string in it is text both emitters write alike, and these
tests hold it to that: the same bytes as the Python emitter, on the seeds and on random text.
"""

from __future__ import annotations

import random

import pytest
import yaml

from briefgen import records
from briefgen.records import issue_to_yaml, load_issue
from conftest import BRIEFINGS, SEED_IDS, parsed

pytestmark = pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")


def _python_emitter(data: dict) -> str:
    return yaml.dump(data, Dumper=records._Dumper, **records._DUMP_OPTIONS)


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_seed_record_files_are_written_as_shipped(issue_id: str) -> None:
    """Parsing each seed writes its shipped records.yaml, hand-checked, byte for byte."""
    shipped = (BRIEFINGS / issue_id / "records.yaml").read_text(encoding="utf-8")
    assert issue_to_yaml(parsed(issue_id)) == shipped, issue_id


@pytest.mark.parametrize("issue_id", SEED_IDS)
def test_seed_records_take_the_libyaml_path(issue_id: str, monkeypatch) -> None:
    """The speed-up applies to real records: no seed string sends them to the slow path."""
    monkeypatch.setattr(records, "_Dumper", None)  # the Python emitter would now fail
    issue = load_issue(BRIEFINGS / issue_id / "records.yaml")
    assert issue_to_yaml(issue) == (BRIEFINGS / issue_id / "records.yaml").read_text("utf-8")


#: Pieces of random text: what YAML quotes, folds or escapes, in both emitters' safe range …
_SAFE_PIECES = [
    *"ab 中文，。：\n\t\r-#:'\"|>!&*?{}[],%@`~\\",
    *["\xa0", "\u3000", "\ue000", "\ufffd", "\ufffe", "\uff01", "\ud7ff", "é", "«", "\u200b"],
    *["  ", "\n\n", "\n ", " \n", "yes", "null", "1.5", "0x1F", "~", "---", "...", "- ", ": "],
]
#: … and characters where libyaml's bytes differ, which must send a file to the Python emitter.
_DIFFERING = ["\x85", "\u2028", "\u2029", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x9f"]
_DIFFERING += ["😀", "\U00020000"]  # an emoji and a CJK Extension B ideograph


def _text(rng: random.Random, longest: int) -> str:
    return "".join(
        rng.choice(_DIFFERING) if rng.random() < 0.004 else rng.choice(_SAFE_PIECES)
        for _ in range(rng.randint(0, longest))
    )


def _value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if roll < 0.6 or depth > 2:
        return _text(rng, rng.choice([3, 12, 60, 200]))
    if roll < 0.7:
        return rng.choice([None, True, False, 3, -1, 0])
    if roll < 0.85:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["id", "title", "body", "footnotes", "url"]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randint(0, 3))}


@pytest.mark.slow  # 800 random records, each written twice
def test_random_records_are_written_as_the_python_emitter_writes_them() -> None:
    rng = random.Random(15)
    for case in range(800):
        data = {
            "issue": {"id": _text(rng, 12), "title": _value(rng)},
            "articles": [{"body": _text(rng, 200), "tags": _value(rng)} for _ in range(2)],
        }
        assert records._dump(data) == _python_emitter(data), f"case {case}: {data!r}"


@pytest.mark.parametrize(
    "text",
    [
        # a kept-newlines block ("|+") before the end: libyaml still ends the file with "..."
        "para one\n\npara two\n\n",
        "Ext B ideograph \U00020000 in a name",
        "line\u2028separator",
        "x " * 60_000,  # longer than half the width: folding may differ
    ],
)
def test_text_libyaml_writes_otherwise_goes_to_the_python_emitter(text: str) -> None:
    article = {"id": "a", "title": "t", "body": text, "publisher": "p"}
    data = {"issue": {"id": "x"}, "articles": [article]}
    assert records._dump(data) == _python_emitter(data)
