"""A connect link connects only its owner's calendar (docs/calendars.md, "Who may consent"):
the account that consents at the provider must be the one the platform knows the person by.
On Slack, users.info's profile.email (asked only for `calendar connect`); on Teams, the
activity's aadObjectId, which Graph's /me names as `id`. Over HTTP, through the real app."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from urllib.parse import urlsplit

import aiohttp
from aiohttp.test_utils import TestClient, TestServer

from bot.service.calendar_connect import same_person
from entrypoints.app import build
from tests.helpers.calendars import settings_for
from tests.helpers.dashboard import say
from tests.helpers.teams import activity
from tests.standins.google_calendar import GoogleCalendarStandIn
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.microsoft_graph import GraphStandIn
from tests.standins.slack import SlackWebApi


async def _follow(client: TestClient, said: str) -> tuple[int, str]:
    """The browser that opens the link, consents, and comes back: (status, page)."""
    link = next(w for w in said.split() if w.startswith("http"))
    async with aiohttp.ClientSession() as browser, \
            browser.get(link, allow_redirects=False) as consent:
        back = urlsplit(consent.headers["Location"])
    page = await client.get(f"{back.path}?{back.query}")
    return page.status, await page.text()


def _on_slack(store, google: GoogleCalendarStandIn, slack: SlackWebApi, who: str):
    async def main():
        async with TestServer(slack.app) as api, TestServer(google.app) as g, \
                TestServer(GraphStandIn().app) as m:
            settings = settings_for(str(api.make_url("/api/")), str(g.make_url("")).rstrip("/"),
                                    str(m.make_url("")).rstrip("/"))
            async with TestClient(TestServer(build(settings, store))) as client:
                return await _follow(client, await say(client, who, "calendar connect google"))
    return asyncio.run(main())


def test_on_slack_ones_own_work_account_connects(store):
    google = GoogleCalendarStandIn(next_account="Ana@Acme.example")  # case is no difference
    slack = SlackWebApi(emails={"UANA": "ana@acme.example"})
    status, _ = _on_slack(store, google, slack, "UANA")
    assert status == 200
    assert store.calendars("T1", ["UANA"])["UANA"].account == "Ana@Acme.example"
    assert ("users.info", "UANA") in [(m, f.get("user")) for m, f in slack.seen]


def test_on_slack_another_account_than_the_work_one_is_refused_and_its_grant_withdrawn(store):
    google = GoogleCalendarStandIn(next_account="ana.private@gmail.example")
    status, page = _on_slack(store, google, SlackWebApi(emails={"UANA": "ana@acme.example"}),
                             "UANA")
    assert status == 403 and "someone else" in page
    assert "ana" not in page.lower(), "the page names an account"
    assert store.calendars("T1", ["UANA"]) == {}
    assert all(g.revoked for g in google.grants.values())


def test_on_slack_without_the_address_scope_the_link_alone_decides(store):
    """An install made before users:read.email: Slack gives no address, so nothing can be
    compared; the link (sent only to its owner, once, for 10 minutes) connects, as before."""
    status, _ = _on_slack(store, GoogleCalendarStandIn(next_account="ana@acme.example"),
                          SlackWebApi(), "UANA")
    assert status == 200 and "UANA" in store.calendars("T1", ["UANA"])


def _on_teams(store, graph: GraphStandIn, object_id: str) -> tuple[int, str]:
    connector = MicrosoftStandIn()

    async def main():
        async with TestServer(connector.app) as bot, TestServer(graph.app) as m:
            base = str(m.make_url("")).rstrip("/")
            settings = replace(settings_for("http://127.0.0.1:9/", base, base),
                               slack_signing_secret=None, slack_bot_token=None, dev=True)
            async with TestClient(TestServer(build(settings, store))) as client:
                # https://learn.microsoft.com/microsoftteams/platform/bots/how-to/conversations/conversation-messages
                body = activity(str(bot.make_url("")).rstrip("/"), "calendar connect microsoft",
                                "personal")
                body["conversation"]["tenantId"] = "T1"
                body["from"] = {"id": "29:mallory", "name": "Mallory", "aadObjectId": object_id}
                assert (await client.post("/api/messages", json=body)).status < 300
                return await _follow(client, connector.replies[-1]["text"])
    return asyncio.run(main())


def test_on_teams_a_link_forwarded_to_a_colleague_connects_nothing(store):
    graph = GraphStandIn(next_account="victor@contoso.example")  # Victor signs in
    status, _ = _on_teams(store, graph, "id-mallory@contoso.example")
    assert status == 403
    assert store.calendars("T1", ["29:mallory"]) == {}


def test_on_teams_ones_own_microsoft_account_connects(store):
    # the Graph stand-in's object ids are "id-" and the address
    status, _ = _on_teams(store, GraphStandIn(next_account="mallory@contoso.example"),
                          "id-mallory@contoso.example")
    assert status == 200
    assert store.calendars("T1", ["29:mallory"])["29:mallory"].account == \
        "mallory@contoso.example"


def test_the_comparison_by_kind_of_identity():
    guid = "4f1c2e0a-0000-4000-8000-00000000abcd"
    assert same_person({"directory_id": guid}, "microsoft", (guid.upper(), "m@c.x"))
    # the object id decides for Microsoft, even where the address matches
    assert not same_person({"directory_id": guid, "address": "m@c.x"}, "microsoft", ("m@c.x",))
    # an object id means nothing to Google: the address decides, or nothing is known
    assert same_person({"directory_id": guid, "address": "m@c.x"}, "google", ("M@C.X",))
    assert same_person({"directory_id": guid}, "google", ("anyone@c.x",))
    assert not same_person({"address": "m@c.x"}, "google", ())  # unverified at Google
    assert same_person({}, "google", ("anyone@c.x",))
