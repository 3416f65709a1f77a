"""Organisation-wide consent for Microsoft 365, end to end: Teams activities into the real app
(botbuilder), the Graph stand-in as Microsoft's identity platform and calendars. A manager asks
for the admin-consent link, the administrator consents, and with no one signing in a round's
slots step around the busy blocks of members covered only by the organisation's grant; everyone
accepts and exactly one event is made, app-only, in the organiser's calendar. A person's own
grant wins over the organisation's; an opted-out person's calendar is not read; withdrawing
the grant stops every read.

Shapes: https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent (the
redirect's `tenant`, `admin_consent`, `state`)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from urllib.parse import urlsplit

import aiohttp
from sqlalchemy import func, select

from bot.store.kept_schema import calendar_opt_outs, calendar_organisations
from scheduler.jobs import tick
from tests.helpers.calendar_round import NOW
from tests.helpers.organisation import (
    TENANT,
    a_round,
    accept,
    busy_all_day_but,
    organisation,
    upn,
)

FREE = NOW.replace(hour=15, minute=15)  # 16:15 in Lisbon before the 25th, 15:15 after


def rows(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(table))


def read(graph, kind: str) -> list[str]:
    """Whose calendars the requests of one kind read (the schedules asked for)."""
    return [address for s in graph.seen(kind) for address in s.body["schedules"]]


def test_an_administrator_connects_everyone_and_rounds_and_invitations_use_it(store):
    async def main():
        async with organisation(store) as org:
            await org.install()
            graph = org.graph
            graph.busy = {upn(w): busy_all_day_but(FREE) for w in ("ana", "bea")}
            graph.busy[upn("cai")] = []
            # -- the manager (named in WEAKTIE_MANAGERS by Entra object id) asks for the link
            said = await org.say("boss", "admin calendar connect")
            assert "Microsoft 365 administrator" in said and "within 24 hours" in said
            link = urlsplit(next(w for w in said.split() if "/v2.0/adminconsent" in w))
            assert link.path == f"/{TENANT}/v2.0/adminconsent"
            status, page = await org.consent(said)
            assert status == 200 and "whole organisation" in page
            grant = store.organisation_grant(TENANT)
            assert grant.directory == TENANT and grant.granted_by == "29:boss"
            said = await org.say("boss", "admin calendar")
            assert "since 23 Oct 2026" in said and "covers 5 people now; 0 opted out" in said
            assert "through your organisation's consent" in await org.say("ana", "calendar")

            # -- a round: nobody signed in, yet the pair's busy blocks are stepped around
            setup = org.setup()
            [first] = a_round(store, [("ana", "bea")])
            hours_only = store.nudges(TENANT)[0].slots
            tokens_before = len(graph.seen("token"))
            graph.refuse("users.getSchedule", 1, 429, "0")  # throttled once: retried
            report = await tick(store, {}, NOW, calendars=setup)
            assert report.checked == 1
            slots = store.nudges(TENANT)[0].slots
            assert slots != hours_only and len(slots) == 3
            assert {(s.start.hour, s.start.minute, s.end.hour, s.end.minute) for s in slots} == {
                (15, 15, 15, 45)}
            assert len(graph.seen("users.getSchedule")) == 3
            assert sorted(set(read(graph, "users.getSchedule"))) == [upn("ana"), upn("bea")]
            assert sorted({s.path for s in graph.seen("users.getSchedule")}) == [
                f"/v1.0/users/{upn(w)}/calendar/getSchedule" for w in ("ana", "bea")]
            assert len(graph.seen("token")) == tokens_before + 1  # one app-only token, shared
            assert graph.seen("getSchedule") == [] and graph.seen("me") == []
            assert sorted(store.checked_calendars(first)) == ["29:ana", "29:bea"]

            # -- both accept the first time: one event, app-only, in the organiser's calendar
            for who in ("ana", "bea"):
                await org.say(who, "", accept(first))
            graph.drop("users.events.create", 1, after=True)  # made, but the answer is lost
            report = await tick(store, {}, NOW + timedelta(minutes=1), calendars=setup)
            assert report.invited == 1
            await tick(store, {}, NOW + timedelta(minutes=2), calendars=setup)
            [event] = graph.live_events()
            assert event["organizer"] == upn("ana")
            assert [a["emailAddress"]["address"] for a in event["attendees"]] == [upn("bea")]
            assert event["transactionId"] == f"weaktie:{TENANT}:{first}:0"
            made, retried = graph.seen("users.events.create")
            assert made.path == retried.path == f"/v1.0/users/{upn('ana')}/events"
            assert made.body["transactionId"] == retried.body["transactionId"]
            assert made.headers["Authorization"].startswith("Bearer app-")
            assert len(graph.seen("token")) == tokens_before + 1  # still the cached token

            # -- Ana, the organiser, opts out: her event is cancelled (app-only, while the grant
            # still reaches her calendar) and handed to Bea, in whose calendar it is made again
            assert (await org.say("ana", "calendar disconnect")).startswith("Opted out")
            assert graph.events[event["id"]]["cancelled"]
            assert [s.path for s in graph.seen("users.events.cancel")] == [
                f"/v1.0/users/{upn('ana')}/events/{event['id']}/cancel"]
            await tick(store, {}, NOW + timedelta(minutes=2, seconds=30), calendars=setup)
            [handed] = graph.live_events()
            assert handed["organizer"] == upn("bea") and handed["attendees"] == []
            assert "covers you: weaktie reads again" in await org.say("ana", "calendar connect")

            # -- Cai opts out; Bea connects her own calendar, which wins over the grant
            said = await org.say("cai", "calendar disconnect")
            assert said.startswith("Opted out")
            assert "You opted out" in await org.say("cai", "calendar")
            assert '"calendar_opt_out": "2026-10-23T06:00:00+00:00"' in await org.say("cai", "export")
            said = await org.say("bea", "calendar connect microsoft")
            own = next(w for w in said.split() if "/oauth2/v2.0/authorize" in w)
            graph.next_account = upn("bea")
            async with aiohttp.ClientSession() as browser, \
                    browser.get(own, allow_redirects=False) as consent:
                back = urlsplit(consent.headers["Location"])
            assert (await org.client.get(f"{back.path}?{back.query}")).status == 200
            assert store.calendars(TENANT, ["29:bea"])["29:bea"].organisation == ""
            before = len(graph.requests)
            [second] = a_round(store, [("bea", "cai")], NOW + timedelta(days=7))
            assert (await tick(store, {}, NOW + timedelta(minutes=3), calendars=setup)).checked == 1
            fresh = graph.requests[before:]
            assert [a for s in fresh if s.kind == "getSchedule" for a in s.body["schedules"]] == [
                upn("bea")]  # Bea's own, delegated
            assert not [s for s in fresh if s.kind.startswith("users.")]  # Cai's: never read
            assert store.checked_calendars(second) == ["29:bea"]

            # -- `calendar connect` undoes the opt-out; `forget me` erases one
            assert "covers you" in await org.say("cai", "calendar connect")
            assert store.opted_out(TENANT, "29:cai") is None
            assert (await org.say("cai", "calendar disconnect")).startswith("Opted out")
            assert rows(store, calendar_opt_outs) == 1
            assert "covers 3 people now; 1 opted out" in await org.say("boss", "admin calendar")
            await org.say("cai", "forget me now")
            assert rows(store, calendar_opt_outs) == 0

            # -- the manager withdraws the grant: nothing is read through it any more
            said = await org.say("boss", "admin calendar disconnect")
            assert said.startswith("Withdrawn")
            assert rows(store, calendar_organisations) == 0
            before = len(graph.requests)
            [third] = a_round(store, [("ana", "eve")], NOW + timedelta(days=14))
            assert (await tick(store, {}, NOW + timedelta(minutes=4), calendars=setup)).checked == 0
            assert graph.requests[before:] == []
            assert store.calendars(TENANT, ["29:ana", "29:eve"]) == {}
            assert "No calendar is connected" in await org.say("ana", "calendar")

    asyncio.run(main())


def test_people_of_other_organisations_and_people_without_a_known_upn_are_never_covered(store):
    async def main():
        async with organisation(store) as org:
            await org.install()
            assert (await org.consent(await org.say("boss", "admin calendar connect")))[0] == 200
            store.set_include_guests(TENANT, True, "teams")
            store.update_person(TENANT, "29:gus", "teams", sign_in=upn("gus"))
            store.mark_external(TENANT, frozenset({"29:gus"}))
            store.update_person(TENANT, "29:nobody", "teams")  # never in a roster: no UPN
            covered = store.calendars(TENANT, ["29:ana", "29:gus", "29:nobody"])
            assert {who: link.account for who, link in covered.items()} == {"29:ana": upn("ana")}

    asyncio.run(main())


def test_a_refused_app_token_marks_the_grant_and_people_fall_back_to_their_hours(store):
    async def main():
        async with organisation(store) as org:
            await org.install()
            assert (await org.consent(await org.say("boss", "admin calendar connect")))[0] == 200
            org.graph.revoke_consent(TENANT)  # an administrator removed the app in Entra
            [nudge] = a_round(store, [("ana", "bea")])
            hours_only = store.nudges(TENANT)[0].slots
            await tick(store, {}, NOW, calendars=org.setup())
            assert store.nudges(TENANT)[0].slots == hours_only
            assert store.checked_calendars(nudge) == []
            assert store.organisation_grant(TENANT).refused_at is not None
            assert store.calendars(TENANT, ["29:ana"]) == {}  # covers nobody now
            assert "refused the organisation's consent" in await org.say("boss", "admin calendar")

    asyncio.run(main())
