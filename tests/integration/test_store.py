"""The store on SQLite and PostgreSQL: idempotent writes, tenant scoping, rounds, erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from bot.core.model import Interaction, Nudge, Person, RoundPlan, Slot
from bot.core.programs import Program
from bot.store import DuplicateRound, Store, StoreError, UnknownTenant
from bot.store.migrate import MIGRATIONS

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

# the newest migration: a fresh store must stand there
HEAD = ScriptDirectory(str(MIGRATIONS)).get_current_head()


def observed(*rows):
    """(source id, Interaction) pairs from (actor, target, kind, minutes after T0, channel)."""
    return [(f"src{i}", Interaction(a, t, k, T0 + timedelta(minutes=m), c))
            for i, (a, t, k, m, c) in enumerate(rows)]


def sample(store: Store, tenant: str = "acme") -> None:
    people = [Person("ana", name="Ana Ruiz", team="Payments", office="Lisbon",
                     timezone="Europe/Lisbon"), Person("bea", name="Bea Lind")]
    store.import_interactions(tenant, people, observed(
        ("ana", "bea", "reply", 1, "#general"), ("bea", None, "message", 2, "#general"),
        ("cai", "ana", "mention", 3, "#random"), ("bea", "cai", "dm", 4, None)))


def test_interactions_come_back_in_time_order_with_their_metadata(store):
    sample(store)
    got = list(store.interactions("acme"))
    assert [(i.actor, i.target, i.kind, i.channel) for i in got] == [
        ("ana", "bea", "reply", "#general"), ("bea", None, "message", "#general"),
        ("cai", "ana", "mention", "#random"), ("bea", "cai", "dm", None)]
    assert got[0].at == T0 + timedelta(minutes=1)
    assert got[0].at.tzinfo is not None


def test_replayed_source_ids_are_stored_once(store):
    sample(store)
    result = store.import_interactions("acme", [], observed(
        ("ana", "bea", "reply", 1, "#general"), ("ana", "bea", "reply", 99, "#general")))
    assert result.interactions_seen == 2
    assert result.interactions_added == 0
    assert store.interaction_count("acme") == 4


def test_people_seen_only_in_interactions_are_created_and_known_fields_kept(store):
    sample(store)
    people = store.people("acme")
    assert set(people) == {"ana", "bea", "cai"}
    assert people["ana"].office == "Lisbon" and people["ana"].timezone == "Europe/Lisbon"
    assert people["cai"].name == ""


def test_every_read_is_scoped_by_tenant(store):
    sample(store, "acme")
    store.import_interactions("globex", [], observed(("zed", "yan", "reply", 5, None)))
    assert set(store.people("globex")) == {"zed", "yan"}
    assert {i.actor for i in store.interactions("globex")} == {"zed"}
    assert store.interaction_count("acme") == 4


def test_unknown_tenant_is_a_clear_error(store):
    with pytest.raises(UnknownTenant, match="unknown tenant 'nobody'"):
        store.people("nobody")


def test_a_failing_import_writes_nothing(store):
    def rows():
        yield from observed(("ana", "bea", "reply", 1, None))
        raise ValueError("line 3: bad timestamp")

    with pytest.raises(ValueError):
        store.import_interactions("acme", [Person("ana")], rows())
    assert store.tenant_names() == []


def test_interactions_until_excludes_later_ones(store):
    sample(store)
    until = T0 + timedelta(minutes=2)
    assert [i.kind for i in store.interactions("acme", until=until)] == ["reply", "message"]


def plan_for(members):
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    return RoundPlan(nudges=(Nudge(members, 1.5, ("You both know Ana Ruiz",), (slot,), "Café"),),
                     unmatched=("cai",))


def test_a_saved_round_feeds_history_and_left_out(store):
    sample(store)
    store.save_round("acme", Program(), NOW, plan_for(("bea", "cai")), NOW)
    history = store.history("acme", "default")
    assert history.last_paired == {frozenset({"bea", "cai"}): NOW}
    assert history.left_out == frozenset({"cai"})
    [nudge] = store.nudges("acme")
    assert nudge.members == ("bea", "cai") and nudge.place == "Café"


def test_the_same_round_cannot_be_planned_twice(store):
    sample(store)
    store.save_round("acme", Program(), NOW, plan_for(("bea", "cai")), NOW)
    with pytest.raises(DuplicateRound):
        store.save_round("acme", Program(), NOW, plan_for(("ana", "bea")), NOW)
    assert len(store.nudges("acme")) == 1


def test_we_met_feedback_becomes_a_meeting_interaction(store):
    sample(store)
    round_id = store.save_round("acme", Program(), NOW, plan_for(("bea", "cai")), NOW)
    [nudge] = store.nudges("acme", round_id)
    store.record_feedback("acme", nudge.id, "cai", "met", NOW + timedelta(days=2))
    meetings = [i for i in store.interactions("acme") if i.kind == "meeting"]
    assert [(m.actor, m.target) for m in meetings] == [("bea", "cai")]


def test_feedback_from_a_non_member_is_refused(store):
    sample(store)
    store.save_round("acme", Program(), NOW, plan_for(("bea", "cai")), NOW)
    [nudge] = store.nudges("acme")
    with pytest.raises(StoreError, match="not a member"):
        store.record_feedback("acme", nudge.id, "ana", "met", NOW)


def test_forget_me_erases_the_person_their_interactions_and_their_name(store):
    sample(store)
    store.save_round("acme", Program(), NOW, plan_for(("bea", "cai")), NOW)
    assert store.forget_person("acme", "ana") is True
    assert "ana" not in store.people("acme")
    assert all("ana" not in (i.actor, i.target) for i in store.interactions("acme"))
    [nudge] = store.nudges("acme")
    assert nudge.reasons == ("You both know a colleague",)
    assert store.forget_person("acme", "ana") is False


def test_forget_me_removes_the_nudges_the_person_was_in(store):
    sample(store)
    store.save_round("acme", Program(), NOW, plan_for(("bea", "cai")), NOW)
    store.forget_person("acme", "cai")
    assert store.nudges("acme") == []


def test_programs_round_trip_through_the_store(store):
    sample(store)
    program = Program(name="coffee", group_size=3, in_person=True,
                      venues={"Lisbon": ("Café Tati",)})
    store.save_program("acme", program, NOW)
    assert store.program("acme", "coffee") == program
    assert store.program("acme", "missing") is None


def test_opening_migrates_to_the_latest_schema_and_is_repeatable(store_url):
    Store.open(store_url).close()
    store = Store.open(store_url)
    with store.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        version = conn.scalar(text("select version_num from alembic_version"))
    store.close()
    assert {"people", "interactions", "nudges", "feedback"} <= tables
    assert version == HEAD


def test_no_column_can_hold_message_text(store):
    """Privacy by construction: there is nowhere to put what people said."""
    with store.engine.connect() as conn:
        inspector = inspect(conn)
        columns = {c["name"] for t in inspector.get_table_names() for c in inspector.get_columns(t)}
    assert not columns & {"text", "body", "message", "content"}


def test_an_unreachable_database_is_a_clear_error():
    with pytest.raises(StoreError, match="cannot reach database"):
        Store.open("postgresql+psycopg://postgres@127.0.0.1:1/nothing")


def test_a_database_made_by_an_older_version_is_upgraded_keeping_its_rows(store_url):
    from alembic import command
    from sqlalchemy import create_engine

    from bot.store.migrate import alembic_config
    engine = create_engine(store_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(text("insert into tenants (name, platform, created_at) "
                          "values ('old', 'import', '2026-01-01T00:00:00+00:00')"))
    engine.dispose()
    store = Store.open(store_url)
    with store.engine.connect() as conn:
        assert conn.scalar(text("select version_num from alembic_version")) == HEAD
        assert "delivery_ref" in {c["name"] for c in inspect(conn).get_columns("nudges")}
    assert store.tenant_names() == ["old"]
    store.close()
