"""A Microsoft 365 organisation on Teams for the organisation-wide consent tests: the real app
on loopback (botbuilder, development mode so that replies reach the Bot Connector stand-in),
a team whose roster names everyone's UPN, the Graph stand-in as the identity platform and the
calendars, and the admin-consent round trip a browser makes."""

from __future__ import annotations

from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from bot.core.model import Nudge, Person, RoundPlan
from bot.core.plan import find_slots
from bot.core.programs import Program
from bot.service.calendar_organisation import CONSENT_PATH
from entrypoints.app import build
from entrypoints.calendars import calendar_setup
from entrypoints.config import Settings
from tests.helpers.calendar_round import NOW
from tests.helpers.calendars import PUBLIC
from tests.helpers.teams import activity
from tests.standins.calendar_oauth import CLIENT_ID, CLIENT_SECRET
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.microsoft_graph import GraphStandIn

TENANT = "5c1d2a7e-3f4b-4c8d-9e0f-112233445566"  # the Teams tenant is the Entra tenant
PEOPLE = ("boss", "ana", "bea", "cai", "eve")
GUEST = "gus"


def upn(who: str) -> str:
    return f"{who}@contoso.example"


def aad(who: str) -> str:
    """Their Entra object id, as Teams gives it (aadObjectId) and the Graph stand-in's /me."""
    return f"id-{upn(who)}"


def roster() -> list[dict]:
    """The team's members as the paged members API gives them (TeamsChannelAccount), and a
    guest of another organisation, whom the grant must never cover."""
    own = [{"id": f"29:{who}", "name": who.title(), "userPrincipalName": upn(who),
            "tenantId": TENANT, "userRole": "user", "aadObjectId": aad(who)}
           for who in PEOPLE]
    guest = {"id": f"29:{GUEST}", "name": "Gus (Guest)", "userPrincipalName": upn(GUEST),
             "tenantId": "other-tenant", "userRole": "guest", "aadObjectId": "aad-gus"}
    return [*own, guest, {"id": "28:bot", "name": "weaktie"}]


@dataclass
class Organisation:
    client: TestClient
    url: str  # the Bot Connector stand-in's, as each activity's serviceUrl
    connector: MicrosoftStandIn
    graph: GraphStandIn
    settings: Settings

    async def say(self, who: str, text: str, value: dict | None = None) -> str:
        """A personal-chat message from `who` (as Teams posts it); the bot's reply."""
        before = len(self.connector.replies)
        body = activity(self.url, text, "personal", aid=f"m{before}-{who}")
        body["conversation"].update(id=f"a:{who}", tenantId=TENANT)
        body["from"] = {"id": f"29:{who}", "name": who.title(), "aadObjectId": aad(who)}
        if value is not None:
            body["value"] = value
        response = await self.client.post("/api/messages", json=body)
        assert response.status < 300, await response.text()
        assert len(self.connector.replies) == before + 1
        return self.connector.replies[-1]["text"]

    async def install(self) -> None:
        """The app added to the team: its roster makes everyone known, with their UPN."""
        team = {**activity(self.url, "", "channel", aid="install"), "type": "conversationUpdate",
                "membersAdded": [{"id": "28:bot"}],
                "channelData": {"team": {"id": "19:general@thread.tacv2"},
                                "tenant": {"id": TENANT}}}
        team["conversation"]["tenantId"] = TENANT
        team.pop("text")
        assert (await self.client.post("/api/messages", json=team)).status in (200, 201)

    async def consent(self, said: str, **changes: str) -> tuple[int, str]:
        """Follow the admin-consent link of the bot's reply as the administrator's browser
        does, and bring Microsoft's redirect back to our app (its query `changes`d)."""
        link = next(w for w in said.split() if "/v2.0/adminconsent" in w)
        async with aiohttp.ClientSession() as browser, \
                browser.get(link, allow_redirects=False) as page:
            back = urlsplit(page.headers["Location"])
        assert f"{back.scheme}://{back.netloc}{back.path}" == PUBLIC + CONSENT_PATH
        return await self.back(back.query, **changes)

    async def back(self, query: str, **changes: str) -> tuple[int, str]:
        given = dict(parse_qsl(query)) | changes
        page = await self.client.get(f"{CONSENT_PATH}?{urlencode(given)}")
        return page.status, await page.text()

    def setup(self):
        """The clock's calendar setup (its own token cache, as another process has)."""
        return calendar_setup(self.settings)


MANAGERS = frozenset({aad("boss")})  # WEAKTIE_MANAGERS, by Entra object id


@asynccontextmanager
async def organisation(store, graph: GraphStandIn | None = None,
                       managers=MANAGERS, now=lambda: NOW):
    graph = graph or GraphStandIn()
    connector = MicrosoftStandIn(roster=roster())
    async with TestServer(connector.app) as bot, TestServer(graph.app) as m:
        base = str(m.make_url("")).rstrip("/")
        settings = Settings(database_url="unused", dev=True, public_url=PUBLIC,
                            secret_key="k" * 32, microsoft_client_id=CLIENT_ID,
                            microsoft_client_secret=CLIENT_SECRET, microsoft_urls=(base, base),
                            managers=frozenset(managers))
        async with TestClient(TestServer(build(settings, store, now))) as client:
            yield Organisation(client, str(bot.make_url("")).rstrip("/"), connector, graph,
                               settings)


def a_round(store, pairs: list[tuple[str, str]], due: datetime = NOW) -> list[int]:
    """One round of these pairs (ids without "29:"), slots from hours alone, in Lisbon."""
    for who in {w for pair in pairs for w in pair}:
        store.update_person(TENANT, f"29:{who}", "teams", timezone="Europe/Lisbon")
    people = [[Person(f"29:{w}", timezone="Europe/Lisbon") for w in pair] for pair in pairs]
    plan = RoundPlan(tuple(Nudge(tuple(p.id for p in pair), 1.0, ("You both post in #coffee",),
                                 tuple(find_slots(pair, NOW, 5, 30, 3))) for pair in people), ())
    known = {n.id for n in store.nudges(TENANT)}
    store.save_round(TENANT, Program(name="coffee"), due, plan, NOW)
    return sorted(n.id for n in store.nudges(TENANT) if n.id not in known)


def accept(nudge: int, slot: int = 0) -> dict:
    """An Action.Submit of a nudge card's Accept (adapters/teams/render.py)."""
    return {"weaktie": "answer", "value": f"{nudge}:{slot}", "answer": "accepted"}


def busy_all_day_but(start: datetime, minutes: int = 30) -> list[tuple[datetime, datetime]]:
    """Busy for three weeks from `start`'s day, but for `minutes` from `start` each day."""
    day = start.replace(hour=0, minute=0)
    blocks = []
    for d in range(21):
        free = start + timedelta(days=d)
        blocks += [(day + timedelta(days=d), free),
                   (free + timedelta(minutes=minutes), day + timedelta(days=d + 1))]
    return blocks
