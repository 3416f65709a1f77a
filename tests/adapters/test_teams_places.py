"""Where the Teams app lives: removing it from one team of several is not an uninstall; the
tenant is uninstalled once no team, group chat or personal install is left, and comes back on a
reinstall.

installationUpdate, as documented at
https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events#installation-update-event
(action add, add-upgrade, remove, remove-upgrade; channelData.team in a team, the conversation in
a group chat, the person in a personal scope); conversationUpdate with the bot in membersAdded /
membersRemoved as in #team-members-added and #team-members-removed on the same page.
"""

from __future__ import annotations

import sqlite3

from tests.helpers.teams import activity, serve

TENANT = "b28fdbfd-2b78-4f93-b0f8-8881793f0f8f"
BOT = "28:608cacfd-1cea-40c9-b678-4b93e69bb72b"


def installation(url: str, action: str, scope: str, team: str = "19:teamA@thread.tacv2",
                 who: str = "29:ana", aid: str = "f:1") -> dict:
    """An installationUpdate in a team ("team"), a group chat ("groupChat") or personally."""
    conversation = {"personal": {"conversationType": "personal", "id": f"a:{who}",
                                 "tenantId": TENANT},
                    "groupChat": {"isGroup": True, "conversationType": "groupChat",
                                  "id": "19:chat1@thread.v2", "tenantId": TENANT},
                    "team": {"isGroup": True, "conversationType": "channel", "tenantId": TENANT,
                             "id": team, "name": "General"}}[scope]
    channel_data = {"tenant": {"id": TENANT}, "source": {"name": "message"}}
    if scope == "team":
        channel_data |= {"team": {"id": team, "name": "Team", "aadGroupId": "g-1"},
                         "channel": {"id": team}, "settings": {"selectedChannel": {"id": team}}}
    return {"type": "installationUpdate", "id": aid, "timestamp": "2026-11-09T04:47:30.91Z",
            "serviceUrl": url, "channelId": "msteams", "action": action,
            "from": {"id": who, "aadObjectId": "eddfa9d4-346e-4cce-a18f-fa6261ad776b"},
            "recipient": {"id": BOT, "name": "weaktie"}, "locale": "en-US",
            "entities": [{"type": "clientInfo", "locale": "en-US"}],
            "conversation": conversation, "channelData": channel_data}


def uninstalled_at(tmp_path) -> str | None:
    with sqlite3.connect(tmp_path / "teams.db") as db:
        [(at,)] = db.execute("select uninstalled_at from tenants where name = ?", (TENANT,))
        return at


def run(tmp_path, steps):
    """POST each step's activity; after each, note (places, uninstalled?)."""
    seen = []

    async def scenario(client, url):
        from bot.store import Store
        store = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
        for make in steps:
            response = await client.post("/api/messages", json=make(url))
            assert response.status in (200, 201), await response.text()
            seen.append((store.teams_places(TENANT), uninstalled_at(tmp_path) is not None))

    store, _ = serve(tmp_path, scenario)
    return seen, store


def test_removing_the_app_from_one_team_of_two_is_not_an_uninstall_and_a_reinstall_is_back(
        tmp_path):
    a, b = "19:teamA@thread.tacv2", "19:teamB@thread.tacv2"
    seen, _ = run(tmp_path, [
        lambda url: installation(url, "add", "team", a),
        lambda url: installation(url, "add", "team", b, aid="f:2"),
        lambda url: installation(url, "remove", "team", a, aid="f:3"),
        lambda url: installation(url, "remove-upgrade", "team", b, aid="f:4"),
        lambda url: installation(url, "add-upgrade", "team", a, aid="f:5"),
    ])
    assert seen == [([(a, "team")], False),
                    ([(a, "team"), (b, "team")], False),
                    ([(b, "team")], False),  # still in team B: not uninstalled
                    ([], True),  # nowhere left
                    ([(a, "team")], False)]  # reinstalled: back


def test_a_personal_install_keeps_the_tenant_until_that_person_removes_it_too(tmp_path):
    seen, store = run(tmp_path, [
        lambda url: installation(url, "add", "personal"),
        lambda url: installation(url, "add", "groupChat", aid="f:2"),
        lambda url: installation(url, "remove", "groupChat", aid="f:3"),
        lambda url: installation(url, "remove", "personal", aid="f:4"),
    ])
    assert seen == [([], False), ([("19:chat1@thread.v2", "groupChat")], False),
                    ([], False),  # Ana can still be reached personally
                    ([], True)]
    assert store.reference(TENANT, "29:ana") is None  # nothing more is sent to her


def test_the_bot_added_to_or_removed_from_a_team_by_conversation_update_counts_too(tmp_path):
    team = "19:teamC@thread.tacv2"

    def update(members: str):
        def make(url):
            body = installation(url, "", "team", team)
            body.pop("action")
            body["type"] = "conversationUpdate"
            body["channelData"]["eventType"] = "teamMemberAdded" if members == "membersAdded" \
                else "teamMemberRemoved"
            body[members] = [{"id": BOT}]
            return body
        return make

    seen, _ = run(tmp_path, [update("membersAdded"), update("membersRemoved")])
    assert seen == [([(team, "team")], False), ([], True)]


def test_a_channel_message_from_a_team_not_yet_recorded_records_it_once_per_process(tmp_path):
    team = "19:teamD@thread.tacv2"

    def message(aid: str):
        def make(url):
            body = activity(url, "hello", "channel", aid=aid)
            body["conversation"]["tenantId"] = TENANT
            body["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": team}}
            return body
        return make

    def forget_places(url):  # behind the process's back: a second message must not write again
        with sqlite3.connect(tmp_path / "teams.db") as db:
            db.execute("delete from teams_places")
        return message("m3")(url)

    seen, _ = run(tmp_path, [message("m1"), message("m2"), forget_places])
    assert seen == [([(team, "team")], False), ([(team, "team")], False), ([], False)]


def test_places_on_both_databases(store):
    from datetime import UTC, datetime
    now = datetime(2026, 12, 1, tzinfo=UTC)
    store.add_teams_place("T", "19:a", "team", now)
    store.add_teams_place("T", "19:a", "team", now)  # a replayed install: once
    store.add_teams_place("T", "19:c", "groupChat", now)
    store.save_reference("T", "29:ana", {"conversation": {"id": "a:1"}}, "teams", now)
    assert store.teams_places("T") == [("19:a", "team"), ("19:c", "groupChat")]
    assert store.leave_teams_place("T", "19:a") is True
    assert store.leave_teams_place("T", "19:c") is True  # Ana is still reachable
    assert store.leave_teams_person("T", "29:ana") is False
    assert store.teams_places("T") == [] and store.reference("T", "29:ana") is None
    assert store.leave_teams_place("nobody", "19:a") is False
