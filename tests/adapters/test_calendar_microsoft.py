"""Microsoft 365 through Graph (adapters/calendar/microsoft.py) over HTTP against its loopback
stand-in: OAuth with PKCE on a tenant's v2.0 endpoints, getSchedule read for status and times
only (never a subject or place), one event per transactionId however the create is retried,
cancel, and the failures (429, 5xx, dropped connections, revoked grants)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from adapters.calendar.microsoft import READ_SCOPES, SCOPES
from bot.service.calendar_port import CalendarRefused, CalendarUnavailable
from tests.helpers.calendars import REDIRECT, at, connect, consent, meeting, provider_for, run, tokens_of
from tests.standins.calendar_oauth import CANARY, CANARY_PLACE
from tests.standins.microsoft_graph import GraphStandIn

LISBON, SYDNEY = ZoneInfo("Europe/Lisbon"), ZoneInfo("Australia/Sydney")
DAY = datetime(2026, 12, 8, tzinfo=UTC)
BEA = "bea@contoso.example"


def test_the_authorize_url_is_the_tenants_and_asks_for_pkce_s256_and_the_least_scopes():
    async def main():
        async with provider_for(GraphStandIn(), tenant="contoso.example") as graph:
            return graph.authorize_url("state-2", "challenge-2", REDIRECT + "microsoft")

    url = urlsplit(run(main()))
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert url.path == "/contoso.example/oauth2/v2.0/authorize"
    assert query["code_challenge"] == "challenge-2" and query["code_challenge_method"] == "S256"
    assert query["state"] == "state-2" and query["response_type"] == "code"
    assert query["redirect_uri"] == REDIRECT + "microsoft"
    assert set(query["scope"].split()) == {"offline_access", "User.Read", "Calendars.ReadWrite"}
    assert set(SCOPES) - set(READ_SCOPES) == {"Calendars.ReadWrite"}
    assert "Calendars.ReadBasic" in READ_SCOPES and "Calendars.Read" not in READ_SCOPES


def test_connecting_follows_the_redirect_and_names_the_person_by_address():
    standin = GraphStandIn(next_account=BEA)

    async def main():
        async with provider_for(standin, tenant="common") as graph:
            code, state, verifier = await consent(graph)
            return await graph.exchange(code, verifier, REDIRECT + "microsoft"), verifier

    tokens, verifier = run(main())
    assert tokens.account == BEA and tokens.access_token and tokens.refresh_token
    (asked,) = standin.seen("token")
    assert asked.path == "/common/oauth2/v2.0/token"
    assert asked.body["code_verifier"] == verifier and "Calendars.ReadWrite" in asked.body["scope"]
    (me,) = standin.seen("me")
    assert me.headers["Authorization"] == f"Bearer {tokens.access_token}"


def test_a_wrong_verifier_is_refused():
    standin = GraphStandIn()

    async def main():
        async with provider_for(standin) as graph:
            code, _state, verifier = await consent(graph)
            await graph.exchange(code, verifier[::-1], REDIRECT + "microsoft")

    with pytest.raises(CalendarRefused):
        run(main())
    assert standin.grants == {} and standin.seen("me") == []


def test_refresh_takes_the_rotated_refresh_token():
    standin = GraphStandIn()

    async def main():
        async with provider_for(standin) as graph:
            tokens = await connect(graph)
            return tokens, await graph.refresh(tokens)

    tokens, fresh = run(main())
    assert fresh.access_token != tokens.access_token
    assert fresh.refresh_token != tokens.refresh_token and fresh.refresh_token in standin.grants
    assert fresh.account == BEA


def test_a_revoked_grant_is_refused_on_refresh_and_on_the_api():
    standin = GraphStandIn(busy={BEA: []})

    async def main():
        async with provider_for(standin) as graph:
            tokens = await connect(graph)
            standin.revoke_grant(BEA)  # consent withdrawn in Entra / My Apps
            with pytest.raises(CalendarRefused):
                await graph.refresh(tokens)
            with pytest.raises(CalendarRefused):
                await graph.busy(tokens, (BEA,), DAY, DAY + timedelta(days=1))
            with pytest.raises(CalendarRefused):
                await graph.create_event(tokens, meeting())

    run(main())
    assert standin.events == {}


def test_busy_keeps_busy_tentative_and_away_in_utc_and_reads_no_subject_or_place(caplog):
    caplog.set_level(logging.DEBUG)
    busy = {BEA: [(at(8, 9, 0, LISBON), at(8, 10, 0, LISBON), "busy"),
                  (at(8, 10), at(8, 10, 30), "tentative"),
                  (at(8, 12), at(8, 13), "free"),
                  (at(8, 13), at(8, 14), "workingElsewhere"),
                  (at(8, 16), at(8, 18), "oof")],
            "kai@contoso.example": [(at(8, 19, 0, SYDNEY), at(8, 21, 0, SYDNEY), "busy"),
                                    (at(7, 20), at(8, 1), "busy")]}
    standin = GraphStandIn(busy=busy)
    tokens = tokens_of(standin, BEA)

    async def main():
        async with provider_for(standin) as graph:
            return await graph.busy(tokens, (BEA, "kai@contoso.example", "gone@contoso.example"),
                                    DAY, DAY + timedelta(days=1))

    found = run(main())
    assert found == {BEA: ((at(8, 9), at(8, 10, 30)), (at(8, 16), at(8, 18))),
                     "kai@contoso.example": ((at(8, 0), at(8, 1)), (at(8, 8), at(8, 10)))}
    (asked,) = standin.seen("getSchedule")
    assert asked.headers["Prefer"] == 'outlook.timezone="UTC"'
    assert asked.body["startTime"] == {"dateTime": "2026-12-08T00:00:00", "timeZone": "UTC"}
    for secret in (CANARY, CANARY_PLACE, tokens.access_token, tokens.refresh_token):
        assert secret not in repr(found) and secret not in caplog.text


def test_busy_read_in_another_zone_is_still_utc():
    """A server that ignores the Prefer header answers in its zone: read with the zone named."""
    standin = GraphStandIn(busy={BEA: [(at(8, 9), at(8, 10))]}, answer_zone="Australia/Sydney")

    async def main():
        async with provider_for(standin) as graph:
            return await graph.busy(tokens_of(standin, BEA), (BEA,), DAY, DAY + timedelta(days=1))

    assert run(main()) == {BEA: ((at(8, 9), at(8, 10)),)}


def test_busy_asks_twenty_addresses_a_call():
    accounts = tuple(f"p{i}@contoso.example" for i in range(45))
    standin = GraphStandIn(busy={a: [] for a in accounts})

    async def main():
        async with provider_for(standin) as graph:
            return await graph.busy(tokens_of(standin, BEA), accounts, DAY, DAY + timedelta(days=5))

    assert run(main()) == {a: () for a in accounts}
    assert [len(s.body["schedules"]) for s in standin.seen("getSchedule")] == [20, 20, 5]


def test_one_event_per_transaction_however_the_create_is_retried():
    standin = GraphStandIn()
    standin.drop("events.create", after=True)  # Graph made it; the answer never came
    standin.refuse("events.create", 1, status=429, retry_after="0")
    standin.refuse("events.create", 1, status=503)
    tokens = tokens_of(standin, BEA)

    async def main():
        async with provider_for(standin) as graph:
            first = await graph.create_event(tokens, meeting("round-7/group-3", BEA, "dan@acme.example"))
            again = await graph.create_event(tokens, meeting("round-7/group-3", BEA, "dan@acme.example"))
            other = await graph.create_event(tokens, meeting("round-7/group-4"))
            return first, again, other

    first, again, other = run(main())
    assert first == again != other
    assert len(standin.seen("events.create")) == 6  # dropped, 429, 503, made; again; the other
    assert {s.body["transactionId"] for s in standin.seen("events.create")} == {
        "round-7/group-3", "round-7/group-4"}
    assert len(standin.live_events()) == 2
    event = standin.events[first]
    assert event["organizer"] == BEA and event["location"] == {"displayName": "Café Lisboa, 2nd floor"}
    assert [a["emailAddress"]["address"] for a in event["attendees"]] == [BEA, "dan@acme.example"]
    assert event["start"] == {"dateTime": "2026-12-08T10:00:00", "timeZone": "UTC"}


def test_cancel_answers_202_and_a_missing_event_is_no_error():
    standin = GraphStandIn()
    tokens = tokens_of(standin, BEA)

    async def main():
        async with provider_for(standin) as graph:
            made = await graph.create_event(tokens, meeting())
            await graph.cancel_event(tokens, made)
            await graph.cancel_event(tokens, "AAMkADunknown=")
            return made

    made = run(main())
    assert standin.live_events() == [] and standin.events[made]["cancelled"]
    assert [s.path for s in standin.seen("events.cancel")] == [
        f"/v1.0/me/events/{made}/cancel", "/v1.0/me/events/AAMkADunknown=/cancel"]


def test_5xx_and_429_beyond_the_retries_are_unavailable():
    standin = GraphStandIn(busy={BEA: []})
    standin.refuse("getSchedule", 1000, status=502)
    standin.refuse("events.create", 1000, status=429, retry_after="0")
    tokens = tokens_of(standin, BEA)

    async def main():
        async with provider_for(standin) as graph:
            with pytest.raises(CalendarUnavailable):
                await graph.busy(tokens, (BEA,), DAY, DAY + timedelta(days=1))
            with pytest.raises(CalendarUnavailable):
                await graph.create_event(tokens, meeting())

    run(main())
    assert len(standin.seen("getSchedule")) > 2 and len(standin.seen("events.create")) > 2
    assert standin.events == {}


def test_moving_the_event_updates_the_same_one():
    standin = GraphStandIn()
    tokens = tokens_of(standin, BEA)
    later = meeting("round-7/group-3", BEA, "cy@acme.example")
    later = type(later)(later.key, at(9, 15), at(9, 15, 30), later.title, "Roof terrace",
                        later.attendees)

    async def main():
        async with provider_for(standin) as graph:
            made = await graph.create_event(tokens, meeting())
            await graph.update_event(tokens, made, later)
            return made

    made = run(main())
    (event,) = standin.live_events()
    assert event["id"] == made and event["start"]["dateTime"] == "2026-12-09T15:00:00"
    assert event["location"] == {"displayName": "Roof terrace"}
    assert [a["emailAddress"]["address"] for a in event["attendees"]] == [BEA, "cy@acme.example"]
