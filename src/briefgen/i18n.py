"""Languages of the site: gettext catalogs for UI strings, glossary names, locale dates.

UI strings are written in English in the templates and translated to Chinese through
``locales/zh/LC_MESSAGES/messages.po`` (Babel); the catalog is compiled in memory at build
time, so no compiled .mo file lives in the repository.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from briefgen.errors import RecordError

LOCALES = Path(__file__).resolve().parent / "locales"


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # "zh" or "en"
    html_lang: str  # lang attribute and hreflang
    babel_locale: str
    #: Folder the language's pages live in, relative to the site root ("" or "en/").
    prefix: str

    @property
    def name(self) -> str:
        return {"zh": "中文", "en": "English"}[self.code]


ZH = Language("zh", "zh-CN", "zh_Hans_CN", "")
EN = Language("en", "en", "en_GB", "en/")
LANGUAGES = (ZH, EN)


@cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalog for a language; English is the templates' own language."""
    if code == "en":
        return gettext.NullTranslations()
    po_path = LOCALES / code / "LC_MESSAGES" / "messages.po"
    try:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=code)
    except (OSError, ValueError) as exc:
        raise RecordError(po_path, None, f"cannot read the message catalog: {exc}") from exc
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def long_date(value: dt.date | None, language: Language) -> str:
    """2024年3月15日 / 15 March 2024."""
    if value is None:
        return ""
    return format_date(value, format="long", locale=language.babel_locale)


def month_date(value: dt.date | None, language: Language) -> str:
    """2024年3月 / March 2024."""
    if value is None:
        return ""
    return format_skeleton("yMMMM", value, locale=language.babel_locale)
