"""Attack: the OAuth return, through the real app over HTTP. A state is spent once even when
its return comes twice at the same moment (SQLite and PostgreSQL), and an `error=` return
spends it too; a link followed by someone else's browser connects the other person's calendar
to the person the link was for (login CSRF: no check binds the two)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from entrypoints.app import build
from tests.helpers.calendars import settings_for
from tests.helpers.dashboard import say
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi


async def _app(store, google, body, slack: SlackWebApi | None = None):
    async with TestServer((slack or SlackWebApi()).app) as api, TestServer(google.app) as g, \
            TestServer(GraphStandIn().app) as m:
        settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                str(m.make_url("")).rstrip("/"))
        async with TestClient(TestServer(build(settings, store))) as client:
            return await body(client)


async def _consented(client, user: str) -> str:
    """`calendar connect google` as `user`, the consent followed: the return's path and query."""
    said = await say(client, user, "calendar connect google")
    link = next(w for w in said.split() if w.startswith("http"))
    async with aiohttp.ClientSession() as browser, \
            browser.get(link, allow_redirects=False) as consent:
        back = urlsplit(consent.headers["Location"])
    return f"{back.path}?{back.query}"


def test_attack_two_returns_with_one_state_at_once_connect_once(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def body(client):
        back = await _consented(client, "UANA")
        pages = await asyncio.gather(*(client.get(back) for _ in range(5)))
        return sorted(p.status for p in pages)

    statuses = asyncio.run(_app(store, google, body))
    assert statuses == [200, 403, 403, 403, 403]
    assert len(google.seen("token")) == 1  # the code was exchanged once
    assert store.calendars("T1", ["UANA"])["UANA"].account == "ana@acme.example"


def test_attack_an_error_return_spends_the_state(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def body(client):
        back = await _consented(client, "UANA")
        state = back.split("state=")[1]
        denied = await client.get(f"/calendar/oauth/google?state={state}&error=access_denied")
        later = await client.get(back)  # the real code, after the error spent the state
        return denied.status, later.status

    assert asyncio.run(_app(store, google, body)) == (400, 403)
    assert store.calendars("T1", ["UANA"]) == {}


def test_attack_a_very_long_unicode_state_and_code_are_a_4xx(store):
    google = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def body(client):
        statuses = []
        for state in ("é" * 4000, "\U0001F600" * 1500, "%ED%A0%80", "\x00" * 10, "a" * 5000):
            page = await client.get("/calendar/oauth/google",
                                    params={"state": state, "code": "ç" * 3000})
            statuses.append(page.status)
        return statuses

    assert all(400 <= s < 500 for s in asyncio.run(_app(store, google, body)))
    assert store.calendars("T1", ["UANA"]) == {}


def test_attack_a_link_followed_by_someone_else_does_not_bind_their_calendar_to_me(store):
    """Mallory says `calendar connect`, sends the link to Victor ("connect your calendar for
    the coffee round!"); Victor signs in at Google with his own account and consents. Victor's
    calendar is now Mallory's on weaktie: his free/busy shapes her slots, and events she
    organises are created in his calendar, with her group as attendees."""
    google = GoogleCalendarStandIn(next_account="mallory@acme.example")

    async def body(client):
        said = await say(client, "UMAL", "calendar connect google")
        link = next(w for w in said.split() if w.startswith("http"))
        google.next_account = "victor@acme.example"  # Victor's browser, Victor's Google session
        async with aiohttp.ClientSession() as browser, \
                browser.get(link, allow_redirects=False) as consent:
            back = urlsplit(consent.headers["Location"])
        return (await client.get(f"{back.path}?{back.query}")).status

    # Slack knows Mallory's work address (users.info, with users:read.email)
    status = asyncio.run(_app(store, google, body,
                              SlackWebApi(emails={"UMAL": "mallory@acme.example"})))
    link = store.calendars("T1", ["UMAL"]).get("UMAL")
    assert link is None or link.account != "victor@acme.example"
    assert status == 403
    assert google.grants and all(g.revoked for g in google.grants.values()), \
        "Victor's grant stayed valid at Google though weaktie keeps nothing of it"
