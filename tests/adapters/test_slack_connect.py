"""Slack Connect and Enterprise Grid at the edge, over signed HTTP into the real app: every
event is filed under the installation bolt resolves (authorizations[0], an action's team),
never under the payload's top-level team_id, and people of other organisations are not stored.

Fixture shapes follow Slack's docs and bolt-python's tests/slack_bolt/request/test_internals.py:
https://api.slack.com/apis/events-api#callback-field (authorizations, is_ext_shared_channel,
context_team_id), https://api.slack.com/events/message (user_team, source_team),
https://api.slack.com/events/tokens_revoked, https://api.slack.com/events/app_uninstalled_team,
https://api.slack.com/events/team_access_revoked,
https://api.slack.com/reference/interaction-payloads/block-actions (user.team_id).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction
from bot.store import Store
from tests.helpers.slack import BUTTON, event, interactive, message, post, reaction, slack_app, stored

NOW = datetime.now(UTC)


def run(tmp_path, scenario, seed=None) -> tuple[Store, None]:
    """The app on loopback (one workspace, bot token) over a store `seed` prepares; the
    scenario gets the client and the store."""
    store = Store.open(f"sqlite:///{tmp_path / 'connect.db'}")
    if seed:
        seed(store)

    async def main() -> None:
        async with slack_app(store) as (client, _):
            await scenario(client, store)

    asyncio.run(main())
    return store, None


def installed_at(team: str = "T1", enterprise: str | None = None, org: bool = False) -> list:
    return [{"enterprise_id": enterprise, "team_id": team, "user_id": "UBOT", "is_bot": True,
             "is_enterprise_install": org}]


def connect(event_id: str, inner: dict, source: str = "T2") -> dict:
    """An event in a channel shared with the organisation `source`: the envelope names the
    organisation it came from, authorizations[0] the installation it reached (T1)."""
    return {**event(event_id, inner, team=source), "enterprise_id": None,
            "context_team_id": "T1", "context_enterprise_id": None,
            "authorizations": installed_at(), "is_ext_shared_channel": True}


def uninstalled(store) -> list[str]:
    """Tenants marked uninstalled (the purge after 30 days would take them)."""
    return store.purge_uninstalled(NOW + timedelta(days=31))


def test_a_shared_channel_event_is_filed_under_the_installed_workspace(tmp_path):
    async def scenario(client, store):
        await post(client, connect("EvC1", message(user="UANA", team="T1", text="hi")))

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == ["T1"]  # before: tenant T2, the other organisation
    assert stored(store) == [("UANA", None, "message", "C1")]


def test_a_person_of_the_other_organisation_is_not_stored(tmp_path):
    async def scenario(client, store):
        await post(client, connect("EvC2", message(user="UEXT", team="T2", user_team="T2",
                                                   source_team="T2", text="<@UANA>")))
        await post(client, connect("EvC3", reaction(user="UEXT", user_team="T2")))

    store, _ = run(tmp_path, scenario)
    assert "T2" not in store.tenant_names()
    assert all(store.person(t, "UEXT") is None for t in store.tenant_names())


def test_in_a_shared_channel_only_people_already_known_as_ours_are_kept(tmp_path):
    def seed(store):
        store.record_interactions("T1", [("seed", Interaction("UBEA", None, "message", NOW,
                                                              "C9"))], "slack")

    async def scenario(client, store):
        await post(client, connect("EvC4", message(user="UANA", team="T1",
                                                   text="<@UBEA> <@UWHO>")))

    store, _ = run(tmp_path, scenario, seed=seed)
    assert ("UANA", "UBEA", "mention", "C1") in stored(store)
    assert store.person("T1", "UWHO") is None  # unverified: maybe the other organisation's


def test_a_profile_change_of_another_organisations_user_is_not_stored(tmp_path):
    async def scenario(client, store):
        change = {"type": "user_change", "user": {"id": "UEXT", "team_id": "T2",
                                                  "profile": {"real_name": "Ext Person"}}}
        await post(client, {**event("EvC5", change), "authorizations": installed_at()})

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == []


def test_a_home_button_from_another_organisation_changes_nothing(tmp_path):
    async def scenario(client, store):
        body, headers = interactive({**BUTTON, "user": {"id": "UEXT", "team_id": "T2"}})
        assert (await post(client, body, headers))[0] == 200

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == []


def test_a_uninstall_of_the_other_organisation_marks_only_the_installed_one(tmp_path):
    async def scenario(client, store):
        await post(client, connect("EvC6", message(user="UANA", team="T1")))
        await post(client, {**event("EvC7", {"type": "app_uninstalled"}, team="T2"),
                            "authorizations": installed_at()})

    store, _ = run(tmp_path, scenario)
    assert uninstalled(store) == ["T1"] and store.tenant_names() == []


def test_tokens_revoked_uninstalls_only_when_the_bots_own_token_goes(tmp_path):
    async def scenario(client, store):
        await post(client, event("EvT1", message()))  # bolt learns the bot's id (auth.test)
        people = {"type": "tokens_revoked", "tokens": {"oauth": ["UANA"], "bot": []}}
        other = {"type": "tokens_revoked", "tokens": {"bot": ["UNOTOURS"]}}
        ours = {"type": "tokens_revoked", "tokens": {"oauth": ["UANA"], "bot": ["UBOT"]}}
        for n, inner in enumerate((people, other, ours)):
            assert (await post(client, event(f"EvT{n + 2}", inner)))[0] == 200
            if n < 2:
                assert store.purge_uninstalled(NOW + timedelta(days=31)) == []

    store, _ = run(tmp_path, scenario)
    assert uninstalled(store) == ["T1"]  # only by the last: the bot's own token


def test_a_person_revoking_their_token_is_no_uninstall(tmp_path):
    async def scenario(client, store):
        await post(client, event("EvT5", message()))
        await post(client, event("EvT6", {"type": "tokens_revoked",
                                          "tokens": {"oauth": ["UANA"]}}))

    store, _ = run(tmp_path, scenario)
    assert uninstalled(store) == []


# -- Enterprise Grid: an org-wide install is one tenant, the enterprise ----------------------

def grid(event_id: str, inner: dict, workspace: str = "T5") -> dict:
    return {**event(event_id, inner, team=workspace), "enterprise_id": "E1",
            "authorizations": installed_at(workspace, "E1", org=True)}


def test_an_org_wide_install_files_every_workspace_under_the_enterprise(tmp_path):
    async def scenario(client, store):
        await post(client, grid("EvG1", message(user="WANA", team="T5", text="<@WBEA>")))
        await post(client, grid("EvG2", message(user="WBEA", user_team="E1",
                                                ts="1780000002.000100"), workspace="T6"))

    store, _ = run(tmp_path, scenario)
    assert store.tenant_names() == ["E1"]
    assert {row[:3] for row in stored(store, "E1")} == {
        ("WANA", None, "message"), ("WANA", "WBEA", "mention"), ("WBEA", None, "message")}


def test_an_org_app_leaving_one_workspace_is_no_uninstall_but_leaving_the_org_is(tmp_path):
    results = []

    async def scenario(client, store):
        await post(client, grid("EvG3", message(user="WANA", team="T5")))
        gone_one = {"type": "app_uninstalled_team", "team_id": "T6", "app_id": "A1"}
        revoked = {"type": "team_access_revoked", "team_ids": ["T5", "T6"]}
        # an admin event about another app of the organisation (api_app_id is ours, A1)
        other_app = {"type": "app_uninstalled_team", "team_id": "E1", "app_id": "A2"}
        for n, inner in enumerate((gone_one, revoked, other_app)):
            await post(client, grid(f"EvG{4 + n}", inner))
        results.append(store.purge_uninstalled(NOW + timedelta(days=31)))
        await post(client, grid("EvG9", {"type": "app_uninstalled_team", "team_id": "E1",
                                         "app_id": "A1"}))

    store, _ = run(tmp_path, scenario)
    assert results == [[]]
    assert uninstalled(store) == ["E1"]


def test_team_access_revoked_naming_a_workspace_tenant_uninstalls_it(tmp_path):
    async def scenario(client, store):
        await post(client, event("EvW1", message()))
        await post(client, {**event("EvW2", {"type": "team_access_revoked",
                                             "team_ids": ["T1"]}),
                            "authorizations": installed_at("T1", "E1")})

    store, _ = run(tmp_path, scenario)
    assert uninstalled(store) == ["T1"]


def test_tokens_revoked_reads_the_bots_id_from_its_own_authorizations(tmp_path):
    async def scenario(client, store):
        await post(client, event("EvT7", message()))  # auth.test names UBOT
        # an installation whose bot is U0WEAKBOT1, as the event's authorizations[0] says
        bot = [{**installed_at()[0], "user_id": "U0WEAKBOT1"}]
        await post(client, {**event("EvT8", {"type": "tokens_revoked",
                                             "tokens": {"bot": ["U0WEAKBOT1"]}}),
                            "authorizations": bot})

    store, _ = run(tmp_path, scenario)
    assert uninstalled(store) == ["T1"]
