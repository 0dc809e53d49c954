"""Templates rendered in ``DirectCalls`` give what Jinja's own context gives: callables that
ask for the context, the evaluation context or the environment still get it, and plain ones
(functions, methods, macros with a caller) get their arguments, keywords named as the
context's own parameters included. No site is built: the pages' own output is checked by the
builds' comparisons with their golden pages."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jinja2 import (
    DictLoader,
    Environment,
    StrictUndefined,
    pass_context,
    pass_environment,
    pass_eval_context,
)
from jinja2.runtime import Context

from briefgen.i18n import LANGUAGES
from briefgen.render.calls import DirectCalls
from briefgen.render.fragments import MonthFragments
from briefgen.render.pages import environment, pages_for, render_page
from conftest import seed_archive

TEMPLATE_FOLDER = Path(__file__).resolve().parent.parent / "templates"

TEMPLATES = {
    "page.html": (
        '{% from "macros.html" import box %}'
        "{{ helper.shout('a<b') }}|{{ plain('x', obj='o', self='s') }}|"
        "{{ who() }}|{{ env_name() }}|{{ eval_auto() }}|"
        "{% for n in [1, 2] %}{% set inner = n * 10 %}{{ looped() }}{% endfor %}|"
        "{% call box('t') %}inside {{ helper.shout('c') }}{% endcall %}|"
        "{{ range(3)|list }}|{{ helper('called') }}"
    ),
    "macros.html": "{% macro box(title) %}[{{ title }}:{{ caller() }}]{% endmacro %}",
}


class Helper:
    def shout(self, text: str) -> str:
        return text.upper()

    def __call__(self, text: str) -> str:
        return f"called with {text}"


def _plain(*args: Any, **kwargs: Any) -> str:
    return f"{args}{sorted(kwargs.items())}"


@pass_context
def _who(context: Context) -> str:
    return f"context {context['marker']}"


@pass_context
def _looped(context: Context) -> str:
    # A context-taking callable inside a loop sees what the loop set.
    return str(context.get("inner"))


@pass_environment
def _env_name(env: Environment) -> str:
    return type(env).__name__


@pass_eval_context
def _eval_auto(eval_ctx: Any) -> str:
    return str(eval_ctx.autoescape)


def _stop() -> str:
    raise StopIteration


def _render(context_class: type[Context] | None) -> str:
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined)
    if context_class is not None:
        env.context_class = context_class
    values = {
        "helper": Helper(),
        "plain": _plain,
        "who": _who,
        "looped": _looped,
        "env_name": _env_name,
        "eval_auto": _eval_auto,
        "stop": _stop,
        "marker": "m",
    }
    template = env.get_template("page.html")
    assert isinstance(template.new_context(values), context_class or Context)
    return template.render(values)


def test_direct_calls_render_as_jinjas_context() -> None:
    direct = _render(DirectCalls)
    assert direct == _render(None)
    assert "A&lt;B" in direct  # a method's result is escaped as before
    assert "('x',)[('obj', 'o'), ('self', 's')]" in direct.replace("&#39;", "'")
    assert "context m" in direct  # the context passed
    assert "Environment|True" in direct
    assert "1020" in direct  # what the loop set, seen by a context-taking callable
    assert "[t:inside C]" in direct
    assert "called with called" in direct


def test_direct_calls_keep_an_undefined_for_a_stopped_callable() -> None:
    env = Environment(undefined=StrictUndefined)
    env.context_class = DirectCalls
    template = env.from_string("{{ stop() }}")
    with pytest.raises(Exception, match="StopIteration"):
        template.render(stop=_stop)


def test_the_site_templates_render_in_direct_calls(tmp_path: Any) -> None:
    assert environment(tmp_path).context_class is DirectCalls


def test_pieces_made_once_are_the_pages_own() -> None:
    """Pages rendered one after another in one run, sharing the header, navigation, footer,
    issue pager and related articles made once (``PageContext.shared``, ``kept``), are the
    pages each renders alone, with nothing kept. The run mixes folders (the root, issues,
    term lists), a page the navigation marks current, an article whose related articles
    are in its own issue and others, and the 404 page, whose links are absolute when the site
    has an address. Renders pages, builds no site: the builds' golden pages check the
    pages themselves."""
    archive = seed_archive()
    with_address = replace(
        archive, settings=replace(archive.settings, base_url="https://example.org/b/")
    )
    pages = {page.path: page for page in pages_for(archive)}
    articles = [p for p in pages.values() if p.template == "article.html"]
    picked = [
        pages["index.html"],
        *articles[:3],
        pages["search.html"],
        *articles[-2:],
        pages[next(p for p in pages if p.startswith("tags/"))],
        pages["issues/index.html"],
        pages["404.html"],
    ]
    assert any(archive.related.get(p.path) for p in picked)
    env = environment(TEMPLATE_FOLDER)
    for site in (archive, with_address):
        run = MonthFragments(None, "every page shares this")
        for page in picked * 2:
            for language in LANGUAGES:
                alone = render_page(env, site, language, page, "2026年1月1日")
                assert render_page(env, site, language, page, "2026年1月1日", run) == alone
        assert run.pieces(site).html  # the run kept pieces
