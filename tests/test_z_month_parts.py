"""A build keys the timeline's months by their events' dates and their articles' parts
(``facts.shown_parts``), not by a digest of every event's sentence and article: a month is
rendered again when, and only when, one of its articles shows otherwise."""

from __future__ import annotations

import dataclasses

from briefgen.analysis import analyse
from briefgen.analysis.timeline import Month
from briefgen.render.facts import shown_parts
from briefgen.render.fragments import MonthFragments
from conftest import parsed, seed_archive
from test_z_month_keys import _Memory, _rendered


def _months_and_parts() -> tuple[list[Month], dict[str, dict[str, str]]]:
    archive = seed_archive()
    months = analyse(archive).timeline
    assert len(months) > 3
    parts = {issue.meta.id: shown_parts(parsed(issue.meta.id)) for issue in archive.issues}
    return months, parts


def test_a_month_is_rendered_again_only_when_one_of_its_articles_shows_otherwise() -> None:
    months, parts = _months_and_parts()
    memory = _Memory()
    first = MonthFragments(memory, "shared", parts)
    rendered: list[str] = []
    html = _rendered(first, months, rendered)
    first.save()
    assert len(rendered) == 2 * len(months)

    # The same parts: every month is taken. An event's sentence is not read, its article's
    # part stands for it (in a build a sentence changes only with its article's record):
    # here a sentence changed alone leaves its month taken.
    event = months[1].events[0]
    copied = dataclasses.replace(event, sentence=f"{event.sentence}（更正）")
    same = [*months[:1], Month(months[1].month, [copied, *months[1].events[1:]]), *months[2:]]
    rendered.clear()
    assert _rendered(MonthFragments(memory, "shared", parts), same, rendered) == html
    assert rendered == []

    # A title fixed by hand changes its article's part: the months holding its events, in
    # both languages, are rendered again, and no other.
    entry = event.entry
    fixed = {issue: dict(found) for issue, found in parts.items()}
    fixed[entry.issue.id][entry.path] = "another digest"
    holding = [m.month for m in months if any(e.entry.path == entry.path for e in m.events)]
    rendered.clear()
    _rendered(MonthFragments(memory, "shared", fixed), months, rendered)
    assert sorted(rendered) == sorted(f"{lang} {m}" for lang in ("zh", "en") for m in holding)
    assert 0 < len(holding) < len(months)


def test_months_keyed_by_parts_are_not_taken_for_months_keyed_without_them() -> None:
    months, parts = _months_and_parts()
    memory = _Memory()
    without = MonthFragments(memory, "shared")
    _rendered(without, months, [])
    without.save()
    rendered: list[str] = []
    _rendered(MonthFragments(memory, "shared", parts), months, rendered)
    assert len(rendered) == 2 * len(months)
