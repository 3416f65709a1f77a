"""Google Calendar (adapters/calendar/google.py) over HTTP against its loopback stand-in:
OAuth with PKCE, free/busy in UTC holding no event's words, one event however often it is
asked for, and the failures (429, 5xx, dropped connections, revoked grants)."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from adapters.calendar.google import EVENTS_OWNED, FREEBUSY, event_id
from adapters.calendar.http import Retry
from bot.service.calendar_port import CalendarRefused, CalendarUnavailable
from tests.helpers.calendars import REDIRECT, at, connect, consent, meeting, provider_for, run, tokens_of
from tests.standins.calendar_oauth import CANARY, CANARY_PERSON, CANARY_PLACE
from tests.standins.google_calendar import GoogleCalendarStandIn

LISBON, SYDNEY = ZoneInfo("Europe/Lisbon"), ZoneInfo("Australia/Sydney")
DAY = datetime(2026, 12, 8, tzinfo=UTC)


def test_the_authorize_url_asks_for_pkce_s256_offline_access_and_the_least_scopes():
    async def main():
        async with provider_for(GoogleCalendarStandIn()) as google:
            return google.authorize_url("state-1", "challenge-1", REDIRECT + "google")

    url = urlsplit(run(main()))
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert url.path == "/o/oauth2/v2/auth"
    assert query["code_challenge"] == "challenge-1" and query["code_challenge_method"] == "S256"
    assert query["state"] == "state-1" and query["response_type"] == "code"
    assert query["access_type"] == "offline" and query["prompt"] == "consent"
    assert query["redirect_uri"] == REDIRECT + "google"
    assert set(query["scope"].split()) == {"openid", "email", FREEBUSY, EVENTS_OWNED}
    assert FREEBUSY.endswith("/auth/calendar.freebusy")
    assert EVENTS_OWNED.endswith("/auth/calendar.events.owned")


def test_connecting_follows_the_redirect_and_the_token_names_the_primary_calendar():
    standin = GoogleCalendarStandIn(next_account="ana@acme.example")

    async def main():
        async with provider_for(standin) as google:
            code, state, verifier = await consent(google)
            return await google.exchange(code, verifier, REDIRECT + "google"), verifier

    tokens, verifier = run(main())
    assert tokens.account == "ana@acme.example"
    assert tokens.access_token and tokens.refresh_token
    assert tokens.expires_at > datetime.now(UTC) + timedelta(minutes=50)
    (asked,) = standin.seen("token")
    assert asked.body["grant_type"] == "authorization_code"
    assert asked.body["code_verifier"] == verifier
    assert standin.seen("calendars.get") == []  # the id_token named the address


def test_a_wrong_verifier_is_refused():
    standin = GoogleCalendarStandIn()

    async def main():
        async with provider_for(standin) as google:
            code, _state, _verifier = await consent(google)
            await google.exchange(code, "not-the-verifier-" + "x" * 40, REDIRECT + "google")

    with pytest.raises(CalendarRefused):
        run(main())
    assert standin.grants == {}


def test_refresh_gives_a_new_access_token_and_keeps_the_refresh_token():
    standin = GoogleCalendarStandIn()

    async def main():
        async with provider_for(standin) as google:
            tokens = await connect(google)
            return tokens, await google.refresh(tokens)

    tokens, fresh = run(main())
    assert fresh.access_token != tokens.access_token
    assert fresh.refresh_token == tokens.refresh_token  # Google does not send it again
    assert fresh.account == tokens.account == "ana@acme.example"
    assert standin.seen("token")[-1].body["grant_type"] == "refresh_token"


def test_a_revoked_grant_is_refused_on_refresh_and_on_the_api():
    standin = GoogleCalendarStandIn(busy={"ana@acme.example": []})

    async def main():
        async with provider_for(standin) as google:
            tokens = await connect(google)
            await google.revoke(tokens)
            with pytest.raises(CalendarRefused):
                await google.refresh(tokens)
            with pytest.raises(CalendarRefused):
                await google.busy(tokens, ("ana@acme.example",), DAY, DAY + timedelta(days=1))

    run(main())
    assert len(standin.seen("revoke")) == 1
    assert standin.seen("revoke")[0].query == {}  # the token went in the body, not the URL


def test_busy_is_merged_in_utc_and_holds_no_title_place_or_guest(caplog):
    caplog.set_level(logging.DEBUG)
    busy = {"ana@acme.example": [(at(8, 9, 0, LISBON), at(8, 10, 0, LISBON)),
                                 (at(8, 9, 30), at(8, 11)), (at(8, 14), at(8, 15)),
                                 (at(9, 14), at(9, 15))],
            "kai@acme.example": [(at(8, 19, 0, SYDNEY), at(8, 21, 0, SYDNEY))]}
    standin = GoogleCalendarStandIn(busy=busy)
    tokens = tokens_of(standin, "ana@acme.example")

    async def main():
        async with provider_for(standin) as google:
            return await google.busy(tokens, ("ana@acme.example", "kai@acme.example",
                                              "nobody@acme.example"), DAY, DAY + timedelta(days=1))

    found = run(main())
    assert found == {"ana@acme.example": ((at(8, 9), at(8, 11)), (at(8, 14), at(8, 15))),
                     "kai@acme.example": ((at(8, 8), at(8, 10)),)}
    assert all(moment.tzinfo == UTC for blocks in found.values() for block in blocks for moment in block)
    (asked,) = standin.seen("freeBusy")
    assert asked.body["timeMin"] == "2026-12-08T00:00:00Z" and asked.body["timeZone"] == "UTC"
    for secret in (CANARY, CANARY_PLACE, CANARY_PERSON, tokens.access_token, tokens.refresh_token):
        assert secret not in repr(found) and secret not in caplog.text


def test_busy_asks_fifty_calendars_a_call():
    accounts = tuple(f"p{i}@acme.example" for i in range(120))
    standin = GoogleCalendarStandIn(busy={a: [] for a in accounts})

    async def main():
        async with provider_for(standin) as google:
            return await google.busy(tokens_of(standin, accounts[0]), accounts, DAY,
                                     DAY + timedelta(days=5))

    assert set(run(main())) == set(accounts)
    assert [len(s.body["items"]) for s in standin.seen("freeBusy")] == [50, 50, 20]


def test_one_event_however_the_create_is_retried():
    standin = GoogleCalendarStandIn()
    standin.drop("events.insert", after=True)  # stored, then the answer never came
    standin.refuse("events.insert", 1, status=429, retry_after="0")
    tokens = tokens_of(standin, "ana@acme.example")

    async def main():
        async with provider_for(standin) as google:
            first = await google.create_event(tokens, meeting())
            again = await google.create_event(tokens, meeting())  # a crash before our write
            return first, again

    first, again = run(main())
    assert first == again == event_id("round-7/group-3")
    assert len(standin.seen("events.insert")) == 4  # dropped, 409; then 429, 409
    (event,) = standin.live_events()
    assert event["id"] == first and event["organizer"] == "ana@acme.example"
    assert event["sendUpdates"] == "all" and event["location"] == "Café Lisboa, 2nd floor"
    assert [a["email"] for a in event["attendees"]] == ["ana@acme.example", "bea@acme.example"]
    assert event["start"]["dateTime"] == "2026-12-08T10:00:00Z"


def test_a_429_then_success_makes_one_event():
    standin = GoogleCalendarStandIn().refuse("events.insert", 2, status=429, retry_after="0")

    async def main():
        async with provider_for(standin) as google:
            return await google.create_event(tokens_of(standin, "ana@acme.example"), meeting())

    assert run(main()) == event_id("round-7/group-3")
    assert len(standin.live_events()) == 1 and len(standin.seen("events.insert")) == 3


def test_event_ids_are_base32hex_as_google_requires_and_differ_per_key():
    ids = {event_id(f"round-{n}/group-{m}") for n in range(20) for m in range(20)}
    assert len(ids) == 400
    assert all(re.fullmatch(r"[a-v0-9]{5,1024}", found) for found in ids)
    assert event_id("k") == event_id("k")


def test_cancel_deletes_the_event_and_a_gone_one_is_no_error():
    standin = GoogleCalendarStandIn()
    tokens = tokens_of(standin, "ana@acme.example")

    async def main():
        async with provider_for(standin) as google:
            made = await google.create_event(tokens, meeting())
            await google.cancel_event(tokens, made)
            await google.cancel_event(tokens, made)  # 410: already gone
            await google.cancel_event(tokens, "unknown00000")  # 404

    run(main())
    assert standin.live_events() == []
    assert [s.query.get("sendUpdates") for s in standin.seen("events.delete")] == ["all"] * 3


def test_5xx_beyond_the_retries_is_unavailable_and_a_long_retry_after_gives_up_at_once():
    standin = GoogleCalendarStandIn(busy={"ana@acme.example": []})
    standin.refuse("freeBusy", 1000, status=503)
    tokens = tokens_of(standin, "ana@acme.example")

    async def main():
        async with provider_for(standin) as google:
            with pytest.raises(CalendarUnavailable):
                await google.busy(tokens, ("ana@acme.example",), DAY, DAY + timedelta(days=1))
        tried = len(standin.seen("freeBusy"))
        standin.troubles.clear()
        standin.refuse("events.insert", 1, status=429, retry_after="3600")
        async with provider_for(standin) as google:
            with pytest.raises(CalendarUnavailable):
                await google.create_event(tokens, meeting())
        return tried

    assert run(main()) > 2  # it did retry before giving up
    assert len(standin.seen("events.insert")) == 1
    assert standin.live_events() == []


def test_a_dropped_connection_is_retried_and_beyond_the_budget_unavailable():
    standin = GoogleCalendarStandIn(busy={"ana@acme.example": []})
    standin.drop("freeBusy", 1, after=False)
    tokens = tokens_of(standin, "ana@acme.example")

    async def main():
        async with provider_for(standin) as google:
            first = await google.busy(tokens, ("ana@acme.example",), DAY, DAY + timedelta(days=1))
        standin.drop("freeBusy", 1000, after=False)
        async with provider_for(standin, retry=Retry(budget=0.1, base=0.02)) as google:
            with pytest.raises(CalendarUnavailable):
                await google.busy(tokens, ("ana@acme.example",), DAY, DAY + timedelta(days=1))
        return first

    assert run(main()) == {"ana@acme.example": ()}


def test_googles_403_rate_limit_is_retried_like_a_429():
    standin = GoogleCalendarStandIn(busy={"ana@acme.example": [(at(8, 9), at(8, 10))]})
    standin.refuse("freeBusy", 2, status=403, retry_after=None)

    async def main():
        async with provider_for(standin) as google:
            return await google.busy(tokens_of(standin, "ana@acme.example"), ("ana@acme.example",),
                                     DAY, DAY + timedelta(days=1))

    assert run(main()) == {"ana@acme.example": ((at(8, 9), at(8, 10)),)}
    assert len(standin.seen("freeBusy")) == 3


def test_moving_the_event_patches_the_same_one_and_tells_the_attendees():
    standin = GoogleCalendarStandIn()
    tokens = tokens_of(standin, "ana@acme.example")
    later = meeting("round-7/group-3", "ana@acme.example", "cy@acme.example")
    later = type(later)(later.key, at(9, 15), at(9, 15, 30), later.title, "Roof terrace",
                        later.attendees)

    async def main():
        async with provider_for(standin) as google:
            made = await google.create_event(tokens, meeting())
            await google.update_event(tokens, made, later)
            return made

    made = run(main())
    (event,) = standin.live_events()
    assert event["id"] == made and event["start"]["dateTime"] == "2026-12-09T15:00:00Z"
    assert event["location"] == "Roof terrace"
    assert [a["email"] for a in event["attendees"]] == ["ana@acme.example", "cy@acme.example"]
    assert standin.seen("events.patch")[0].query["sendUpdates"] == "all"
