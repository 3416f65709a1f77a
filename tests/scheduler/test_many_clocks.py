"""Two and three real `weaktie clock` processes against one database at once: one leads (on
PostgreSQL the advisory lock, on SQLite a lock file), the others stand by; the leader killed
mid-round, a standby takes over and finishes the round, and no nudge reaches Slack twice or
not at all."""

from __future__ import annotations

import random
import time

import pytest

from bot.store import Store
from tests.helpers.clocks import (
    Clocks,
    end_session,
    leader,
    leader_session,
    rounds_planned,
    tally,
    wait_until_done,
    workspace,
)
from tests.helpers.databases import empty_tables
from tests.standins.slack import SlackWebApi

PEOPLE = 60


def current_leader(url: str, clocks: Clocks, timeout: float = 20) -> str:
    """The running clock holding the lock, once one does (a new one takes it within a few
    heartbeats of the server noticing the old one's session end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = leader(url, clocks)
        if found in clocks.running:
            return found
        time.sleep(0.05)
    raise AssertionError(f"no clock took the lead in {timeout}s")


@pytest.mark.parametrize("backend, count", [("postgresql", 2), ("postgresql", 3), ("sqlite", 2)])
def test_clocks_at_once_deliver_each_nudge_once_while_the_leader_is_killed_mid_round(
        request, tmp_path, backend, count):
    url = request.getfixturevalue("postgres_url") if backend == "postgresql" \
        else f"sqlite:///{tmp_path / 'weaktie.db'}"
    store = Store.open(url)
    try:
        due = workspace(store, PEOPLE)
        rng = random.Random(count)
        with SlackWebApi(delay=0.2, seed=count).in_thread() as slack:
            clocks = Clocks(url, slack, tmp_path)
            killed = []
            try:
                for _ in range(count):
                    clocks.start()
                for _ in range(count - 1):  # kill each leader but the last, mid-round
                    lead = current_leader(url, clocks)
                    slack.wait_for_calls(slack.call_count() + rng.randint(4, 12), timeout=20)
                    assert len(slack.nudge_posts()) < PEOPLE // 2, "the round ended too soon"
                    clocks.kill(lead)
                    killed.append(lead)
                last = current_leader(url, clocks)
                nudges = wait_until_done(store, clocks)
                crashed = [n for n in clocks.running if not clocks.alive(n)]
            finally:
                clocks.stop_all()
            counted = tally(nudges, slack)
        print(f"\n{count} clocks on {backend}, leaders killed: {killed}, finished by {last}: "
              f"{counted.line(clocks.kills)}")
        assert last not in killed and crashed == []
        assert rounds_planned(store) == [due]
        assert counted.duplicates == [] and counted.lost == [] and counted.mismatched == []
        assert counted.unknown == [] and counted.deliveries == counted.nudges == PEOPLE // 2
    finally:
        store.close()
        if backend == "postgresql":
            empty_tables(url)


def test_a_leader_that_lost_its_session_mid_round_stops_and_nothing_is_sent_twice(
        postgres_url, tmp_path):
    store = Store.open(postgres_url)
    try:
        due = workspace(store, PEOPLE)
        with SlackWebApi(delay=0.2, seed=3).in_thread() as slack:
            clocks = Clocks(postgres_url, slack, tmp_path)
            try:
                clocks.start(), clocks.start()
                first = current_leader(postgres_url, clocks)
                slack.wait_for_calls(slack.call_count() + 8, timeout=20)
                assert len(slack.nudge_posts()) < PEOPLE // 2, "the round ended too soon"
                # The old leader still runs, with sends in flight; the server ended its lock.
                end_session(postgres_url, leader_session(postgres_url)[1])
                nudges = wait_until_done(store, clocks)
                crashed = [n for n in clocks.running if not clocks.alive(n)]
            finally:
                clocks.stop_all()
            counted = tally(nudges, slack)
        print(f"\nleader {first} lost its session mid-round: {counted.line(0)}")
        assert crashed == []
        assert rounds_planned(store) == [due]
        assert counted.duplicates == [] and counted.lost == [] and counted.mismatched == []
        assert counted.unknown == [] and counted.deliveries == counted.nudges == PEOPLE // 2
    finally:
        store.close()
        empty_tables(postgres_url)
