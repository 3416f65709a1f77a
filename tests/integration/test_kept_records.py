"""The weekly records the clock keeps (bot/service/outcome_records.py): written once per tenant and
week whoever runs it and however often, frozen once final, and still there to give the trend after
the interactions behind them are gone."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import delete, func, select

from bot.core.records import week_of
from bot.service.admin import Gate, handle_admin
from bot.service.clockwork import keep_week
from bot.store import Store
from bot.store.kept_schema import health_snapshots, round_records
from bot.store.schema import interactions
from scheduler.jobs import tick
from tests.helpers.health import NOW as HEALTH_NOW
from tests.helpers.health import org
from tests.helpers.outcomes import NOW, a_round


def admin(store, text: str) -> str:
    return handle_admin(store, "T1", "UBOSS", text, NOW, "slack", Gate(frozenset({"UBOSS"})))


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def test_a_week_is_written_down_once_whoever_and_however_often_it_runs(store, store_url):
    a_round(store, "T1", pairs=12, chat_after=3)
    twin = Store.open(store_url)  # a second clock process on the same database
    try:
        assert keep_week(store, NOW) == ["T1"]
        assert keep_week(twin, NOW + timedelta(hours=1)) == []  # same week: done already
        assert keep_week(store, NOW + timedelta(days=1)) == []
    finally:
        twin.close()
    # one snapshot for the tenant and one for its program, at the week's start; one record
    assert [week for week, _ in store.health_series("T1")] == [week_of(NOW)]
    assert len(store.health_series("T1", "coffee")) == 1
    assert count(store, health_snapshots) == 2
    [(program, _due, final, figures)] = store.round_records("T1")
    assert (program, final) == ("coffee", True)
    assert (figures["groups"], figures["placed"], figures["met"], figures["declined"]) == (12, 24, 6, 6)
    assert figures["lasting"]["met"] == {"groups": 6, "lasted": 6, "people": 12}


def test_a_final_record_is_never_written_over(store):
    a_round(store, "T1", pairs=12, chat_after=3)
    keep_week(store, NOW)
    [(_, _, _, kept)] = store.round_records("T1")
    with store.engine.begin() as conn:
        conn.execute(delete(interactions))  # retention took the raw interactions
    keep_week(store, NOW + timedelta(weeks=1))  # a new week: open rounds only are recomputed
    [(_, _, _, again)] = store.round_records("T1")
    assert again == kept and again["lasting"]["met"]["lasted"] == 6
    assert count(store, round_records) == 1


def test_the_trend_in_chat_comes_from_the_kept_records_after_retention(store):
    a_round(store, "T1", pairs=12, chat_after=3)
    keep_week(store, NOW)
    with store.engine.begin() as conn:
        conn.execute(delete(interactions))
    said = admin(store, "admin outcomes coffee")
    # the live figure has nothing left to read; the kept one still says what the round came to
    assert "Kept records by quarter: still talking after meeting 100%." in said


def test_health_says_how_a_share_moved_since_the_snapshot_kept_a_quarter_ago(store):
    org(store, "T1", 12)  # office share this week: 8.3%
    store.keep_health("T1", "", week_of(HEALTH_NOW - timedelta(weeks=13)),
                      {"across_communities": None, "across_teams": 100.0, "across_offices": 12.5})
    said = handle_admin(store, "T1", "UBOSS", "admin health", HEALTH_NOW, "slack",
                        Gate(frozenset({"UBOSS"})))
    assert ("• with a tie to another community: not shown; team: 100%, about the same as a "
            "quarter ago (100%); office: 8.3%, down from 12.5% a quarter ago") in said


def test_no_kept_snapshot_near_a_quarter_ago_means_no_trend(store):
    org(store, "T1", 12)
    store.keep_health("T1", "", week_of(HEALTH_NOW - timedelta(weeks=30)), {"across_offices": 50.0})
    said = handle_admin(store, "T1", "UBOSS", "admin health", HEALTH_NOW, "slack",
                        Gate(frozenset({"UBOSS"})))
    assert "office: 8.3%\n" in said and "quarter" not in said


def test_the_clock_writes_the_week_down_in_its_tick_once(store):
    a_round(store, "T1", pairs=12, chat_after=3)
    assert asyncio.run(tick(store, {}, NOW)).kept == ["T1"]
    assert asyncio.run(tick(store, {}, NOW + timedelta(minutes=1))).kept == []
    assert len(store.health_series("T1")) == 1
