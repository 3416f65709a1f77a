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
import hashlib
import hmac
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import aiohttp
from aiohttp import web
from sqlalchemy import create_engine, inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import hostile_bodies as hb  # noqa: E402
from tests.helpers.databases import throwaway_database  # noqa: E402
from tests.standins.loopback import free_port  # noqa: E402
from tests.standins.microsoft import MicrosoftStandIn  # noqa: E402
from tests.standins.slack import SlackWebApi  # noqa: E402

SECRET = "bench-signing-secret"
APP_ID = "11111111-2222-3333-4444-555555555555"
KEY = "bench-secret-key-0123456789abcdef"
FORM, JSON = "application/x-www-form-urlencoded", "application/json"


@dataclass
class Req:
    label: str
    method: str
    path: str
    body: bytes = b""
    headers: dict = field(default_factory=dict)
    valid: bool = False
    server: str = "main"


def sign(body: bytes, ts: int | None = None, secret: str = SECRET) -> dict:
    ts = int(time.time()) if ts is None else ts
    mac = hmac.new(secret.encode(), f"v0:{ts}:".encode() + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={mac}"}


def slack_json(label: str, body: object, valid: bool = False) -> Req:
    raw = json.dumps(body).encode()
    return Req(label, "POST", "/slack/events", raw, {"Content-Type": JSON, **sign(raw)}, valid)


def slack_form(label: str, payload: object | None = None, fields: dict | None = None,
               valid: bool = False) -> Req:
    raw = urlencode(fields if fields is not None else {"payload": json.dumps(payload)}).encode()
    return Req(label, "POST", "/slack/events", raw, {"Content-Type": FORM, **sign(raw)}, valid)


class Requests:
    """Builds the run's requests from the seed (tokens are minted when sent: they expire)."""

    def __init__(self, rng: random.Random, ms: MicrosoftStandIn, respond: str) -> None:
        self.rng, self.ms, self.respond, self.i = rng, ms, respond, 0

    def teams(self, label: str, body: object, valid: bool = False, token: str | None = None,
              content_type: str = JSON) -> Req:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        service = body.get("serviceUrl") if isinstance(body, dict) and \
            isinstance(body.get("serviceUrl"), str) else hb.TEAMS_SERVICE
        auth = token if token is not None else f"Bearer {self.ms.token(service)}"
        return Req(label, "POST", "/api/messages", raw,
                   {"Content-Type": content_type, **({"Authorization": auth} if auth else {})},
                   valid)

    def valid(self) -> Req:
        self.i += 1
        pick = self.rng.randrange(7)
        if pick == 0:
            return slack_json("valid slack message", hb.slack_message(self.i), True)
        if pick == 1:
            return slack_json("valid slack reaction", hb.slack_reaction(self.i), True)
        if pick == 2:
            return slack_form("valid slack /coffee", fields=hb.slack_command(respond=self.respond),
                              valid=True)
        if pick == 3:
            return slack_form("valid slack button", hb.slack_button(respond=self.respond), valid=True)
        if pick == 4:
            return self.teams("valid teams channel message", hb.teams_activity("channel", self.i),
                              True)
        if pick == 5:
            return Req("valid healthz", "GET", "/healthz", valid=True)
        return Req("valid oauth install page", "GET", "/slack/install", valid=True, server="oauth")

    def hostile(self) -> Req:
        self.i += 1
        rng = self.rng
        pick = rng.randrange(20)
        if pick == 0:  # unsigned, forged, stale, non-ASCII signature headers
            raw = json.dumps(hb.slack_message(self.i)).encode()
            headers = rng.choice([{}, sign(raw, secret="wrong"), sign(raw, int(time.time()) - 600),
                                  {"X-Slack-Request-Timestamp": "²", "X-Slack-Signature": "v0=é"},
                                  {**sign(raw), "X-Slack-Signature": "v0=" + "0" * 64},
                                  sign(raw, int(time.time()) + 10**9)])
            return Req("slack bad signature", "POST", "/slack/events", raw,
                       {"Content-Type": JSON, **headers})
        if pick == 1:
            name, ctype, raw = rng.choice(hb.SLACK_FIXED)
            return Req(f"slack fixed: {name}", "POST", "/slack/events", raw,
                       {"Content-Type": ctype, **sign(raw)})
        if pick in (2, 3, 4):
            base = rng.choice([hb.slack_message(self.i), hb.slack_reaction(self.i)])
            return slack_json("slack mutated event", hb.mutate(base, rng))
        if pick == 5:
            return slack_form("slack mutated button", hb.mutate(hb.slack_button(respond=self.respond), rng))
        if pick == 6:
            value = rng.choice(["1:999", "3:99999999999999999999", "0:0", "x", "", "1:-1",
                                f"{rng.randrange(10**6)}:{rng.randrange(10**6)}", "1:1:1"])
            return slack_form("slack button value", hb.slack_button(value, self.respond))
        if pick == 7:
            fields = hb.mutate(hb.slack_command(rng.choice(["help", "join", "x" * 5000, "\x00"]),
                                                  self.respond),
                               rng)
            fields = {k: str(v) for k, v in fields.items()}
            return slack_form("slack mutated /coffee", fields=fields)
        if pick == 8:  # oversized: 600 KB, signed or not
            raw = b'{"a": "' + b"x" * 600_000 + b'"}'
            return Req("slack oversized", "POST", "/slack/events", raw,
                       {"Content-Type": JSON, **(sign(raw) if rng.random() < .5 else {})})
        if pick in (9, 10, 11):
            base = rng.choice([hb.teams_activity("channel", self.i),
                               hb.teams_activity("personal", self.i)])
            return self.teams("teams mutated activity", hb.mutate(base, rng))
        if pick == 12:
            name, body = rng.choice(hb.TEAMS_FIXED)
            return self.teams(f"teams fixed: {name}", body)
        if pick == 13:
            body = hb.teams_activity("channel", self.i)
            token = rng.choice(["", "Bearer", "Bearer garbage", "Basic abc",
                                f"Bearer {self.ms.token(hb.TEAMS_SERVICE, aud='other')}",
                                f"Bearer {self.ms.token(hb.TEAMS_SERVICE, iss='https://evil')}",
                                f"Bearer {self.ms.token('https://evil.example/')}",
                                f"Bearer {self.ms.token(hb.TEAMS_SERVICE, exp=1, nbf=0)}"])
            return self.teams("teams bad token", body, token=token)
        if pick == 14:  # forged serviceUrl, validly authenticated for it
            body = hb.teams_activity(rng.choice(["personal", "channel"]), self.i)
            body["serviceUrl"] = rng.choice(["http://10.255.255.1/", "https://evil.example/",
                                             "https://smba.trafficmanager.net.evil.example/",
                                             "http://smba.trafficmanager.net/emea/", "ftp://x",
                                             "https://127.0.0.1:9/"])
            return self.teams("teams forged serviceUrl", body)
        if pick == 15:
            raw = rng.choice([b"{not json", b"[1]", b"null", b"[" * 5000 + b"]" * 5000, b"\xff",
                              b'{"type": "message"}'])
            return self.teams("teams malformed body", raw,
                              content_type=rng.choice([JSON, "text/plain", FORM]))
        if pick == 16:
            nudge = rng.choice(["1", "0", "-1", "99999999999", "²", "1e3", "%00", "abc",
                                str(rng.randrange(1, 2**31))])
            token = rng.choice(["x", "", "0" * 64, "%00", "a" * 5000, "../../etc"])
            return Req("calendar guess", "GET", f"/calendar/{nudge}/{quote(token)}.ics")
        if pick == 17:
            query = rng.choice(["", "code=x", "code=x&state=y", "state=" + "y" * 3000,
                                "error=access_denied", "code=%00&state=%00", "code[]=1"])
            path = rng.choice(["/slack/oauth_redirect", "/slack/install"])
            return Req("slack oauth", "GET", f"{path}?{query}", server="oauth")
        if pick == 18:  # wrong methods, paths, content types
            method, path = rng.choice([("GET", "/slack/events"), ("GET", "/api/messages"),
                                       ("POST", "/healthz"), ("PUT", "/slack/events"),
                                       ("POST", "/nope"), ("DELETE", "/api/messages"),
                                       ("POST", "/calendar/1/x.ics")])
            return Req("wrong method or path", method, path, b"{}", {"Content-Type": JSON})
        raw = json.dumps(hb.slack_message(self.i)).encode()
        ctype = rng.choice(["text/plain", "multipart/form-data; boundary=x", "", JSON + "x"])
        return Req("slack wrong content type", "POST", "/slack/events", raw,
                   {"Content-Type": ctype, **sign(raw)})


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
