"""Attack: secrets and calendar contents must not leak. Across connect (the OAuth redirect
followed as a browser would), the clock's check and invitation, `export` and `calendar
disconnect`, with every logger at DEBUG: no token, authorization code, state or PKCE verifier
in the logs, the chat or `export`; no event title, place or outside guest (the stand-ins'
CANARY strings) in the logs, the chat or any table of the database."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import sqlalchemy
from aiohttp.test_utils import TestClient, TestServer

from bot.service.handler import Deployment, Service
from bot.service.inbound import Asker, Click
from entrypoints.app import build, senders
from entrypoints.calendars import calendar_setup
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW, a_round, busy_but_a_half_hour, connect
from tests.helpers.calendars import PUBLIC, settings_for
from tests.helpers.dashboard import say
from tests.standins.calendar_oauth import CANARY, CANARY_PERSON, CANARY_PLACE
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi


def _secrets(*standins) -> set[str]:
    found = set()
    for standin in standins:
        for grant in standin.grants.values():
            found |= {grant.refresh_token, *grant.access_tokens}
        for seen in standin.requests:
            if seen.kind == "authorize":
                found.add(seen.query.get("state", ""))
            if seen.kind == "token" and isinstance(seen.body, dict):
                found |= {str(seen.body.get("code") or ""), str(seen.body.get("code_verifier")
                                                                or "")}
    return {s for s in found if len(s) >= 8}


def _database(store) -> str:
    rows = []
    with store.engine.connect() as conn:
        for table in sqlalchemy.inspect(conn).get_table_names():
            rows += [str(r) for r in conn.execute(sqlalchemy.text(f'select * from "{table}"'))]
    return "\n".join(rows)


def test_attack_no_token_code_state_or_event_detail_leaks_anywhere(store, caplog):
    caplog.set_level(logging.DEBUG)
    google = GoogleCalendarStandIn(next_account="ana@acme.example")
    graph = GraphStandIn(next_account="bea@contoso.example")
    fake = SlackWebApi()
    said: list[str] = []

    async def main():
        async with TestServer(fake.app) as api, TestServer(google.app) as g, \
                TestServer(graph.app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                said.append(str(await connect(client, "UANA", "google")))
                said.append(str(await connect(client, "UBEA", "microsoft")))
                ids = a_round(store, None)
                google.busy = {"ana@acme.example": busy_but_a_half_hour()}
                graph.busy = {"bea@contoso.example": busy_but_a_half_hour()}
                setup, send = calendar_setup(settings), senders(store, settings)
                await tick(store, send, NOW, calendars=setup)
                service = Service(store, Deployment(public_url=PUBLIC, secret_key="k" * 32,
                                                    calendars=setup))
                for nudge_id, pair in zip(ids, [("UANA", "UDAN"), ("UBEA", "UCAI")],
                                          strict=True):
                    for who in pair:
                        await service.handle(Click(Asker("T1", "slack", who), f"{nudge_id}:0",
                                                   "accepted"))
                await tick(store, send, NOW + timedelta(minutes=1), calendars=setup)
                for who in ("UANA", "UBEA"):
                    said.append(await say(client, who, "calendar"))
                    said.append(await say(client, who, "export"))
                database = _database(store)
                for who in ("UANA", "UBEA"):
                    said.append(await say(client, who, "calendar disconnect"))
                return database

    database = asyncio.run(main())
    assert google.live_events() and graph.live_events()  # the scenario really ran
    chat = "\n".join(said) + "\n" + "\n".join(str(p) for p in fake.posts)
    # ours: every record but the stand-ins' own access logs (a provider logs its own query)
    # and every level of our loggers, INFO and up of the libraries' (no setting turns a
    # library's DEBUG on; bolt's DEBUG logs whole replies, the connect link among them)
    mine = ("weaktie", "bot", "adapters", "entrypoints", "scheduler")
    ours = [r for r in caplog.records if (r.name != "aiohttp.access"
            or "\"GET /calendar/oauth/" in r.getMessage())
            and (r.levelno >= logging.INFO or r.name.split(".")[0] in mine)]
    logs = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in ours)
    secrets = _secrets(google, graph)
    assert secrets
    assert [s for s in secrets if s in logs] == []
    states = {seen.query.get("state") for standin in (google, graph)
              for seen in standin.seen("authorize")}
    assert [s for s in secrets - states if s in chat] == []  # the link itself holds its state
    assert [s for s in secrets if s in database] == []
    for canary in (CANARY, CANARY_PLACE, CANARY_PERSON):
        assert canary not in logs and canary not in chat and canary not in database
