"""The timeline's months are kept by a digest of what each shows (``render.fragments``): that
digest is made once a month for both languages, and each language's HTML is still kept apart
and found again only for the month it was rendered for."""

from __future__ import annotations

import dataclasses

import pytest

from briefgen.analysis import analyse
from briefgen.analysis.timeline import Month
from briefgen.cache import Cache
from briefgen.render import fragments
from briefgen.render.fragments import MonthFragments
from conftest import seed_archive


def _months() -> list[Month]:
    months = analyse(seed_archive()).timeline
    assert len(months) > 3 and all(month.events for month in months)
    return months


def _rendered(kept: MonthFragments, months: list[Month], done: list[str]) -> dict[str, str]:
    """Each month's HTML in both languages, as ``language month``; what had to be rendered
    goes to ``done``."""
    found = {}
    for language in ("zh", "en"):
        for month in months:
            name = f"{language} {month.month}"
            found[name] = kept.html(language, month, lambda n=name: done.append(n) or f"<{n}>")
    return found


def test_each_month_is_digested_once_for_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    months = _months()
    digested: list[str] = []
    digest = fragments.digest

    def counted(*parts: object) -> str:
        digested.append(str(parts[1]))
        return digest(*parts)

    monkeypatch.setattr(fragments, "digest", counted)
    rendered: list[str] = []
    kept = MonthFragments(_Memory(), "shared")
    _rendered(kept, months, rendered)
    assert len(rendered) == 2 * len(months)
    assert sorted(digested) == sorted(month.month for month in months)


class _Memory(Cache):
    """A cache held in memory."""

    def __init__(self) -> None:
        super().__init__(None)
        self.root = None
        self.kept: dict[tuple[str, str], bytes] = {}

    def get_bytes(self, namespace: str, entry: str) -> bytes | None:
        return self.kept.get((namespace, entry))

    def put_bytes(self, namespace: str, entry: str, data: bytes) -> None:
        self.kept[(namespace, entry)] = data


def test_each_language_keeps_its_own_html_and_a_changed_month_alone_is_rendered() -> None:
    months = _months()
    memory = _Memory()
    first = MonthFragments(memory, "shared")
    rendered: list[str] = []
    html = _rendered(first, months, rendered)
    first.save()
    assert len(rendered) == 2 * len(months)
    assert html[f"zh {months[0].month}"] != html[f"en {months[0].month}"]

    # The next build: one event's sentence edited in one month.
    event = months[1].events[0]
    edited = dataclasses.replace(event, sentence=event.sentence + "（更正）")
    changed = [*months[:1], Month(months[1].month, [edited, *months[1].events[1:]]), *months[2:]]
    again = MonthFragments(memory, "shared")
    rendered.clear()
    assert _rendered(again, changed, rendered) == html
    assert rendered == [f"zh {months[1].month}", f"en {months[1].month}"]
