"""Delivering a 10,000-person round through Slack's rate limits: how long, and exactly once?

A generated organisation is imported as a Slack tenant and one round is planned into a fresh
store (a temporary SQLite file, or a throw-away PostgreSQL database with `--db`). Its nudges then
go out through the real sender (`slack_sender` with slack_sdk's AsyncWebClient) to a loopback
stand-in for the Slack Web API (`tests/standins/slack.py`, in its own process) that answers 429
with Retry-After beyond 1 message/s per channel and 20 messages/s per workspace. `deliver_due`
is called again and again, as the clock's heartbeat would, until nothing is planned or sending.
The baseline is the floor those limits imply: nudges / 20 per second.

    .venv/bin/python bench/round_delivery.py                     # 10,000 people, SQLite
    .venv/bin/python bench/round_delivery.py --quick             # 400 people
    .venv/bin/python bench/round_delivery.py --flaky 0.01        # 1% of posts drop or fail
    .venv/bin/python bench/round_delivery.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test

Targets: 0 duplicates and 0 lost (the exit status says), total time close to the floor.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.databases import throwaway_database  # noqa: E402
from tests.helpers.delivery import TENANT, deliver_round, plan_round, tally  # noqa: E402
from tests.standins.loopback import free_port  # noqa: E402

# -- the benchmark run: stand-in in its own process, store on SQLite or PostgreSQL ---------------


@contextmanager
def standin(flaky: float):
    """The rate-limited Slack stand-in in a process of its own: its base URL."""
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "tests.standins.slack", "--port", str(port),
                              "--flaky", str(flaky)], cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                time.sleep(0.05)
        yield base
    finally:
        child.terminate()
        child.wait(10)


async def stats(base: str) -> dict:
    async with aiohttp.ClientSession() as session, session.get(f"{base}/_stats") as response:
        return await response.json()


@contextmanager
def fresh_database(db: str | None):
    """A temporary SQLite file, or a throw-away database on the given PostgreSQL server."""
    if not db:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'delivery.db'}", "SQLite"
        return
    with throwaway_database(db, "weaktie_bench") as url:
        yield url, "PostgreSQL"


def run(people: int, db: str | None, flaky: float) -> dict:
    from bot.store import Store
    with fresh_database(db) as (url, backend):
        started = time.perf_counter()
        round_id, now = plan_round(url, people)
        setup_s = time.perf_counter() - started
        store = Store.open(url)
        try:
            with standin(flaky) as base:
                passes, seconds = asyncio.run(deliver_round(store, f"{base}/api/", now))
                seen = asyncio.run(stats(base))
            figures = tally(store.nudges(TENANT, round_id), seen["accepted"])
        finally:
            store.close()
    return {**figures, "backend": backend, "setup_s": setup_s, "passes": passes,
            "seconds": seconds, "requests": seen["requests"], "throttled": seen["throttled"],
            "misbehaved": seen["misbehaved"]}


def report(people: int, flaky: float, got: dict, per_workspace: int = 20) -> None:
    seconds, requests = got["seconds"], sum(got["requests"].values())
    floor = got["nudges"] / per_workspace
    left = {s: c for s, c in got["states"].items() if s != "sent"}
    print(f"\n== {people:,} people, {got['nudges']:,} nudges, {got['backend']} store"
          + (f", {flaky:.1%} of posts dropped or failed" if flaky else ""))
    print(f"   setup (generate, import, plan the round; not measured): {got['setup_s']:.1f} s")
    print(f"   delivery: {seconds:.1f} s in {got['passes']} heartbeat(s)")
    print(f"   floor implied by the limits (nudges / {per_workspace} per s): {floor:.1f} s "
          f"(baseline); delivery took {seconds / floor:.2f}x the floor")
    print(f"   accepted messages/s: {got['accepted'] / seconds:.1f}   "
          f"HTTP requests/s: {requests / seconds:.1f} ({requests:,} requests: "
          + ", ".join(f"{m} {c:,}" for m, c in sorted(got["requests"].items())) + ")")
    print(f"   429s answered: {got['throttled']:,}"
          + (f"   misbehaved on purpose: {got['misbehaved']}" if flaky else ""))
    print(f"   duplicates: {got['duplicates']} (must be 0)   lost: {got['lost']} (must be 0)   "
          f"left unknown/failed/other: {sum(left.values())} {left or ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="400 people")
    parser.add_argument("--db", help="a PostgreSQL server URL; a throw-away database is used")
    parser.add_argument("--flaky", type=float, default=0.0,
                        help="fraction of posts that drop the connection or fail with a 5xx")
    args = parser.parse_args()
    people = 400 if args.quick else args.people
    print(f"weaktie round delivery benchmark (python {sys.version.split()[0]}; Slack stand-in: "
          "1 message/s per channel, 20/s per workspace, 429 + Retry-After beyond)")
    got = run(people, args.db, args.flaky)
    report(people, args.flaky, got)
    if got["duplicates"] or got["lost"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
