"""Whose language, and how each language writes dates, times, plurals and numbers (Babel)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.service.language import choose, day, day_and_time, named, number, spoken, texts

PAUSED = ("Paused for {n} day, until {day} ({zone}). Say `resume` to come back sooner.",
          "Paused for {n} days, until {day} ({zone}). Say `resume` to come back sooner.")


@pytest.mark.parametrize("chosen, locale, default, expected", [
    ("en", "fr-FR", "fr", "en"),  # their own choice wins
    (None, "fr-FR", "en", "fr"),  # then what their platform says
    (None, "en-US", "fr", "en"),
    (None, "de-DE", "fr", "fr"),  # a locale we do not speak says nothing
    (None, None, "fr", "fr"),  # then the organisation's default
    (None, "", None, "en"),  # English when nothing is known
    ("xx", "zz", "yy", "en"),
])
def test_the_readers_language_follows_choice_then_platform_then_organisation(
        chosen, locale, default, expected):
    assert choose(chosen, locale, default) == expected


@pytest.mark.parametrize("locale, language", [
    ("fr-FR", "fr"), ("fr_CA", "fr"), ("FR", "fr"), ("en-GB", "en"), ("de-DE", None), ("", None),
    (None, None), (42, None)])
def test_a_platform_locale_names_a_language_we_speak_or_none(locale, language):
    assert spoken(locale) == language


def test_a_day_is_written_in_the_readers_language_and_time_zone():
    late = datetime(2026, 12, 18, 23, 30, tzinfo=UTC)
    assert day(late, "en", "UTC") == "Fri 18 Dec"
    assert day(late, "fr", "Europe/Paris") == "sam. 19 déc."  # already Saturday in Paris
    assert day_and_time(late, "fr", "Europe/Lisbon") == "ven. 18 déc., 23:30 (Lisbonne)"
    assert day_and_time(late, "en", "America/New_York") == "Fri 18 Dec, 18:30 (New York)"


@pytest.mark.parametrize("n, english, french", [
    (0, "Paused for 0 days", "En pause pour 0 jour,"),  # French: 0 and 1 take the singular
    (1, "Paused for 1 day", "En pause pour 1 jour,"),
    (14, "Paused for 14 days", "En pause pour 14 jours,"),
])
def test_plurals_follow_each_languages_cldr_rule(n, english, french):
    values = {"day": "d", "zone": "UTC"}
    assert texts("en").ngettext(*PAUSED, n, **values).startswith(english)
    assert texts("fr").ngettext(*PAUSED, n, **values).startswith(french)


def test_numbers_are_written_as_each_language_does_and_unknown_languages_read_english():
    assert number(1234, "en") == "1,234" and number(1234, "fr") == "1\u202f234"
    assert texts("de").language == "en" and texts(None).language == "en"
    assert texts("de").gettext("I store nothing about you.") == "I store nothing about you."
    assert texts("fr").gettext("I store nothing about you.") == "Je ne garde rien sur vous."


def test_a_language_is_named_as_its_reader_calls_it():
    assert named("fr") == "français" and named("fr", "en") == "French"
    assert named("en", "fr") == "anglais" and named("en") == "English"
