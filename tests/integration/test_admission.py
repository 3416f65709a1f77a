"""People of other organisations are stored only where the tenant includes them; someone whose
organisation an event does not tell is kept only if already known as the tenant's own."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.model import Interaction, Observed

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def _seen(*rows, guests=(), unverified=()) -> Observed:
    return Observed(tuple(rows), frozenset(guests), frozenset(unverified))


def _stored(store, tenant="T1"):
    return [(i.actor, i.target, i.kind) for i in store.interactions(tenant)]


def test_a_guests_post_and_mentions_of_them_store_nothing_by_default(store):
    store.record_many([("T1", _seen(("k1", Interaction("UEXT", None, "message", NOW, "C1")),
                                    ("k2", Interaction("UEXT", "UANA", "mention", NOW, "C1")),
                                    guests={"UEXT"})),
                       ("T1", _seen(("k3", Interaction("UANA", "UEXT", "mention", NOW, "C1")),
                                    ("k4", Interaction("UANA", None, "message", NOW, "C1")),
                                    guests={"UEXT"}))], "slack")
    assert _stored(store) == [("UANA", None, "message")]
    assert set(store.people("T1")) == {"UANA"}


def test_a_tenant_that_includes_guests_stores_them_marked_external(store):
    store.set_include_guests("T1", True, "slack")
    store.record_many([("T1", _seen(("k1", Interaction("UEXT", "UANA", "mention", NOW, "C1")),
                                    guests={"UEXT"}))], "slack")
    assert _stored(store) == [("UEXT", "UANA", "mention")]
    assert store.includes_guests("T1")
    assert store.people("T1")["UEXT"].external and not store.people("T1")["UANA"].external


def test_an_unverified_mention_counts_only_for_someone_known_as_our_own(store):
    store.record_many([("T1", _seen(("k0", Interaction("UBEA", None, "message", NOW, "C1"))))],
                      "slack")
    store.record_many([("T1", _seen(("k1", Interaction("UANA", "UBEA", "mention", NOW, "C9")),
                                    ("k2", Interaction("UANA", "UWHO", "mention", NOW, "C9")),
                                    unverified={"UBEA", "UWHO"}))], "slack")
    assert ("UANA", "UBEA", "mention") in _stored(store)
    assert ("UANA", "UWHO", "mention") not in _stored(store)
    assert "UWHO" not in store.people("T1")


def test_channel_names_are_learned_and_renamed_while_ids_stay_the_key(store):
    store.record_many([("T1", _seen(("k0", Interaction("UBEA", None, "message", NOW, "C1"))))],
                      "slack")
    assert store.channel_names("T1") == {"C1": "C1"}  # named by its id until we learn better
    store.name_channels("T1", {"C1": "general", "C2": "coffee"}, "slack")
    store.name_channels("T1", {"C1": "announcements"}, "slack")
    assert store.channel_names("T1") == {"C1": "announcements", "C2": "coffee"}
    assert [i.channel for i in store.interactions("T1")] == ["C1"]


def test_a_reinstall_brings_an_uninstalled_tenant_back(store):
    store.record_many([("T1", _seen(("k0", Interaction("UBEA", None, "message", NOW, "C1"))))],
                      "slack")
    store.mark_uninstalled("T1", NOW)
    store.mark_installed("T1", "slack", NOW)
    assert store.purge_uninstalled(NOW.replace(year=2027)) == []
    assert store.tenant_names() == ["T1"]
