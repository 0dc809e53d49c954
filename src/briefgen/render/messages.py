"""The UI strings templates show: ``_``, ``gettext`` and ``ngettext`` for one language.

They give what Jinja's i18n extension gives an autoescaped template with ``newstyle=True``
(every template here is HTML): the catalog's message as ``Markup``, always formatted with its
keyword variables (``num`` for ``ngettext``). The extension's own callables reach the
catalog through three context calls a message, some 60 messages a page: a tenth of the
pages' rendering time. These are called directly, and a message without variables is made
once per language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from briefgen.i18n import translations


@dataclass(frozen=True, slots=True)
class TemplateMessages:
    gettext: Callable[..., Markup]
    ngettext: Callable[..., Markup]

    def as_globals(self) -> dict[str, Callable[..., Markup]]:
        return {"_": self.gettext, "gettext": self.gettext, "ngettext": self.ngettext}


@cache
def template_messages(code: str) -> TemplateMessages:
    """The callables for the language ``code`` (its catalog, as ``i18n.translations``)."""
    catalog = translations(code)

    @cache
    def plain(message: str) -> Markup:
        return Markup(catalog.gettext(message)) % {}

    def gettext(message: str, /, **variables: Any) -> Markup:
        if not variables:
            return plain(message)
        return Markup(catalog.gettext(message)) % variables

    def ngettext(singular: str, plural: str, num: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", num)
        return Markup(catalog.ngettext(singular, plural, num)) % variables

    return TemplateMessages(gettext, ngettext)
