"""A French translation is a translation, not the English copied: every message id of the
employee's conversation and of the managers' answers (extracted per file with Babel's own
extractor, as `pybabel extract` reads babel.cfg) reads differently in French, except the few
on a short list that are the same words in both languages (proper nouns, command examples)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po

from bot.service.language import CATALOGS, DOMAIN

ROOT = Path(__file__).parents[2]
SERVICE = ROOT / "bot/service"
FILES = [SERVICE / "conversation.py", SERVICE / "commands.py",
         *sorted(SERVICE.glob("admin*.py"))]
# The same in both languages on purpose: names (none of these files needs one yet).
with open(CATALOGS / "fr" / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
    FRENCH = read_po(po, locale="fr", domain=DOMAIN)
SAME = {"weaktie", "Slack", "Teams"}


def ids_of(path: Path) -> list[tuple[str | None, str | tuple]]:
    """(context, id) of every message the file hands to gettext, ngettext or pgettext."""
    return [(context, message) for _, message, _, context
            in extract_from_file("python", str(path), keywords=DEFAULT_KEYWORDS)]


def french(context, message) -> list[str]:
    """The French catalog's forms of a message id (each plural form for a plural id)."""
    found = FRENCH.get(message, context)
    if found is None or not found.string:
        return []  # no translation: test_translations.py names it
    return list(found.string) if isinstance(found.string, tuple) else [found.string]


def test_the_files_hold_messages():
    assert all(ids_of(path) for path in FILES[:2]) and sum(len(ids_of(p)) for p in FILES) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_message_reads_differently_in_french(path):
    copied = []
    for context, message in ids_of(path):
        english = list(message[:2]) if isinstance(message, tuple) else [message]
        if set(english) <= SAME:
            continue
        for said in french(context, message):
            if said in english:
                copied.append(f"{path.name}: {message!r}")
    assert copied == [], "translate these (docs/languages.md: How a string is translated):\n" + \
        "\n".join(copied)
