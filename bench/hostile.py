"""Never a 5xx, never a write on a refusal: hostile requests against the real `weaktie serve`.

Starts `weaktie serve --no-clock` twice on loopback ports of a fresh database (one Slack workspace
with its bot token + Teams in production mode + calendar links; and Slack OAuth, many
workspaces), with the Slack Web API (tests/standins/slack.py) and Microsoft's OpenID keys and Bot
Connector (tests/standins/microsoft.py) on loopback. Then it sends valid requests (the baseline)
and hostile ones: unsigned, forged, stale, oversized, wrong content types, malformed bodies,
seeded random mutations of the documented shapes (bench/hostile_bodies.py), bad tokens, forged
serviceUrls, calendar guesses. Requests go one at a time; the rows of every table are counted
before and after each, so a refusal (a 4xx) that wrote is caught exactly.

    .venv/bin/python bench/hostile.py [--db URL] [--requests 10000] [--seed 1]

Exit status 1 when any 5xx, traceback or refused write was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
from aiohttp import web
from sqlalchemy import create_engine, inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.hostile_requests import APP_ID, KEY, SECRET, Requests  # noqa: E402
from tests.helpers.databases import throwaway_database  # noqa: E402
from tests.standins.loopback import free_port  # noqa: E402
from tests.standins.microsoft import MicrosoftStandIn  # noqa: E402
from tests.standins.slack import SlackWebApi  # noqa: E402


class Rows:
    """Row counts of every table, in one query."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        names = [t for t in inspect(self.engine).get_table_names() if t != "alembic_version"]
        self.sql = text(" union all ".join(f"select '{t}', count(*) from \"{t}\"" for t in names))

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:
            return dict(conn.execute(self.sql).all())


def fresh_database(db: str | None, folder: Path) -> tuple[str, callable]:
    """A fresh SQLite file, or a throw-away database beside the PostgreSQL one named: its URL
    and what drops it."""
    if not db or not db.startswith("postgresql"):
        return (db or f"sqlite:///{folder / 'hostile.db'}"), lambda: None
    made = throwaway_database(db, "weaktie_hostile")
    return made.__enter__(), lambda: made.__exit__(None, None, None)


def start_server(env: dict, url: str, port: int, log: Path) -> subprocess.Popen:
    weaktie = Path(sys.executable).with_name("weaktie")
    command = [str(weaktie)] if weaktie.exists() else [sys.executable, "-m", "entrypoints.cli"]
    return subprocess.Popen(command + ["serve", "--no-clock", "--db", url, "--port", str(port)],
                            env={**os.environ, **env}, stdout=log.open("w"),
                            stderr=subprocess.STDOUT)


async def wait_up(session: aiohttp.ClientSession, base: str, process) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"weaktie serve exited with {process.returncode}")
        try:
            async with session.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit("weaktie serve did not start")


def p99(values: list[float]) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


