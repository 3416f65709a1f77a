"""Saving the same row from requests at once (a person's two messages, a retried form) never
fails: found by bench/hostile.py on PostgreSQL, where delete-then-insert raced into a 500."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers.concurrency import at_once

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def test_a_persons_conversation_reference_saved_at_once_is_kept_once(store):
    store.update_person("TEN", "29:ana", "teams")
    failures = at_once(lambda i: store.save_reference(
        "TEN", "29:ana", {"conversation": {"id": f"a:{i}"}}, "teams", NOW))
    assert failures == []
    assert store.reference("TEN", "29:ana")["conversation"]["id"].startswith("a:")


def test_a_profile_form_submitted_twice_at_once_keeps_one_list(store):
    store.update_person("T1", "UANA", "slack")
    failures = at_once(lambda i: store.set_do_not_pair("T1", "UANA", ["UBEA", "UCAI"], "slack"))
    assert failures == []
    assert store.person("T1", "UANA").do_not_pair == {"UBEA", "UCAI"}


def test_ids_no_column_can_hold_are_refused_as_bad_input_and_write_nothing(store):
    import pytest

    from bot.core.model import Interaction
    from bot.errors import BadInput
    for tenant, person in [("T\x00", "UANA"), ("T1", "U\x00NUL"), ("T1", ["UANA"]),
                           ("T1", "U" * 300), ("T" * 300, "UANA")]:
        with pytest.raises(BadInput):
            store.update_person(tenant, person, "slack", display_name="x")
        with pytest.raises(BadInput):
            store.record_interactions(tenant, [("k", Interaction(person, None, "message", NOW,
                                                                 "C1"))], "slack")
    with pytest.raises(BadInput):
        store.set_do_not_pair("T1", "UANA", [{"id": 1}, None], "slack")
    assert store.person("T\x00", "UANA") is None and store.person("T1", "U\x00") is None
    assert store.tenant_names() == []
