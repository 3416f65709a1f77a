"""Teams channel and team names: conversationUpdate channelCreated / channelRenamed /
channelRestored name the channel, teamRenamed names the team's General channel (its id is the
team's), so people read a channel's name, never its id.

Shapes: https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events#channel-created
(#channel-renamed, #team-renamed on the same page)
"""

from __future__ import annotations

import logging

from tests.helpers.teams import activity, serve

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
TEAM = "19:efa9296d959346209fea44151c742e73@thread.skype"
CHANNEL = "19:6d97d816470f481dbcda38244b98689a@thread.skype"
SECRET_NAME = "CANARY-channel-name"


def update(url: str, event: str, channel: dict | None = None, team_name: str | None = None,
           aid: str = "f:1") -> dict:
    body = {**activity(url, "", "channel", aid=aid), "type": "conversationUpdate"}
    body.pop("text")
    body.pop("entities")
    body["from"] = {"id": "29:1I9Is_Sx0O"}
    body["conversation"] = {"isGroup": True, "conversationType": "channel", "id": TEAM}
    team = {"id": TEAM} | ({"name": team_name} if team_name else {})
    body["channelData"] = {"team": team, "eventType": event, "tenant": {"id": TENANT}}
    if channel is not None:
        body["channelData"]["channel"] = channel
    return body


def names_after(tmp_path, make_bodies):
    async def scenario(client, url):
        for body in make_bodies(url):
            assert (await client.post("/api/messages", json=body)).status in (200, 201)

    store, _ = serve(tmp_path, scenario)
    return store.channel_names(TENANT)


def test_a_channel_created_then_renamed_is_known_by_its_new_name(tmp_path):
    names = names_after(tmp_path, lambda url: [
        update(url, "channelCreated", {"id": CHANNEL, "name": "FunDiscussions"}),
        update(url, "channelRenamed", {"id": CHANNEL, "name": "PhotographyUpdates"}, aid="f:2")])
    assert names == {CHANNEL: "PhotographyUpdates"}


def test_a_team_renamed_names_its_general_channel(tmp_path):
    names = names_after(tmp_path, lambda url: [update(url, "teamRenamed", team_name="New Team Name")])
    assert names == {TEAM: "New Team Name"}


def test_other_updates_and_nameless_ones_name_nothing(tmp_path):
    names = names_after(tmp_path, lambda url: [
        update(url, "channelDeleted", {"id": CHANNEL, "name": "Gone"}),
        update(url, "channelRenamed", {"id": CHANNEL}, aid="f:2"),
        update(url, "teamMemberAdded", team_name="Team", aid="f:3")])
    assert names == {}


def test_a_channel_name_is_never_logged(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    names = names_after(tmp_path, lambda url: [
        update(url, "channelCreated", {"id": CHANNEL, "name": SECRET_NAME})])
    assert names == {CHANNEL: SECRET_NAME}
    assert SECRET_NAME not in caplog.text
