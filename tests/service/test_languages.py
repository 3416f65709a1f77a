"""A person's language through Service.handle on a real store (SQLite and PostgreSQL): the
platform's locale, `language fr|en|auto`, the organisation's default that only managers set,
and the language going with `export` and `forget me` like the rest of their data."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.service.admin import REFUSAL
from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Request

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)


def says(store, user: str, text: str, locale: str = "", managers=frozenset()) -> str:
    service = Service(store, Deployment(managers=managers), now=lambda: NOW)
    return asyncio.run(service.handle(Request(Asker("T1", "slack", user, locale=locale), text)))


def test_a_strangers_french_hello_is_answered_in_french_and_writes_nothing(store):
    assert says(store, "UANA", "bonjour", "fr-FR").startswith("Voici ce que vous pouvez me dire")
    assert store.tenant_names() == []


def test_the_chosen_language_goes_with_export_and_forget_me(store):
    assert says(store, "UANA", "langue fr").startswith("C'est noté")
    assert says(store, "UANA", "status", "en-US").endswith("Langue\u00a0: français")
    exported = store.export_person("T1", "UANA")["person"]
    assert exported["language"] == "fr" and exported["locale"] == "en-US"
    assert says(store, "UANA", "forget me now", "en-US").startswith("C'est fait")
    assert store.export_person("T1", "UANA") is None
    assert store.spoken("T1", "UANA").chosen is None


def test_language_auto_follows_the_platform_again(store):
    says(store, "UANA", "language en", "fr-FR")
    assert says(store, "UANA", "language auto", "fr-FR").endswith("(français).")
    assert says(store, "UANA", "language", "fr-FR").startswith("Je vous écris en français.")


def test_only_a_manager_sets_the_organisations_language_and_a_refusal_writes_nothing(store):
    assert says(store, "UEVE", "admin language fr") == REFUSAL
    assert store.tenant_names() == []
    boss = frozenset({"UBOSS"})
    assert says(store, "UBOSS", "admin language fr", managers=boss).startswith("Done:")
    # the manager chose no language and their platform said none: they read the default too
    assert "langue de l'organisation est le français" in says(store, "UBOSS", "admin langue",
                                                              managers=boss)
    assert says(store, "UANA", "join").startswith("C'est parti")  # no choice, no locale
    assert says(store, "UANA", "status", "en-GB").endswith("Language: English")
    assert says(store, "UBOSS", "admin language de", managers=boss).startswith("Par exemple")
    says(store, "UBOSS", "admin language none", managers=boss)
    assert says(store, "UBEA", "join").startswith("You're in!")
