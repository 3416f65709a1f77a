"""The delivery benchmark at tiny scale: the real sender against the rate-limited Slack stand-in
(Slack's limits: 1 message/s a channel, 5 or 20 a workspace) delivers a whole round exactly
once, through 429s, dropped connections and 5xx answers. The benchmark's round (plan, deliver,
tally) is shared through tests/helpers/delivery.py, not imported from bench/."""

from __future__ import annotations

import asyncio
from pathlib import Path

from aiohttp.test_utils import TestServer

from bot.store import Store
from tests.helpers.delivery import TENANT, deliver_round, plan_round, tally
from tests.standins.slack import SlackWebApi


def deliver(tmp_path: Path, standin: SlackWebApi, people: int = 40) -> tuple[int, dict]:
    """Plan a round for `people` and deliver it until nothing is left: heartbeats, tally."""
    url = f"sqlite:///{tmp_path / 'delivery.db'}"
    round_id, now = plan_round(url, people)
    store = Store.open(url)

    async def main() -> int:
        async with TestServer(standin.app) as api:
            passes, _ = await deliver_round(store, str(api.make_url("/api/")), now)
            return passes

    try:
        passes = asyncio.run(main())
        return passes, tally(store.nudges(TENANT, round_id), standin.summary()["accepted"])
    finally:
        store.close()


def test_a_round_over_the_workspace_limit_is_answered_429s_and_still_goes_exactly_once(tmp_path):
    # well under our pace: Slack's own limit must hold us
    standin = SlackWebApi(per_channel=1, per_workspace=5)
    _, got = deliver(tmp_path, standin)
    assert standin.throttled > 0
    # groups of two or three (the round crosses the generated teams): 40 people make 14 to 20
    # nudges, and every one is sent, once
    assert 14 <= got["nudges"] <= 20 and got["states"] == {"sent": got["nudges"]}
    assert (got["duplicates"], got["lost"], got["strays"]) == (0, 0, 0)


def test_dropped_connections_and_5xx_answers_lose_nothing_and_send_nothing_twice(tmp_path):
    standin = SlackWebApi(per_channel=1, per_workspace=20, flaky=0.3)
    passes, got = deliver(tmp_path, standin)
    assert standin.misbehaved["dropped"] and standin.misbehaved["error_after"] and \
        standin.misbehaved["error_before"]
    assert passes > 1 and standin.requests["conversations.history"] > 0  # resumed by looking
    assert got["nudges"] >= 14 and got["states"] == {"sent": got["nudges"]}
    assert (got["duplicates"], got["lost"], got["strays"]) == (0, 0, 0)
