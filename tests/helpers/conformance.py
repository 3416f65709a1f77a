"""Replays a conformance fixture through the real app over HTTP on loopback and reads back
what the store holds, in the terms a fixture's `expect` uses.

A fixture (tests/conformance/fixtures/{slack,teams}/*.json) is a case written from the
platform's documentation: `doc` links the page its shape follows, `requests` are what Slack or
Teams would post (in order), `setup` prepares the store the way an earlier install would have,
and `expect` is every row it must leave. What `expect` does not name must be empty: a case that
must store nothing says `"expect": {}`.

Slack requests are signed as Slack signs them and go through slack-bolt (one workspace
installed with a bot token; the Web API is the loopback stand-in of tests/standins). Teams
activities go through botbuilder's CloudAdapter with authentication off (dev mode: the
authenticated path refuses a loopback serviceUrl, and replies and roster calls must reach the
Bot Connector stand-in); tests/adapters/test_teams_tokens.py covers token checks.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import create_engine, select
from sqlalchemy.orm import aliased

from bot.store import Store
from bot.store.schema import channels, interactions, people, teams_places, tenants
from entrypoints.app import build
from entrypoints.config import Settings
from tests.helpers.slack import signed, slack_app
from tests.helpers.teams import mixed_team

FIXTURES = Path(__file__).parents[1] / "conformance" / "fixtures"
# What `expect` may name, each compared whole (absent means: nothing of that kind stored).
EXPECTED = ("tenants", "uninstalled", "interactions", "people", "channels", "places")
FORM = "application/x-www-form-urlencoded"


@dataclass
class Case:
    name: str
    path: Path
    data: dict

    @property
    def pending(self) -> str | None:
        return self.data.get("pending")


def cases(platform: str) -> list[Case]:
    """Every fixture of a platform, checked for the fields the harness needs."""
    found = []
    for path in sorted((FIXTURES / platform).glob("*.json")):
        data = json.loads(path.read_text())
        assert isinstance(data.get("doc"), str) and data["doc"].startswith("https://"), path
        assert isinstance(data.get("requests"), list) and data["requests"], path
        unknown = set(data.get("expect", {})) - set(EXPECTED)
        assert not unknown, f"{path.name}: unknown expect keys {unknown}"
        found.append(Case(path.stem, path, data))
    return found


def _setup(store: Store, setup: dict, platform: str) -> None:
    for tenant in setup.get("include_guests", []):
        store.set_include_guests(tenant, True, platform)
    for tenant, ids in setup.get("known_people", {}).items():
        for person in ids:
            store.update_person(tenant, person, platform)


def _slack_request(request: dict) -> tuple[bytes, dict]:
    """The bytes and headers Slack would send: an event as JSON, an interaction as a form whose
    `payload` holds JSON, a slash command as a plain form; signed over the exact bytes."""
    kind, body = request["kind"], request["body"]
    if kind == "event":
        raw = json.dumps(body).encode()
        return raw, signed(raw)
    if kind == "interactive":
        raw = urlencode({"payload": json.dumps(body)}).encode()
    elif kind == "command":
        raw = urlencode(body).encode()
    else:
        raise AssertionError(f"unknown Slack request kind {kind!r}")
    return raw, {**signed(raw), "Content-Type": FORM}


def _with_service_url(value: Any, url: str) -> Any:
    """The fixture with "{serviceUrl}" replaced by the Bot Connector stand-in's address."""
    if isinstance(value, str):
        return value.replace("{serviceUrl}", url)
    if isinstance(value, list):
        return [_with_service_url(v, url) for v in value]
    if isinstance(value, dict):
        return {k: _with_service_url(v, url) for k, v in value.items()}
    return value


def _status_ok(expected: Any, got: int) -> bool:
    if expected is None:  # the default: accepted (2xx)
        return 200 <= got < 300
    return got == expected


def replay(case: Case, tmp_path: Path, platform: str) -> tuple[list, dict]:
    """Run the case's requests; return [(index, expected status, status, body)] and what the
    store holds."""
    db = tmp_path / f"{platform}.db"
    store = Store.open(f"sqlite:///{db}")
    _setup(store, case.data.get("setup", {}), platform)
    answers: list = []

    async def slack() -> None:
        async with slack_app(store) as (client, _):
            for n, request in enumerate(case.data["requests"]):
                raw, headers = _slack_request(request)
                response = await client.post("/slack/events", data=raw, headers=headers)
                answers.append((n, request.get("status"), response.status,
                                await response.text()))

    async def teams() -> None:
        async with TestServer(mixed_team().app) as connector:
            url = str(connector.make_url("")).rstrip("/")
            async with TestClient(TestServer(build(Settings(database_url="unused", dev=True),
                                                   store))) as client:
                for n, request in enumerate(case.data["requests"]):
                    body = _with_service_url(request["body"], url)
                    response = await client.post("/api/messages", json=body)
                    answers.append((n, request.get("status"), response.status,
                                    await response.text()))

    asyncio.run(slack() if platform == "slack" else teams())
    store.close()
    held = snapshot(db)
    # what people typed must never reach the database (its file, -wal included)
    files = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith(db.name))
    held["leaked"] = sorted(t for t in _typed(case.data["requests"]) if t.encode() in files)
    return answers, held


