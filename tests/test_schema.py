"""One schema: what the loader checks is read off the record dataclasses, not written twice."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefgen.archive import SiteSettings, load_settings
from briefgen.errors import RecordError
from briefgen.records import Article, EditorMeta, Footnote, IssueMeta, load_editor_file
from briefgen.schema import FieldSpec, field_specs


def test_specs_follow_the_dataclasses() -> None:
    for record in (Article, IssueMeta, Footnote, EditorMeta, SiteSettings):
        assert list(field_specs(record)) == [f.name for f in dataclasses.fields(record)]
    article = field_specs(Article)
    assert article["id"] == FieldSpec("id", True, False, False)
    assert article["title"] == FieldSpec("str", True, False, False)
    assert article["dates"] == FieldSpec("date", False, False, True)
    assert article["date"] == FieldSpec("date", False, True, False)
    assert article["body"].kind == "long" and article["source_urls"].kind == "url"
    assert article["footnotes"] == FieldSpec("record", False, False, True, Footnote)
    assert field_specs(IssueMeta)["date_inferred"] == FieldSpec("bool", False, False, False)
    assert field_specs(SiteSettings)["base_url"].kind == "web_url"


def test_an_unknown_field_names_every_known_one(tmp_path: Path) -> None:
    path = tmp_path / "meta.yaml"
    path.write_text("publication: 快报\nissue_number: 3\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_editor_file(path, EditorMeta, "metadata")
    known = ", ".join(f.name for f in dataclasses.fields(EditorMeta))
    assert f"{path}:2: metadata: unknown field 'issue_number' (known fields: {known})" == str(
        caught.value
    )


def test_an_empty_setting_takes_its_default(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("title_zh:\nbase_url: https://example.org/a\n", "utf-8")
    settings = load_settings(tmp_path)
    assert settings.title_zh == SiteSettings().title_zh
    assert settings.base_url == "https://example.org/a/"
