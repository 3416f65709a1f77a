"""Clock leadership on PostgreSQL when the leader's session ends while its process lives on (a
network cut, a database failover, an administrator ending it): the server drops the lock, a
standby takes it, and the old leader must notice rather than lead beside it."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from aiohttp.test_utils import TestServer
from sqlalchemy import create_engine, text

from adapters.slack.send import SlackNudges, nudge_client
from bot.service.delivery import deliver_due
from bot.store import Store
from bot.store.leadership import FENCE_FRESH
from tests.helpers.slack import NOW, planned_store
from tests.standins.slack import SlackWebApi


def end_leader_session(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select pg_terminate_backend(pid) from pg_locks "
                              "where locktype = 'advisory' and granted and database = "
                              "(select oid from pg_database where datname = current_database())"))
    finally:
        engine.dispose()


def leads_soon(store: Store, timeout: float = 10) -> bool:
    """Whether `store` gets the lead within `timeout` (the ended session's server process
    lets go of the lock a moment after it was told to end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if store.lead():
            return True
        time.sleep(0.05)
    return False


def test_a_leader_whose_session_ended_stands_by_once_another_took_the_lead(postgres_url):
    first, second = Store.open(postgres_url), Store.open(postgres_url)
    try:
        assert first.lead() and not second.lead()
        end_leader_session(postgres_url)
        assert leads_soon(second)
        assert not first.lead()  # not two leaders
        assert second.lead()
    finally:
        first.close()
        second.close()


def test_a_leader_whose_session_ended_leads_again_when_nobody_else_took_over(postgres_url):
    first = Store.open(postgres_url)
    try:
        assert first.lead()
        end_leader_session(postgres_url)
        assert leads_soon(first)  # on a fresh session
        assert first.lead()
    finally:
        first.close()


def test_a_leader_that_lets_go_leaves_the_lead_to_a_standby_at_once(postgres_url):
    first, second = Store.open(postgres_url), Store.open(postgres_url)
    try:
        assert first.lead() and not second.lead()
        first.release_leadership()
        assert second.lead()
    finally:
        first.close()
        second.close()


def test_on_one_sqlite_file_one_clock_leads_and_the_other_stands_by_until_it_goes(tmp_path):
    url = f"sqlite:///{tmp_path / 'weaktie.db'}"
    first, second = Store.open(url), Store.open(url)
    try:
        assert first.lead() and not second.lead()  # `serve` and `clock` both started, say
        assert first.lead()
        first.close()  # or killed: the system drops a dead process's file lock
        assert second.lead()
    finally:
        first.close()
        second.close()


def test_a_leader_whose_session_ended_stops_sending_at_once(postgres_url):
    """The fence delivery asks before each send: a session gone mid-round means stop, so the
    standby's resumes never race this process's posts."""
    first = Store.open(postgres_url)
    try:
        assert first.lead() and first.holds_leadership()
        end_leader_session(postgres_url)
        time.sleep(FENCE_FRESH + 0.1)  # past the reuse window of the last check
        assert not first.holds_leadership()
    finally:
        first.close()


def test_a_sender_that_lost_the_lead_sends_nothing(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi()

    async def main():
        async with TestServer(fake.app) as api:
            adapter = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))
            stopped = await deliver_due(store, "slack", adapter, NOW, fence=lambda: False)
            posted_while_stopped = len(fake.posts)
            going = await deliver_due(store, "slack", adapter, NOW, fence=lambda: True)
            return stopped, posted_while_stopped, going

    stopped, posted_while_stopped, going = asyncio.run(main())
    assert stopped.sent == [] and posted_while_stopped == 0
    assert [n.state for n in store.nudges("T1")] == ["sent"] and len(going.sent) == 1
    assert len(fake.posts) == 1  # sent by the sender that still leads, once


def test_a_send_another_process_claimed_is_resumed_only_after_the_lease(tmp_path):
    """A leader that lost its lock may still have posts in flight: the process that takes over
    leaves its claims alone for the lease, then resumes them by looking first."""
    mine = planned_store(tmp_path)
    other = Store.open(str(mine.engine.url))
    try:
        [nudge] = mine.deliverable("slack")
        assert other.move_nudge(nudge.id, "planned", "sending")  # the other process's claim
        assert [n.id for n in other.deliverable("slack")] == [nudge.id]  # its own: at once
        assert mine.deliverable("slack") == []  # someone else's, within the lease: not yet
        mine.claim_lease = timedelta(0)
        [resumed] = mine.deliverable("slack")
        assert resumed.state == "sending" and resumed.claimed_by == other.claimer
    finally:
        other.close()
        mine.close()
