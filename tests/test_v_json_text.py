"""Values of an index file's JSON text found and replaced where they stand (``jsontext``):
what alias bundles patched after one issue changed are made with, checked against decoding
the whole text and encoding it again."""

from __future__ import annotations

import json

import pytest

from briefgen.search.hashed import payload
from briefgen.search.jsontext import JsonShape, object_spans, replaced

#: The shape of an alias bundle file: a key, its terms, counts and places, with a key that
#: needs escapes and a term whose entry is gone (null).
BUNDLE = {
    "出口管制": {
        "counts": {"管": [0, 3, 5, 1]},
        "places": {"出口管制": [2, 1, 40, 7, 2, 17, 3, 9], 'say "hi"\\': []},
        "terms": {"出口": [12, [0, 1, 30], [], [4, 2, 88]], "管制": None, "x": [3, [], [], []]},
    }
}


def test_spans_hold_each_value_as_encoded() -> None:
    text = payload(BUNDLE)
    files, end = object_spans(text)
    assert end == len(text)
    sections = object_spans(text, files["出口管制"][0])[0]
    assert list(sections) == ["counts", "places", "terms"]
    for name, section in BUNDLE["出口管制"].items():
        values = object_spans(text, sections[name][0])[0]
        assert list(values) == sorted(section)
        for key, (start, stop) in values.items():
            assert json.loads(text[start:stop]) == section[key]


def test_replaced_values_equal_the_whole_text_encoded_again() -> None:
    text = payload(BUNDLE)
    files = object_spans(text)[0]
    sections = object_spans(text, files["出口管制"][0])[0]
    places = object_spans(text, sections["places"][0])[0]
    terms = object_spans(text, sections["terms"][0])[0]
    new_places, new_term = [0, 2, 1, 5, 4], [12, [], [9, 9, 9], []]
    edits = [(terms["出口"], payload(new_term)), (places["出口管制"], payload(new_places))]
    changed = json.loads(text)
    changed["出口管制"]["places"]["出口管制"] = new_places
    changed["出口管制"]["terms"]["出口"] = new_term
    assert replaced(text, edits) == payload(changed)
    assert replaced(text, []) == text


@pytest.mark.parametrize("text", ['{"a":"string"}', '{"a":[1,2}', '{"a" [1]}', "[1]"])
def test_another_shape_is_refused(text: str) -> None:
    with pytest.raises(JsonShape):
        object_spans(text)
