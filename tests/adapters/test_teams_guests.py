"""Teams guests and federated users: people of another organisation are stored only where the
tenant includes guests (then marked external). A roster or a looked-up member tells the
organisation (`tenantId`, `userRole`: guest, anonymous); a message's `from` and a mention's
`mentioned` name only an id, so their people are kept only when already known as the tenant's.

Shapes: TeamsChannelAccount as returned by the roster APIs
(https://learn.microsoft.com/en-us/microsoftteams/platform/resources/team-chat-member-api-changes,
https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/build-apps-for-anonymous-user#get-members-and-get-single-member-apis),
conversationUpdate membersAdded as in
https://learn.microsoft.com/en-us/microsoftteams/platform/bots/how-to/conversations/subscribe-to-conversation-events#team-members-added
"""

from __future__ import annotations

from bot.store import Store
from tests.helpers.teams import OTHER, TENANT, activity, install_in_team, mixed_team, serve


def run(tmp_path, steps, include_guests: bool = False):
    tmp_path.mkdir(exist_ok=True)
    if include_guests:
        Store.open(f"sqlite:///{tmp_path / 'teams.db'}").set_include_guests(TENANT, True, "teams")

    async def scenario(client, url):
        await install_in_team(client, url)
        for make in steps:
            assert (await client.post("/api/messages", json=make(url))).status in (200, 201)

    store, _ = serve(tmp_path, scenario, fake=mixed_team())
    return store


def message(sender: str, mentions=(), aid: str = "m1", **sender_fields):
    def make(url):
        body = activity(url, "hello", "channel", mentions=mentions, aid=aid)
        body["from"] = {"id": sender, "name": "someone", **sender_fields}
        body["channelData"] = {"tenant": {"id": TENANT}, "team": {"id": "19:general@thread.tacv2"}}
        return body
    return make


def members_added(*ids: str):
    def make(url):
        body = {**activity(url, "", "channel", aid="added"), "type": "conversationUpdate",
                "membersAdded": [{"id": m, "aadObjectId": "x"} for m in ids],
                "channelData": {"team": {"id": "19:general@thread.tacv2"}, "tenant": {"id": TENANT},
                                "eventType": "teamMemberAdded"}}
        body.pop("text")
        return body
    return make


def test_a_roster_stores_only_the_tenants_own_people(tmp_path):
    store = run(tmp_path, [])
    assert set(store.people(TENANT)) == {"29:ana"}


def test_a_tenant_that_includes_guests_stores_them_marked_external(tmp_path):
    store = run(tmp_path, [], include_guests=True)
    people = store.people(TENANT)
    assert set(people) == {"29:ana", "29:gus", "29:fed", "29:anon"}
    assert {p for p, person in people.items() if person.external} == {"29:gus", "29:fed", "29:anon"}


def test_members_added_later_are_looked_up_and_only_the_tenants_own_stored(tmp_path):
    store = run(tmp_path, [members_added("29:new", "29:gus")])
    people = store.people(TENANT)
    assert set(people) == {"29:ana", "29:new"} and people["29:new"].name == "Nina New"


def test_a_guests_message_and_a_mention_of_a_guest_store_nothing_about_the_guest(tmp_path):
    store = run(tmp_path, [message("29:gus", ["29:ana"]), message("29:ana", ["29:gus", "29:fed"],
                                                                   aid="m2")])
    got = [(i.actor, i.target, i.kind) for i in store.interactions(TENANT)]
    assert got == [("29:ana", None, "message")]
    assert set(store.people(TENANT)) == {"29:ana"}


def test_a_sender_the_activity_shows_as_of_another_organisation_is_a_guest(tmp_path):
    steps = [message("29:visitor", ["29:ana"], userRole="anonymous"),
             message("29:far", ["29:ana"], aid="m2", tenantId=OTHER)]
    assert list(run(tmp_path / "a", steps).interactions(TENANT)) == []
    store = run(tmp_path / "b", steps, include_guests=True)
    assert {(i.actor, i.target) for i in store.interactions(TENANT) if i.kind == "mention"} == \
        {("29:visitor", "29:ana"), ("29:far", "29:ana")}
    assert store.people(TENANT)["29:far"].external and not store.people(TENANT)["29:ana"].external


def test_a_guest_writing_to_the_bot_personally_is_told_and_nothing_is_stored(tmp_path):
    from tests.helpers.teams import row_counts
    replies = []

    async def scenario(client, url):
        body = activity(url, "join", "personal")
        body["from"] = {"id": "29:gus", "name": "Gus", "userRole": "guest"}
        assert (await client.post("/api/messages", json=body)).status == 201

    store, fake = serve(tmp_path, scenario)
    replies = [r["text"] for r in fake.replies]
    assert len(replies) == 1 and "guests" in replies[0]
    assert sum(row_counts(tmp_path / "teams.db").values()) == 0


def test_a_team_first_seen_by_a_message_has_its_roster_read_once_so_its_people_count(tmp_path):
    """The app was in the team before weaktie kept places (or the install's activity was lost):
    without the roster, the sender and the people mentioned are of unknown organisation and
    everything would be dropped."""
    steps = [message("29:ana", ["29:gus"]), message("29:ana", ["29:fed"], aid="m2")]

    async def scenario(client, url):
        for make in steps:
            assert (await client.post("/api/messages", json=make(url))).status in (200, 201)

    store, fake = serve(tmp_path, scenario, fake=mixed_team())
    assert fake.roster_reads == 1
    assert set(store.people(TENANT)) == {"29:ana"}
    assert [(i.actor, i.kind) for i in store.interactions(TENANT)] == \
        [("29:ana", "message"), ("29:ana", "message")]
    assert store.teams_places(TENANT) == [("19:general@thread.tacv2", "team")]
