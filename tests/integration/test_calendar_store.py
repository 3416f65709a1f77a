"""Calendar connections in the store (SQLite and PostgreSQL): a connect state works once, for
its provider, before it expires; one connection per person, its tokens only as sealed; `forget
me`, `calendar disconnect` and the tenant's purge leave nothing; `export` names the calendar and
never its tokens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.store.kept_schema import calendar_connections, calendar_states

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def test_a_connect_state_is_spent_once_for_its_own_provider_before_it_expires(store):
    store.add_calendar_state("T1", "UANA", "google", "d1", "sealed-verifier", NOW + timedelta(
        minutes=10), "slack")
    assert store.take_calendar_state("d1", "microsoft", NOW) is None  # another provider's answer
    store.add_calendar_state("T1", "UANA", "google", "d2", "v2", NOW + timedelta(minutes=10),
                             "slack")
    found = store.take_calendar_state("d2", "google", NOW)
    assert (found.tenant, found.person, found.sealed_verifier) == ("T1", "UANA", "v2")
    assert store.take_calendar_state("d2", "google", NOW) is None  # replayed callback
    store.add_calendar_state("T1", "UANA", "google", "d3", "v3", NOW + timedelta(minutes=10),
                             "slack")
    assert store.take_calendar_state("d3", "google", NOW + timedelta(minutes=10)) is None
    assert count(store, calendar_states) == 0


def test_one_connection_per_person_refused_once_and_disconnected(store):
    store.add_calendar_state("T1", "UANA", "google", "d1", "v", NOW, "slack")  # makes the person
    store.save_calendar("T1", "UANA", "google", "ana@example.com", "SEALED-1", NOW)
    store.save_calendar("T1", "UANA", "microsoft", "ana@example.org", "SEALED-2", NOW)
    [link] = store.calendars("T1", ["UANA", "UBEA"]).values()
    assert (link.provider, link.account, link.sealed, link.refused_at) == (
        "microsoft", "ana@example.org", "SEALED-2", None)
    assert store.calendar_refused("T1", "UANA", NOW) is True
    assert store.calendar_refused("T1", "UANA", NOW) is False  # told once
    store.reseal_calendar("T1", "UANA", "SEALED-3")
    assert store.calendars("T1", ["UANA"])["UANA"].sealed == "SEALED-3"
    gone = store.remove_calendar("T1", "UANA")
    assert gone.sealed == "SEALED-3" and store.calendars("T1", ["UANA"]) == {}
    assert store.remove_calendar("T1", "UANA") is None


def test_export_names_the_calendar_and_forget_me_erases_it(store):
    store.add_calendar_state("T1", "UANA", "google", "d1", "v", NOW + timedelta(minutes=5),
                             "slack")
    store.save_calendar("T1", "UANA", "google", "ana@example.com", "SEALED-TOKENS", NOW)
    exported = json.dumps(store.export_person("T1", "UANA"))
    assert "ana@example.com" in exported and "SEALED-TOKENS" not in exported
    assert store.forget_person("T1", "UANA")
    assert count(store, calendar_connections) == count(store, calendar_states) == 0