async def run(args) -> dict:
    rng = random.Random(args.seed)
    folder = Path(tempfile.mkdtemp(prefix="weaktie-hostile-"))
    url, drop = fresh_database(args.db, folder)
    slack, ms = SlackWebApi(), MicrosoftStandIn(APP_ID)
    runners = []
    for standin in (slack.app, ms.app):
        runner = web.AppRunner(standin, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runners.append((runner, f"http://127.0.0.1:{port}"))
    slack_url, ms_url = runners[0][1], runners[1][1]
    common = {"SLACK_API_URL": f"{slack_url}/api/", "SLACK_SIGNING_SECRET": SECRET,
              "WEAKTIE_SECRET_KEY": KEY, "WEAKTIE_PUBLIC_URL": "http://127.0.0.1",
              "DATABASE_URL": url}
    for name in ("SLACK_BOT_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_APP_TOKEN",
                 "MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD", "WEAKTIE_DEV", "WEAKTIE_PROGRAMS"):
        os.environ.pop(name, None)
    envs = {"main": {**common, "SLACK_BOT_TOKEN": "xoxb-bench", "MICROSOFT_APP_ID": APP_ID,
                     "MICROSOFT_APP_PASSWORD": "pw", "MICROSOFT_APP_TENANT_ID": "TENANT1",
                     "MICROSOFT_OPENID_METADATA_URL": f"{ms_url}/openid"},
            "oauth": {**common, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "cs"}}
    servers, bases, logs = {}, {}, {}
    # one at a time: both migrate the same fresh database at start
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
        try:
            for name, env in envs.items():
                port = free_port()
                logs[name] = folder / f"{name}.log"
                servers[name] = start_server(env, url, port, logs[name])
                bases[name] = f"http://127.0.0.1:{port}"
                await wait_up(session, bases[name], servers[name])
            return await bombard(args, rng, session, bases, Rows(url), ms, logs,
                                 f"{slack_url}/respond")
        finally:
            for process in servers.values():
                process.terminate()
                process.wait(10)
            for runner, _ in runners:
                await runner.cleanup()
            drop()


async def bombard(args, rng, session, bases, rows: Rows, ms, logs, respond: str) -> dict:
    make = Requests(rng, ms, respond)
    statuses: Counter = Counter()
    fives: Counter = Counter()
    refused_rows: Counter = Counter()
    latency = {"valid": [], "hostile": []}
    sample_every = max(1, args.sample)
    for n in range(args.requests):
        req = make.valid() if rng.random() < 0.1 else make.hostile()
        count = n % sample_every == 0
        before = await asyncio.to_thread(rows.counts) if count else None
        start = time.perf_counter()
        try:
            async with session.request(req.method, bases[req.server] + req.path, data=req.body,
                                       headers=req.headers, allow_redirects=False) as response:
                await response.read()
                status = response.status
        except aiohttp.ClientError:
            status = 599  # the connection broke: as bad as a 5xx
        latency["valid" if req.valid else "hostile"].append(time.perf_counter() - start)
        statuses[status // 100] += 1
        if status >= 500:
            fives[f"{status} {req.label}"] += 1
        if count and 400 <= status < 500:
            after = await asyncio.to_thread(rows.counts)
            changed = {t: after[t] - before[t] for t in after if after[t] != before.get(t)}
            if changed:
                refused_rows[f"{req.label} ({status}): {changed}"] += 1
    tracebacks = {}
    for name, path in logs.items():
        lines = path.read_text(errors="replace").splitlines()
        tracebacks[name] = [i for i, line in enumerate(lines) if line.startswith("Traceback")]
    return {"requests": args.requests, "2xx": statuses[2], "3xx": statuses[3], "4xx": statuses[4],
            "5xx": statuses[5], "fives": dict(fives),
            "tracebacks": sum(len(v) for v in tracebacks.values()),
            "refused_rows": sum(refused_rows.values()), "refused_sites": dict(refused_rows),
            "p99_valid_ms": round(p99(latency["valid"]), 1), "valid": len(latency["valid"]),
            "p99_hostile_ms": round(p99(latency["hostile"]), 1),
            "hostile": len(latency["hostile"]),
            "logs": {name: str(path) for name, path in logs.items()}}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file); a PostgreSQL "
                                     "URL gets a fresh database beside the one named")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=int, default=1,
                        help="count rows around every Nth request (default: every one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    # killed, the servers and a PostgreSQL bench database go too (the finally blocks run)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    result = asyncio.run(run(args))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"requests {result['requests']}: 2xx {result['2xx']}, 3xx {result['3xx']}, "
              f"4xx {result['4xx']}, 5xx {result['5xx']}")
        for site, n in sorted(result["fives"].items()):
            print(f"  5xx  {n:5}  {site}")
        print(f"tracebacks in the server logs: {result['tracebacks']} ({result['logs']})")
        print(f"rows written by refused requests: {result['refused_rows']}")
        for site, n in sorted(result["refused_sites"].items()):
            print(f"  rows {n:5}  {site}")
        print(f"p99 latency: hostile {result['p99_hostile_ms']} ms ({result['hostile']} requests)"
              f", valid baseline {result['p99_valid_ms']} ms ({result['valid']} requests)")
    bad = result["5xx"] or result["tracebacks"] or result["refused_rows"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
