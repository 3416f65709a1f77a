"""Employees' words in French: each French command reads as its English twin, accents and
capitals optional; `help` / `aide` answers in the reader's language and lists that language's
words; the parser never raises, whatever is typed in either language."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.service.command_words import FRENCH
from bot.service.commands import Command, Reply, connects_calendar, help_text, parse
from bot.service.language import folded, texts

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
FR, EN = texts("fr"), texts("en")

# (French, English): every English word of the parser has its natural French twin
PAIRS = [
    ("rejoindre", "join"), ("participer", "join"), ("quitter", "leave"),
    ("pause 2 semaines", "pause 2w"), ("pause 3 jours", "pause 3d"), ("pause 1 mois", "pause 1m"),
    ("pause 1 jour", "pause 1 day"), ("pause 2 sem", "pause 2 weeks"), ("reprendre", "resume"),
    ("où Lisbon", "where Lisbon"), ("ou New York", "where New York"),
    ("bureau Lisbon", "where Lisbon"),
    ("fuseau Europe/Paris", "tz Europe/Paris"), ("heures 9-17", "hours 9-17"),
    ("heures 8:30-16:30", "hours 8:30-16:30"),
    ("statut", "status"), ("profil", "profile"), ("pourquoi", "why"),
    ("résultats", "outcomes"), ("resultats", "outcomes"), ("mes résultats", "my outcomes"),
    ("calendrier", "calendar"), ("calendrier statut", "calendar status"),
    ("calendrier connecter", "calendar connect"),
    ("calendrier connecter google", "calendar connect google"),
    ("calendrier connecter outlook", "calendar connect outlook"),
    ("calendrier déconnecter", "calendar disconnect"),
    ("exporter", "export"),
    ("oublie-moi", "forget me"), ("oublie moi", "forget me"),
    ("oublie-moi maintenant", "forget me now"), ("oublie moi maintenant", "forget me now"),
    ("aide", "help"), ("bonjour", "hello"), ("salut", "hi"),
    ("langue fr", "language fr"), ("langue anglais", "language en"), ("langue", "language"),
    ("langue auto", "language auto"),
]


@pytest.mark.parametrize("french, english", PAIRS)
@pytest.mark.parametrize("says", [FR, EN], ids=["fr", "en"])
def test_each_french_command_parses_as_its_english_twin(french, english, says):
    assert parse(french, NOW, says) == parse(english, NOW, says)


def test_the_pairs_cover_every_command_and_every_french_word():
    english = {parse(en, NOW).name for _, en in PAIRS if isinstance(parse(en, NOW), Command)}
    assert english == {"join", "leave", "pause", "resume", "where", "tz", "hours", "status",
                       "profile", "why", "outcomes", "calendar", "calendar connect",
                       "calendar disconnect", "export", "forget", "language"}
    covered = {word for word in FRENCH for fr, _ in PAIRS
               if folded(fr) == word or folded(fr).startswith(word + " ")}
    assert covered == set(FRENCH)


@pytest.mark.parametrize("typed", ["RÉSULTATS", "Résultats", "resultats", "MES RESULTATS"])
def test_accents_and_capitals_are_optional(typed):
    assert parse(typed, NOW) == Command("outcomes")


def test_office_names_are_data_kept_as_typed():
    assert parse("Où  Lisboa Centro", NOW) == Command("where", "Lisboa Centro")


def test_french_help_lists_french_words_and_english_help_english_ones():
    french, english = help_text(FR), help_text(EN)
    assert parse("help", NOW, FR) == parse("aide", NOW, FR) == Reply(french)
    assert parse("aide", NOW, EN) == Reply(english)  # the reader's language, not the words'
    listed = re.findall(r"`([^`]+)`", french)
    assert {"rejoindre", "quitter", "reprendre", "statut", "pourquoi", "oublie-moi"} <= set(listed)
    assert "`join`" not in french and "`rejoindre`" not in english
    fragments = {"3 jours", "1 mois", "admin help"}
    for words in set(listed) - fragments:
        assert isinstance(parse(words, NOW, FR), Command) or words == "oublie-moi", words


def test_an_unknown_word_gets_help_in_the_readers_language():
    reply = parse("danser", NOW, FR)
    assert isinstance(reply, Reply) and reply.text.startswith("Désolé, je ne connais pas `danser`")
    assert "`rejoindre`" in reply.text


def test_french_calendar_words_ask_for_the_address_a_connect_link_needs():
    assert connects_calendar("calendrier connecter") and connects_calendar("Calendar connect google")
    assert not connects_calendar("calendrier") and not connects_calendar("calendrier déconnecter")


WORDS = st.sampled_from(sorted({*FRENCH, *(en for _, en in PAIRS), "pause", "langue", "où"}))


@given(st.one_of(st.text(), st.builds(lambda w, rest: f"{w} {rest}", WORDS, st.text())),
       st.sampled_from([FR, EN]))
def test_parse_never_raises_on_any_text_in_either_language(text, says):
    assert isinstance(parse(text, NOW, says), Command | Reply)
