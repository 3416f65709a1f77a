"""The languages weaktie speaks: translated texts from the `weaktie` gettext catalogs, dates and
numbers as each language writes them (Babel's CLDR data), and whose language a reply is in.

The French catalog is kept as a `.po` file (bot/locale/fr/LC_MESSAGES/weaktie.po) and compiled
in memory the first time French is asked for, with Babel's own reader and writer: a fresh clone
or `pip install -e .` needs no build step, and no compiled `.mo` can drift from its `.po`.

Call sites write whole sentences with named placeholders, looked up first and filled in after
(`texts.gettext("Noted: you work from {office}.", office=office)`): a translator sees the
sentence and may move `{office}` anywhere; no reply is ever glued from translated pieces.
tests/unit/test_translations.py checks every message id of the source has its translation.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import unicodedata
from datetime import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_datetime, get_timezone_location
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

DOMAIN = "weaktie"
ENGLISH = "en"
LANGUAGES = ("en", "fr")  # the message ids are English; every other language has a catalog
CATALOGS = Path(__file__).parents[1] / "locale"


class Texts:
    """One language's lookups. The method names are gettext's, so Babel's extractor finds the
    message ids (pybabel extract, docs/development.md)."""

    def __init__(self, language: str, catalog: gettext_module.NullTranslations) -> None:
        self.language = language
        self._catalog = catalog
        self.missed = Missed()  # what the catalog had no translation for (English for it)
        if language != ENGLISH:
            catalog.add_fallback(self.missed)

    def gettext(self, message: str, **values: object) -> str:
        return _filled(self._catalog.gettext(message), values)

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The plural form the language's CLDR rule picks for `n` (French: 0 and 1 are
        singular); `{n}` is filled in as the language writes numbers."""
        chosen = self._catalog.ngettext(singular, plural, n)
        return _filled(chosen, {"n": number(n, self.language), **values})

    def pgettext(self, context: str, message: str, **values: object) -> str:
        """A word whose translation depends on where it stands (`context`)."""
        return _filled(self._catalog.pgettext(context, message), values)


class Missed(gettext_module.NullTranslations):
    """The catalog's fallback: a message it lacks is written in English, and noted (a test
    renders every meetup message in French and fails on any noted here)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[tuple[str | None, str]] = set()

    def gettext(self, message):
        self.ids.add((None, message))
        return message

    def ngettext(self, singular, plural, n):
        self.ids.add((None, singular))
        return singular if n == 1 else plural

    def pgettext(self, context, message):
        self.ids.add((context, message))
        return message


def _filled(text: str, values: dict[str, object]) -> str:
    return text.format(**values) if values else text


def texts(language: str | None) -> Texts:
    """The lookups of `language` (English for a language we do not speak)."""
    return _texts(language if language in LANGUAGES else ENGLISH)


@cache
def _texts(language: str) -> Texts:
    if language == ENGLISH:
        return Texts(language, gettext_module.NullTranslations())
    return Texts(language, compiled(language))


def compiled(language: str) -> gettext_module.GNUTranslations:
    """The `.po` catalog of `language`, compiled in memory (what `pybabel compile` writes)."""
    with open(CATALOGS / language / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


# -- whose language a reply is in


def spoken(locale: str | None) -> str | None:
    """The language we speak for a platform's locale ("fr-FR", "fr_CA", "en-US"), or None for
    a locale we do not speak (which then says nothing: the tenant's default applies)."""
    if not isinstance(locale, str) or not locale.strip():
        return None
    language = locale.strip().replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else None


def choose(chosen: str | None, platform_locale: str | None, tenant_default: str | None) -> str:
    """The reader's language: what they chose (`language fr`) wins; then what their platform
    says they read (Slack's user locale, Teams' activity locale); then the language a
    manager set for the organisation (`admin language fr`); English when nothing is known.
    docs/languages.md says why the platform comes before the organisation."""
    for candidate in (chosen, spoken(platform_locale), tenant_default):
        if candidate in LANGUAGES:
            return candidate
    return ENGLISH


def named(language: str, reader: str | None = None) -> str:
    """A language's name as `reader` (by default, the language itself) calls it, from CLDR:
    "français", and "French" for an English reader."""
    return _locale(language).get_language_name(_locale(reader or language).language)


def folded(text: str) -> str:
    """Lower case without accents, so "Résultats", "resultats" and "RÉSULTATS" read alike."""
    parts = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in parts if not unicodedata.combining(c))


# -- dates, times and numbers as each language writes them (CLDR, through Babel)


def day(moment: datetime, language: str, zone: str) -> str:
    """A day as a reader of `language` in `zone` writes it: "Fri 18 Dec" / "ven. 18 déc."."""
    return format_datetime(moment, "EEE d MMM", tzinfo=ZoneInfo(zone), locale=_locale(language))


def day_and_time(moment: datetime, language: str, zone: str) -> str:
    """A moment with its time zone named: "Fri 18 Dec, 10:30 (Paris)"."""
    shown = format_datetime(moment, "EEE d MMM, HH:mm", tzinfo=ZoneInfo(zone),
                            locale=_locale(language))
    return f"{shown} ({zone_name(zone, language)})"


def zone_name(zone: str, language: str) -> str:
    """A time zone by its city, as the language names it ("Lisbonne" in French; "UTC")."""
    return get_timezone_location(ZoneInfo(zone), locale=_locale(language), return_city=True)


def number(value: int | float, language: str) -> str:
    """1234 -> "1,234" / "1 234" (French separates thousands with a narrow space)."""
    return format_decimal(value, locale=_locale(language))


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(language if language in LANGUAGES else ENGLISH)


def percent(value: float, language: str) -> str:
    """A share given in percent (93.1) as the language writes it: "93.1%" / "93,1 %"; one
    decimal at most, as the figures are rounded."""
    share = Decimal(str(round(float(value), 1))).normalize() / 100
    return format_percent(share, locale=_locale(language), decimal_quantization=False)


def date(moment: datetime, language: str, zone: str = "UTC") -> str:
    """A date with its year, as the language writes it: "4 Dec 2026" / "4 déc. 2026"."""
    return format_datetime(moment, "d MMM y", tzinfo=ZoneInfo(zone), locale=_locale(language))
