"""Templates rendered in ``DirectCalls`` give what Jinja's own context gives: callables that
ask for the context, the evaluation context or the environment still get it, and plain ones
(functions, methods, macros with a caller) get their arguments, keywords named as the
context's own parameters included. No site is built: the pages' own output is checked by the
builds' comparisons with their golden pages."""

from __future__ import annotations

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

from briefgen.render.calls import DirectCalls
from briefgen.render.pages import environment

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
