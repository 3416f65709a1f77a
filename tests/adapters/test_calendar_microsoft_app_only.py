"""Microsoft 365 with organisation-wide consent (adapters/calendar/microsoft.py) over HTTP
against the Graph stand-in: the admin-consent URL, client credentials for a consented tenant
only (cached until near expiry, one request for concurrent callers), getSchedule and the
organiser's event under /users/{UPN} with the app-only token, and the failures (429 with
Retry-After, dropped connections, a mailbox outside the tenant, a delegated token there).

Shapes: https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent,
https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow,
https://learn.microsoft.com/en-us/graph/api/calendar-getschedule (POST /users/{id|upn}/calendar/getSchedule),
https://learn.microsoft.com/en-us/graph/api/user-post-events (POST /users/{id|upn}/events)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp import web

from bot.service.calendar_port import CalendarRefused, CalendarUnavailable
from tests.helpers.calendars import meeting, provider_for, run, tokens_of
from tests.standins.calendar_oauth import CLIENT_ID, CLIENT_SECRET
from tests.standins.microsoft_graph import GraphStandIn

TENANT = "5c1d2a7e-3f4b-4c8d-9e0f-112233445566"
ANA, BEA = "ana@contoso.example", "bea@contoso.example"
DAY = datetime(2026, 12, 8, tzinfo=UTC)
BACK = "https://weaktie.example/calendar/oauth/microsoft/organisation"


def consented() -> GraphStandIn:
    standin = GraphStandIn(busy={ANA: [(DAY.replace(hour=9), DAY.replace(hour=10))], BEA: []})
    standin.consented.add(TENANT)
    return standin


def test_the_admin_consent_url_is_the_tenants_and_asks_for_the_app_permissions_granted():
    async def main():
        async with provider_for(GraphStandIn()) as graph:
            return graph.admin_consent_url(TENANT, "state-1", BACK), graph.app_scope

    url, scope = run(main())
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == f"/{TENANT}/v2.0/adminconsent"
    assert query == {"client_id": CLIENT_ID, "scope": scope, "redirect_uri": BACK,
                     "state": "state-1"}
    assert scope.endswith("/.default")


def test_client_credentials_work_only_for_a_tenant_that_consented_and_are_cached():
    standin = GraphStandIn()

    async def main():
        async with provider_for(standin) as graph:
            with pytest.raises(CalendarRefused):
                await graph.app_tokens(TENANT)
            standin.consented.add(TENANT)
            first = await graph.app_tokens(TENANT)
            again = await graph.app_tokens(TENANT)
            both = await asyncio.gather(graph.app_tokens("other"), graph.app_tokens("other"),
                                        return_exceptions=True)
            return first, again, both

    first, again, both = run(main())
    assert first == again and first.directory == TENANT and first.refresh_token == ""
    asked = [s for s in standin.seen("token") if s.path == f"/{TENANT}/oauth2/v2.0/token"]
    assert len(asked) == 2  # refused once, then one token for both calls
    assert asked[1].body == {"grant_type": "client_credentials", "client_id": CLIENT_ID,
                             "client_secret": CLIENT_SECRET, "scope": asked[1].body["scope"]}
    assert all(isinstance(e, CalendarRefused) for e in both)
    assert len([s for s in standin.seen("token") if s.path.startswith("/other/")]) == 1


def test_a_token_near_its_expiry_or_forgotten_is_asked_for_again():
    standin = consented()
    standin.app_lifetime = 60  # within the five minutes' margin

    async def main():
        async with provider_for(standin) as graph:
            await graph.app_tokens(TENANT)
            await graph.app_tokens(TENANT)
            standin.app_lifetime = 3599
            await graph.app_tokens(TENANT)
            await graph.app_tokens(TENANT)  # cached now
            graph.forget_app_tokens(TENANT)
            await graph.app_tokens(TENANT)

    run(main())
    assert len(standin.seen("token")) == 4


def test_free_busy_and_the_organisers_event_are_read_and_made_under_users_upn():
    standin = consented()

    async def main():
        async with provider_for(standin) as graph:
            app = replace(await graph.app_tokens(TENANT), account=ANA)
            busy = await graph.busy(app, (ANA,), DAY, DAY + timedelta(days=1))
            made = await graph.create_event(app, meeting("k-1", BEA))
            again = await graph.create_event(app, meeting("k-1", BEA))  # a retried create
            await graph.update_event(app, made, meeting("k-1"))
            await graph.cancel_event(app, made)
            return busy, made, again

    busy, made, again = run(main())
    assert busy == {ANA: ((DAY.replace(hour=9), DAY.replace(hour=10)),)}
    (schedule,) = standin.seen("users.getSchedule")
    assert schedule.path == f"/v1.0/users/{ANA}/calendar/getSchedule"
    assert schedule.body["schedules"] == [ANA]
    assert standin.seen("getSchedule") == []  # never /me with an app-only token
    assert made == again and len(standin.events) == 1
    [event] = standin.events.values()
    assert event["organizer"] == ANA and event["transactionId"] == "k-1" and event["cancelled"]
    assert [s.path for s in standin.seen("users.events.create")] == [f"/v1.0/users/{ANA}/events"] * 2


def test_a_429_with_retry_after_and_a_dropped_create_are_retried_into_one_event():
    standin = consented()
    standin.refuse("users.getSchedule", 1, 429, "0").drop("users.events.create", 1, after=True)
    standin.refuse("token", 1, 429, "0")

    async def main():
        async with provider_for(standin) as graph:
            app = replace(await graph.app_tokens(TENANT), account=ANA)
            await graph.busy(app, (ANA,), DAY, DAY + timedelta(days=1))
            return await graph.create_event(app, meeting("k-2", BEA))

    made = run(main())
    assert len(standin.seen("users.getSchedule")) == 2 and len(standin.seen("token")) == 2
    assert len(standin.seen("users.events.create")) == 2 and list(standin.events) == [made]


def test_a_mailbox_outside_the_tenant_is_unknown_and_a_delegated_token_is_refused_there():
    standin = consented()

    async def main():
        async with provider_for(standin) as graph:
            app = await graph.app_tokens(TENANT)
            with pytest.raises(CalendarUnavailable):
                await graph.busy(replace(app, account="zed@elsewhere.example"),
                                 ("zed@elsewhere.example",), DAY, DAY + timedelta(days=1))
            delegated = replace(tokens_of(standin, ANA), directory=TENANT)
            with pytest.raises(CalendarRefused):
                await graph.busy(delegated, (ANA,), DAY, DAY + timedelta(days=1))
            standin.revoke_consent(TENANT)  # consent removed in Entra: the token stops working
            with pytest.raises(CalendarRefused):
                await graph.busy(replace(app, account=ANA), (ANA,), DAY, DAY + timedelta(days=1))

    run(main())


def test_departments_are_read_page_by_page_and_only_the_department_is_asked_for():
    # https://learn.microsoft.com/en-us/graph/api/user-list (@odata.nextLink, $skiptoken)
    standin = consented()
    standin.page_size = 1
    standin.directory = {ANA: "Payments", BEA: "Research", "x@contoso.example": None}

    async def main():
        async with provider_for(standin) as graph:
            return await graph.departments(await graph.app_tokens(TENANT))

    assert run(main()) == {ANA: "Payments", BEA: "Research"}
    assert len(standin.seen("users")) == 3
    assert all(set(s.query["$select"].split(",")) == {"userPrincipalName", "mail", "department"}
               for s in standin.seen("users"))


class ElsewhereNext(GraphStandIn):
    """A next page pointing off Graph's host (a forged or tampered answer)."""

    async def users(self, request):
        await self._record("users", request)
        return web.json_response({"value": [{"userPrincipalName": ANA, "department": "Ops"}],
                                  "@odata.nextLink": "http://127.0.0.1:9/v1.0/users?x=1"})


def test_a_next_page_off_graphs_host_is_not_followed_with_our_token():
    standin = ElsewhereNext()
    standin.consented.add(TENANT)

    async def main():
        async with provider_for(standin) as graph:
            return await graph.departments(await graph.app_tokens(TENANT))

    assert run(main()) == {ANA: "Ops"} and len(standin.seen("users")) == 1


def test_departments_without_the_permission_are_refused():
    standin = consented()  # consented to calendars; User.Read.All not granted

    async def main():
        async with provider_for(standin) as graph:
            with pytest.raises(CalendarRefused):
                await graph.departments(await graph.app_tokens(TENANT))

    run(main())