def _typed(value: Any) -> set[str]:
    """The free text of the requests (every `text`), long enough not to be an id or a word."""
    if isinstance(value, list):
        return set().union(*map(_typed, value)) if value else set()
    if not isinstance(value, dict):
        return set()
    own = {value["text"]} if isinstance(value.get("text"), str) and len(value["text"]) >= 8 else set()
    return own.union(*map(_typed, value.values()))


def snapshot(db: Path) -> dict:
    """What the store holds, read from its tables (not through our store's own readers, so a
    reader's bug cannot hide a row)."""
    engine = create_engine(f"sqlite:///{db}")
    actor, target = aliased(people), aliased(people)
    out: dict = {key: {} for key in ("people", "channels", "places")}
    with engine.connect() as conn:
        names = dict(conn.execute(select(tenants.c.id, tenants.c.name)).all())
        out["tenants"] = sorted(names.values())
        out["uninstalled"] = sorted(conn.execute(
            select(tenants.c.name).where(tenants.c.uninstalled_at.is_not(None))).scalars())
        rows = conn.execute(
            select(tenants.c.name, actor.c.external_id, target.c.external_id,
                   interactions.c.kind, channels.c.external_id)
            .select_from(interactions)
            .join(tenants, tenants.c.id == interactions.c.tenant_id)
            .join(actor, actor.c.id == interactions.c.actor_id)
            .outerjoin(target, target.c.id == interactions.c.target_id)
            .outerjoin(channels, channels.c.id == interactions.c.channel_id)).all()
        out["interactions"] = sorted([list(r) for r in rows], key=lambda r: [str(v) for v in r])
        for row in conn.execute(select(people)):
            out["people"].setdefault(names[row.tenant_id], {})[row.external_id] = {
                "external": row.external, "enrolled": row.enrolled,
                "opted_in": row.joined_at is not None, "name": row.display_name}
        for row in conn.execute(select(channels)):
            out["channels"].setdefault(names[row.tenant_id], {})[row.external_id] = row.name
        for row in conn.execute(select(teams_places)):
            out["places"].setdefault(names[row.tenant_id], {})[row.place] = row.kind
    engine.dispose()
    return out


def compare(case: Case, answers: list, held: dict) -> list[str]:
    """Every way the replay differs from the fixture's expectations (empty: it conforms)."""
    problems = [f"request {n}: status {got} (expected {want or '2xx'}): {text[:200]}"
                for n, want, got, text in answers if not _status_ok(want, got)]
    if held.get("leaked"):
        problems.append(f"typed text stored: {held['leaked']}")
    expect = case.data.get("expect", {})
    for key in EXPECTED:
        want = expect.get(key, [] if key in ("tenants", "uninstalled", "interactions") else {})
        got = held[key]
        if key == "interactions":
            want = sorted([list(r) for r in want], key=lambda r: [str(v) for v in r])
        if key == "people":
            # a fixture names the flags it cares about; the set of people is compared whole
            got = {t: {p: {f: flags[f] for f in want.get(t, {}).get(p, {})} for p, flags in ps.items()}
                   for t, ps in got.items()}
        if key == "channels":
            # a channel the store knows only by id (name "" or its id) is no name learned
            got = {t: {c: n for c, n in cs.items() if n not in ("", c)} for t, cs in got.items()}
            got = {t: cs for t, cs in got.items() if cs}
        if got != want:
            problems.append(f"{key}: stored {json.dumps(got, sort_keys=True)}, "
                            f"expected {json.dumps(want, sort_keys=True)}")
    return problems


def params(platform: str) -> list:
    """One pytest param per fixture of `platform`; a `pending` one must still fail (strict)."""
    return [pytest.param(c, id=c.name, marks=[pytest.mark.xfail(reason=c.pending, strict=True)]
                         if c.pending else []) for c in cases(platform)]


def check(case: Case, tmp_path: Path, platform: str) -> None:
    """Replay the case and assert the store holds exactly what it expects."""
    answers, held = replay(case, tmp_path, platform)
    problems = compare(case, answers, held)
    assert not problems, f"{case.path.name} ({case.data['doc']}):\n" + "\n".join(problems)
