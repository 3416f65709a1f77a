"""Real `weaktie clock` processes killed with SIGKILL at random points of a round, again and
again, delivering through the real slack_sdk client to a loopback Slack: every nudge reaches
Slack once, none twice, none is resent blindly, and the round is planned once."""

from __future__ import annotations

import random
import time

from bot.store import Store
from tests.helpers.clocks import Clocks, rounds_planned, tally, wait_until_done, workspace
from tests.standins.slack import SlackWebApi

KILLS = 8  # per backend (the multi-clock tests kill four more); a life costs ~2 s of start-up
PEOPLE = 60  # 30 pairs: a round takes several lives of a clock to deliver


def kill_at_random_points(clocks: Clocks, slack: SlackWebApi, rng: random.Random) -> None:
    """Start a clock and SIGKILL it, KILLS times: at a random moment (as it finishes starting,
    plans or delivers), or just as the k-th next request reaches Slack (a request in flight)."""
    for _ in range(KILLS):
        name = clocks.start()
        if rng.random() < 0.5:
            time.sleep(rng.uniform(1.5, 3.5))
        else:
            slack.wait_for_calls(slack.call_count() + rng.randint(1, 12), timeout=8)
            time.sleep(rng.choice([0, 0, rng.uniform(0, 0.15)]))
        clocks.kill(name)


def test_a_clock_killed_again_and_again_delivers_every_nudge_exactly_once(store_url, tmp_path):
    store = Store.open(store_url)
    due = workspace(store, PEOPLE)
    rng = random.Random(20261)
    with SlackWebApi(delay=0.2, seed=7).in_thread() as slack:
        clocks = Clocks(store_url, slack, tmp_path)
        try:
            kill_at_random_points(clocks, slack, rng)
            half_done = [n.state for n in store.nudges("T1")]
            clocks.start("last")
            nudges = wait_until_done(store, clocks)
        finally:
            clocks.stop_all()
        counted = tally(nudges, slack)
    print(f"\n{store.engine.dialect.name}: {counted.line(clocks.kills)}; before the last clock: "
          f"{half_done.count('sent')} sent, {half_done.count('sending')} cut off mid-send; "
          f"resumes that found the post already in Slack: {sum(slack.lookups)} of "
          f"{len(slack.lookups)}")
    assert rounds_planned(store) == [due]
    assert counted.duplicates == [] and counted.lost == [] and counted.mismatched == []
    assert counted.unknown == []  # the stand-in refuses nothing: a failure would be ours
    assert counted.deliveries == counted.nudges == PEOPLE // 2
    store.close()


def test_a_round_that_fell_due_while_everything_was_down_runs_once_after_restart(store_url,
                                                                                  tmp_path):
    store = Store.open(store_url)
    due = workspace(store, 8, missed_days=5)  # five daily times passed with no clock running
    with SlackWebApi().in_thread() as slack:
        clocks = Clocks(store_url, slack, tmp_path)
        try:
            clocks.start()
            nudges = wait_until_done(store, clocks)
            time.sleep(1)  # five more heartbeats: nothing more falls due
        finally:
            clocks.stop_all()
        counted = tally(nudges, slack)
    assert rounds_planned(store) == [due]
    assert counted.deliveries == counted.nudges == 4 and counted.duplicates == []
    store.close()
