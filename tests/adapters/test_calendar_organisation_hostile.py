"""Hostile returns from the admin consent, and who may ask for its link: a forged, replayed,
refused, foreign or unconfirmed callback, or a non-manager's state, gets a 4xx and writes
nothing (the tables are counted before and after); an employee asking for the link gets the
managers' refusal and no state. Also over authenticated Bot Framework activities.

Shapes: https://learn.microsoft.com/en-us/entra/identity-platform/v2-admin-consent
(`error=access_denied` when the administrator declines)."""

from __future__ import annotations

import asyncio
import json

import pytest
from sqlalchemy import func, select

from bot.service.admin import REFUSAL
from bot.service.calendar_organisation import CONSENT_PATH
from bot.store.kept_schema import calendar_organisations, calendar_states
from entrypoints.app import build
from tests.helpers.organisation import TENANT, organisation
from tests.helpers.teams import activity, registered
from tests.standins.microsoft import SERVICE_URL
from tests.standins.microsoft_graph import GraphStandIn


def counts(store) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {t.name: conn.scalar(select(func.count()).select_from(t))
                for t in (calendar_organisations, calendar_states)}


def test_forged_replayed_declined_foreign_and_unconfirmed_returns_write_nothing(store):
    graph = GraphStandIn()

    async def main():
        async with organisation(store, graph) as org:
            await org.install()
            # forged states, and ones that are no string a browser would send
            for query in ("state=forged&admin_consent=True&tenant=" + TENANT,
                          "state=" + "x" * 5000 + "&admin_consent=True",
                          "state=%F0%9F%90%8D&admin_consent=True", "admin_consent=True", ""):
                before = counts(store)
                page = await org.client.get(f"{CONSENT_PATH}?{query}")
                assert page.status == 403 and counts(store) == before
            # declined by the administrator
            graph.deny_consent = True
            said = await org.say("boss", "admin calendar connect")
            before = counts(store)
            assert (await org.consent(said))[0] == 400
            assert counts(store)["calendar_organisations"] == 0
            assert counts(store)["calendar_states"] == before["calendar_states"] - 1  # spent
            graph.deny_consent = False
            # a well-formed return without consent at Microsoft (an app-only token is refused)
            said = await org.say("boss", "admin calendar connect")
            state = next(w for w in said.split() if "state=" in w).split("state=")[1]
            status, page = await org.back(f"state={state}&admin_consent=True&tenant={TENANT}")
            assert status == 403 and "does not confirm" in page
            assert counts(store)["calendar_organisations"] == 0
            # a return naming another Entra tenant than this Teams tenant
            status, page = await org.consent(await org.say("boss", "admin calendar connect"),
                                             tenant="0badc0de-0000-4000-8000-000000000000")
            assert status == 403 and "another Microsoft 365 organisation" in page
            assert counts(store)["calendar_organisations"] == 0
            # the real thing, then its replay
            status, _ = await org.consent(await org.say("boss", "admin calendar connect"))
            assert status == 200 and counts(store)["calendar_organisations"] == 1
            before = counts(store)
            state = graph.seen("adminconsent")[-1].query["state"]
            status, page = await org.back(f"state={state}&admin_consent=True&tenant={TENANT}")
            assert status == 403 and "used already" in page and counts(store) == before

    asyncio.run(main())


def test_only_a_manager_gets_the_link_and_a_revoked_managers_state_connects_nothing(store):
    async def main():
        async with organisation(store) as org:
            await org.install()
            before = counts(store)
            assert await org.say("ana", "admin calendar connect") == REFUSAL
            assert await org.say("ana", "admin calendar disconnect") == REFUSAL
            assert "`admin calendar connect` gives" in await org.say("boss", "admin calendar now")
            assert counts(store) == before
            assert "can now manage" in await org.say("boss", "admin grant 29:eve")
            said = await org.say("eve", "admin calendar connect")
            assert "/v2.0/adminconsent" in said
            assert "no longer manages" in await org.say("boss", "admin revoke 29:eve")
            status, page = await org.consent(said)
            assert status == 403 and "no longer manages" in page
            assert counts(store)["calendar_organisations"] == 0

    asyncio.run(main())


def test_on_slack_a_workspace_admin_is_told_it_is_for_teams_and_no_state_is_kept(store):
    from aiohttp.test_utils import TestClient, TestServer

    from tests.helpers.calendars import settings_for
    from tests.helpers.dashboard import say
    from tests.standins.google_calendar import GoogleCalendarStandIn
    from tests.standins.slack import SlackWebApi

    async def main():
        async with TestServer(SlackWebApi(admins={"UBOSS"}).app) as api, \
                TestServer(GoogleCalendarStandIn().app) as g, TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                said = await say(client, "UBOSS", "admin calendar connect")
                assert "is for Microsoft Teams installs" in said
                assert "is for Microsoft Teams" in await say(client, "UBOSS", "admin calendar")
                assert await say(client, "UANA", "admin calendar connect") == REFUSAL
        assert counts(store) == {"calendar_organisations": 0, "calendar_states": 0}

    asyncio.run(main())


@pytest.mark.parametrize("token", ["good", "bad"])
def test_an_authenticated_managers_request_keeps_a_state_and_a_bad_token_none(tmp_path, keys,
                                                                               token):
    """Production mode: the reply goes to Microsoft's Bot Connector, which this offline test
    cannot reach (the turn's writes stand, the failed reply is logged), so the state the link
    names is looked for in the store."""
    from aiohttp.test_utils import TestClient, TestServer

    from bot.store import Store

    store = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
    settings = registered(keys)
    from dataclasses import replace

    from tests.helpers.calendars import PUBLIC
    from tests.standins.calendar_oauth import CLIENT_ID, CLIENT_SECRET
    settings = replace(settings, public_url=PUBLIC, secret_key="k" * 32,
                       microsoft_client_id=CLIENT_ID, microsoft_client_secret=CLIENT_SECRET,
                       managers=frozenset({"aad-boss"}))
    body = activity(SERVICE_URL, "admin calendar connect", "personal")
    body["conversation"].update(id="a:boss", tenantId=TENANT)
    body["from"] = {"id": "29:boss", "name": "Boss", "aadObjectId": "aad-boss"}
    bearer = keys.token() if token == "good" else keys.token(aud="someone-else")

    async def main():
        async with TestClient(TestServer(build(settings, store))) as client:
            answer = await client.post("/api/messages", data=json.dumps(body), headers={
                "Content-Type": "application/json", "Authorization": f"Bearer {bearer}"})
            return answer.status

    status = asyncio.run(main())
    with store.engine.connect() as conn:
        kinds = list(conn.scalars(select(calendar_states.c.provider)))
    if token == "good":
        assert status < 300 and kinds == ["microsoft-org"]
    else:
        assert status == 401 and kinds == []
