"""Slack event ingestion: signed events per second into the store, and acknowledgement latency.

`weaktie serve` runs in its own process (SQLite, then PostgreSQL when reachable), beside a bare
slack-bolt app that only acknowledges, measured in the same run. The loopback stand-in
(tests/standins/slack.py) plays the Slack Web API (bolt asks it `auth.test` once). This process
sends signed `message` events over loopback HTTP: first as fast as 32 connections allow
(throughput, p50/p99), then at a steady 200 events/s (p99 there).

    .venv/bin/python bench/ingest.py [--events 3000] [--seconds 10]

Targets: >= 500 events/s, p99 < 100 ms at 200 events/s, >= half the bare app's throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import hmac
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from aiohttp import ClientSession, web

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.helpers.databases import throwaway_database  # noqa: E402
from tests.standins.loopback import free_port  # noqa: E402
from tests.standins.slack import SlackWebApi  # noqa: E402

SECRET = "bench-signing-secret"
POSTGRES = os.environ.get("WEAKTIE_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def bare_server(port: int, api_url: str) -> None:
    """A slack-bolt app that acknowledges every event and stores nothing: the baseline."""
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient
    bolt = AsyncApp(signing_secret=SECRET, process_before_response=True,
                    client=AsyncWebClient(token="xoxb-bench", base_url=api_url))

    @bolt.event("message")
    async def ack_only(ack) -> None:
        await ack()

    async def handle(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.router.add_post("/slack/events", handle)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


def signed_event(i: int) -> tuple[bytes, dict]:
    users = [f"U{n:04d}" for n in range(200)]
    body = json.dumps({
        "type": "event_callback", "team_id": "TBENCH", "api_app_id": "A1",
        "event_id": f"Ev{uuid.uuid4().hex[:16]}", "event_time": int(time.time()),
        "event": {"type": "message", "user": users[i % 200], "text": f"hello <@{users[(i * 7) % 200]}>",
                  "channel": f"C{i % 20}", "channel_type": "channel",
                  "ts": f"{time.time():.6f}", "event_ts": f"{time.time():.6f}"}}).encode()
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return body, {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": f"v0={digest}",
                  "Content-Type": "application/json"}


async def one(session: ClientSession, url: str, i: int) -> float:
    body, headers = signed_event(i)
    started = time.perf_counter()
    async with session.post(url, data=body, headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"status {response.status}: {(await response.text())[:300]}")
    return time.perf_counter() - started


async def flood(url: str, events: int, connections: int = 32) -> tuple[float, list[float]]:
    """Events per second with `connections` in flight, and every request's latency."""
    latencies: list[float] = []
    counter = iter(range(events))
    async with ClientSession() as session:
        async def worker() -> None:
            for i in counter:
                latencies.append(await one(session, url, i))
        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        return events / (time.perf_counter() - started), latencies


async def steady(url: str, rate: float, seconds: float) -> list[float]:
    """Latencies when events arrive at a steady `rate` per second, as Slack would send them."""
    async with ClientSession() as session:
        started, tasks = time.perf_counter(), []
        for i in range(int(rate * seconds)):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(session, url, i)))
        return list(await asyncio.gather(*tasks))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000


async def wait_until_up(port: int, process: subprocess.Popen, errors) -> None:
    async with ClientSession() as session:
        for _ in range(150):
            if process.poll() is not None:
                errors.seek(0)
                raise RuntimeError(f"the server stopped: {errors.read()[-2000:]}")
            try:
                async with session.post(f"http://127.0.0.1:{port}/slack/events", data=b"{}"):
                    return
            except OSError:
                await asyncio.sleep(0.1)
    raise RuntimeError("server did not start")


async def measure(name: str, command: list[str], env: dict, args, api_url: str) -> dict:
    port = free_port()
    full_env = {**os.environ, **env, "SLACK_SIGNING_SECRET": SECRET, "SLACK_BOT_TOKEN": "xoxb-b",
                "SLACK_API_URL": api_url}
    # stderr goes to a file, not a pipe: a full pipe would stall the server mid-benchmark
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen([*command, "--port", str(port)], env=full_env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=errors, text=True)
        try:
            await wait_until_up(port, process, errors)
            url = f"http://127.0.0.1:{port}/slack/events"
            await flood(url, 200)  # warm up: auth.test, connections, caches
            rate, latencies = await flood(url, args.events)
            calm = await steady(url, 200, args.seconds)
            return {"name": name, "rate": rate, "p50": percentile(latencies, 0.5),
                    "p99": percentile(latencies, 0.99), "calm_p99": percentile(calm, 0.99)}
        finally:
            process.terminate()
            process.wait(timeout=10)


async def main(args) -> None:
    api = SlackWebApi(auth={"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "TBENCH"})
    runner = web.AppRunner(api.app)
    await runner.setup()
    api_port = free_port()
    await web.TCPSite(runner, "127.0.0.1", api_port).start()
    api_url = f"http://127.0.0.1:{api_port}/api/"
    serve = [sys.executable, "-m", "entrypoints.cli", "serve"]
    rows = [await measure("bare slack-bolt app (acknowledges only)",
                          [sys.executable, __file__, "--bare"], {}, args, api_url)]
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(await measure("weaktie serve, SQLite", serve,
                                  {"DATABASE_URL": f"sqlite:///{tmp}/ingest.db"}, args, api_url))
    with contextlib.ExitStack() as stack:
        try:
            pg = stack.enter_context(throwaway_database(POSTGRES, "weaktie_bench"))
        except Exception:  # noqa: BLE001 - no server here: the PostgreSQL row is skipped
            pg = None
        if pg:
            rows.append(await measure("weaktie serve, PostgreSQL", serve, {"DATABASE_URL": pg},
                                      args, api_url))
        else:
            print("PostgreSQL not reachable: its row is skipped")
    await runner.cleanup()
    print(f"{'':44}{'events/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'p99 ms at 200/s':>17}")
    for row in rows:
        print(f"{row['name']:<44}{row['rate']:>10.0f}{row['p50']:>9.1f}{row['p99']:>9.1f}"
              f"{row['calm_p99']:>17.1f}")
    bare = rows[0]["rate"]
    for row in rows[1:]:
        print(f"{row['name']}: {row['rate'] / bare:.0%} of the bare app's throughput "
              f"(target >= 50%), {row['rate']:.0f}/s (target >= 500), "
              f"p99 at 200/s {row['calm_p99']:.1f} ms (target < 100)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--bare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parsed = parser.parse_args()
    if parsed.bare:
        bare_server(parsed.port, os.environ["SLACK_API_URL"])
    else:
        asyncio.run(main(parsed))
