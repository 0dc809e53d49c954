"""Templates' UI strings: what Jinja's i18n extension (newstyle) gives, for every message of
every catalog, in both languages, faster."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment

from briefgen.i18n import LANGUAGES, LOCALES, translations
from briefgen.render.messages import template_messages


#: A value for each variable a message names: a number for %(x)d, else text to escape.
def _value(name: str, kind: str) -> object:
    return 7 if kind == "d" else f"R&D <{name}>"


def _messages() -> list[str | tuple[str, str]]:
    with (LOCALES / "zh" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh")
    return [message.id for message in catalog if message.id]


def _variables(text: str) -> dict[str, object]:
    return {name: _value(name, kind) for name, kind in re.findall(r"%\((\w+)\)([a-z])", text)}


@pytest.mark.parametrize("language", LANGUAGES, ids=lambda language: language.code)
def test_every_message_reads_as_the_i18n_extension_gives_it(language) -> None:  # type: ignore[no-untyped-def]
    jinja = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    jinja.install_gettext_translations(translations(language.code), newstyle=True)  # type: ignore[attr-defined]
    ours = Environment(autoescape=True)
    ours.globals.update(template_messages(language.code).as_globals())
    messages = _messages()
    assert len(messages) > 50 and any(isinstance(m, tuple) for m in messages)
    plural = "{{ ngettext(s, p, k, **v) }}|{{ ngettext(s, p, 1, **v) }}"
    single = "{{ _(m, **v) }}|{{ gettext(m, **v) }}|{{ _(m, **v) ~ '<' }}"
    theirs = {kind: jinja.from_string(source) for kind, source in (("p", plural), ("s", single))}
    mine = {kind: ours.from_string(source) for kind, source in (("p", plural), ("s", single))}
    checked = 0
    for message in messages:
        if isinstance(message, tuple):
            singular, plural_text = message
            for k in (1, 2, 5):
                values = {"s": singular, "p": plural_text, "k": k}
                values["v"] = _variables(singular + plural_text)
                assert mine["p"].render(values) == theirs["p"].render(values), message
        else:
            values = {"m": message, "v": _variables(message)}
            assert mine["s"].render(values) == theirs["s"].render(values), message
        checked += 1
    assert checked == len(messages)
    if language.code == "zh":
        assert ours.from_string("{{ _('Section') }}").render() != "Section"
