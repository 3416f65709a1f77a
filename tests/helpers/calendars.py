"""Driving a calendar provider against its loopback stand-in, over real HTTP: serving the
stand-in on the test's loop, the provider pointed at it, and the OAuth round trip a browser
would make (the authorize page redirects back at once with a code)."""

from __future__ import annotations

import asyncio
import secrets
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import aiohttp
from aiohttp.test_utils import TestServer

from adapters.calendar.google import GoogleCalendar
from adapters.calendar.http import Retry
from adapters.calendar.microsoft import MicrosoftCalendar
from bot.service.calendar_port import Meeting, Tokens
from entrypoints.config import Settings
from tests.helpers.slack import SECRET
from tests.standins.calendar_oauth import CLIENT_ID, CLIENT_SECRET, OAuthCalendarStandIn, s256
from tests.standins.google_calendar import GoogleCalendarStandIn

QUICK = Retry(budget=0.5, base=0.01, timeout=3.0)  # a few quick retries, then give up
REDIRECT = "https://weaktie.example/calendar/oauth/"
FAR = datetime(2030, 1, 1, tzinfo=UTC)


@asynccontextmanager
async def provider_for(standin: OAuthCalendarStandIn, retry: Retry = QUICK, tenant: str = "acme"):
    """The stand-in served on this loop and the matching provider pointed at it."""
    async with TestServer(standin.app) as server:
        base = str(server.make_url("")).rstrip("/")
        if isinstance(standin, GoogleCalendarStandIn):
            yield GoogleCalendar(CLIENT_ID, CLIENT_SECRET, authorize_url=f"{base}/o/oauth2/v2/auth",
                                 token_url=f"{base}/token", api_url=base,
                                 revoke_url=f"{base}/revoke", retry=retry)
        else:
            yield MicrosoftCalendar(CLIENT_ID, CLIENT_SECRET, tenant=tenant, login_url=base,
                                    api_url=base, retry=retry)


async def consent(provider, verifier: str | None = None, challenge_of=s256) -> tuple[str, str, str]:
    """Follow the authorize URL as a browser would: (code, state, verifier)."""
    verifier = verifier or secrets.token_urlsafe(48)
    state = secrets.token_urlsafe(16)
    redirect = REDIRECT + provider.name
    url = provider.authorize_url(state, challenge_of(verifier), redirect)
    async with aiohttp.ClientSession() as session, \
            session.get(url, allow_redirects=False) as answer:
        assert answer.status == 302, answer.status
        back = urlsplit(answer.headers["Location"])
    assert f"{back.scheme}://{back.netloc}{back.path}" == redirect
    query = parse_qs(back.query)
    return query["code"][0], query["state"][0], verifier


async def connect(provider) -> Tokens:
    code, _state, verifier = await consent(provider)
    return await provider.exchange(code, verifier, REDIRECT + provider.name)


def tokens_of(standin: OAuthCalendarStandIn, account: str) -> Tokens:
    access, refresh = standin.grant_for(account)
    return Tokens(access, refresh, FAR, account)


def meeting(key: str = "round-7/group-3", *attendees: str) -> Meeting:
    start = datetime(2026, 12, 8, 10, 0, tzinfo=UTC)
    return Meeting(key=key, start=start, end=start.replace(hour=10, minute=30),
                   title="Coffee with weaktie", location="Café Lisboa, 2nd floor",
                   attendees=attendees or ("ana@acme.example", "bea@acme.example"))


def at(day: int, hour: int, minute: int = 0, zone=UTC) -> datetime:
    """A moment in December 2026 (8 December is a Tuesday)."""
    return datetime(2026, 12, day, hour, minute, tzinfo=zone)


def run(coroutine):
    return asyncio.run(coroutine)


PUBLIC = "https://weaktie.example"


def settings_for(slack: str, google: str, graph: str) -> Settings:
    """`weaktie serve`'s settings for one Slack workspace and both calendar providers, each
    pointed at its loopback stand-in (base URLs without a trailing slash)."""
    return Settings(database_url="unused", slack_signing_secret=SECRET, slack_bot_token="xoxb-test",
                    slack_api_url=slack, public_url=PUBLIC, secret_key="k" * 32,
                    google_client_id=CLIENT_ID, google_client_secret=CLIENT_SECRET,
                    google_urls=(f"{google}/o/oauth2/v2/auth", f"{google}/token", google,
                                 f"{google}/revoke"),
                    microsoft_client_id=CLIENT_ID, microsoft_client_secret=CLIENT_SECRET,
                    microsoft_urls=(graph, graph))
