"""The clock on a fake time: rounds fall due by cadence in the program's own time zone (across a
daylight-saving change), once, whatever was missed and however many clocks tick."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

from bot.core.programs import Program
from scheduler.clock import clock
from scheduler.jobs import tick
from tests.helpers.weekly import CREATED, organised


def test_a_round_falls_due_once_at_the_latest_missed_time_in_the_programs_zone(store):
    organised(store)
    wednesday = datetime(2026, 10, 21, 12, 0, tzinfo=UTC)  # Mondays 5, 12 and 19 were missed
    first = asyncio.run(tick(store, {}, wednesday))
    again = asyncio.run(tick(store, {}, wednesday + timedelta(minutes=1)))
    assert [when for _, _, when in first.planned] == [datetime(2026, 10, 19, 9, 0, tzinfo=UTC)]
    assert again.planned == []
    assert store.last_due("acme", "coffee") == datetime(2026, 10, 19, 9, 0, tzinfo=UTC)


def test_after_the_clocks_go_back_the_round_is_still_at_ten_local(store):
    organised(store)
    asyncio.run(tick(store, {}, datetime(2026, 10, 21, 12, 0, tzinfo=UTC)))
    later = asyncio.run(tick(store, {}, datetime(2026, 10, 27, 12, 0, tzinfo=UTC)))
    # Lisbon left summer time on 25 October: 10:00 local is 10:00 UTC now, not 09:00.
    assert [when for _, _, when in later.planned] == [datetime(2026, 10, 26, 10, 0, tzinfo=UTC)]


def test_two_clocks_ticking_at_once_plan_one_round(store):
    organised(store)
    now = datetime(2026, 10, 21, 12, 0, tzinfo=UTC)

    async def both():
        return await asyncio.gather(tick(store, {}, now), tick(store, {}, now))

    reports = asyncio.run(both())
    assert sum(len(r.planned) for r in reports) == 1
    assert len({n.round for n in store.nudges("acme")}) == 1


def test_a_program_without_a_cadence_never_runs_by_itself(store):
    organised(store)
    store.save_program("acme", Program(name="coffee"), CREATED)
    assert asyncio.run(tick(store, {}, datetime(2026, 12, 1, tzinfo=UTC))).planned == []


def test_the_heartbeat_is_a_safe_apscheduler_job(store):
    job = clock(store, {}).get_jobs()[0]
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, None)


def test_one_clock_leads_the_other_stands_by_and_takes_over_when_it_goes(store_url):
    from bot.store import Store
    first, second = Store.open(store_url), Store.open(store_url)
    try:
        organised(first)
        now = datetime(2026, 10, 21, 12, 0, tzinfo=UTC)
        led = asyncio.run(tick(first, {}, now))
        stood_by = asyncio.run(tick(second, {}, now))
        assert led.led and led.planned
        assert not stood_by.led and stood_by.planned == []
        first.close()  # the leader goes (as if killed: its session or file lock ends)
        # PostgreSQL drops the lock when it notices the session ended: the standby gets it at
        # one of its next heartbeats (here a few quick ones).
        later = datetime(2026, 10, 27, 12, 0, tzinfo=UTC)
        for _ in range(50):
            took_over = asyncio.run(tick(second, {}, later))
            if took_over.led:
                break
            time.sleep(0.1)
        assert took_over.led and len(took_over.planned) == 1
    finally:
        first.close()
        second.close()
