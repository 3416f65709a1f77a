"""Enterprise Grid end to end in OAuth mode, over HTTP into the real app and bolt's OAuth flow,
with the Web API stand-in of test_slack_oauth.

An org-wide install (oauth.v2.access answers `team: null`, `enterprise.id`,
`is_enterprise_install: true`: https://api.slack.com/authentication/oauth-v2,
https://api.slack.com/enterprise/apps/reference) is saved under "E1/-" and is one tenant, E1:
signed events from any workspace of the organisation are filed there, whichever way their
authorizations[0] names the workspace (`team_id: null`, or the workspace's id as in Slack's
sample payload at https://api.slack.com/enterprise/apps/changes-apis). A workspace installed
on its own in the same organisation ("E1/T7") is another tenant, T7, with its own token. An
org-level app_uninstalled or tokens_revoked ends E1 only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.store import Store
from tests.helpers.slack import event, message, post, stored
from tests.helpers.slack_oauth import a_round, add_to_slack, deliver, grant, oauth_api, serve, settings_for
from tests.standins.slack import SlackWebApi

ORG_TOKEN = "xoxb-ORG-WIDE-TOKEN"
T7_TOKEN = "xoxb-WORKSPACE-T7-TOKEN"


def grants() -> dict[str, dict]:
    return {"org": grant(ORG_TOKEN, None, "E1", org=True, bot_user="UB0", installer="WADMIN"),
            "t7": grant(T7_TOKEN, "T7", "E1", bot_user="UB7", installer="WSEVEN")}


def in_org(event_id: str, inner: dict, workspace: str, named: bool = False) -> dict:
    """An event of workspace `workspace` reaching the org-wide install: authorizations[0]
    names the enterprise and either no team or the workspace (`named`)."""
    return {**event(event_id, inner, team=workspace), "enterprise_id": "E1",
            "is_ext_shared_channel": False,
            "authorizations": [{"enterprise_id": "E1", "team_id": workspace if named else None,
                                "user_id": "UB0", "is_bot": True,
                                "is_enterprise_install": True}]}


def in_t7(event_id: str, inner: dict) -> dict:
    """An event of T7, a workspace of the same organisation installed on its own."""
    return {**event(event_id, inner, team="T7"), "enterprise_id": "E1",
            "is_ext_shared_channel": False,
            "authorizations": [{"enterprise_id": "E1", "team_id": "T7", "user_id": "UB7",
                                "is_bot": True, "is_enterprise_install": False}]}


def installed_org(tmp_path, more=None) -> tuple[Store, SlackWebApi, dict]:
    """Install org-wide and T7 through the OAuth flow, post events from T5, T6 and T7, then
    run `more(client, url, seen, store)`."""
    store = Store.open(f"sqlite:///{tmp_path / 'grid.db'}")
    fake, seen = oauth_api(grants()), {}

    async def scenario(client, url):
        seen["org install"] = (await add_to_slack(client, "org"))[1]
        seen["t7 install"] = (await add_to_slack(client, "t7"))[1]
        seen["events"] = [
            (await post(client, payload))[0] for payload in (
                in_org("EvG1", message(user="WANA", text="<@WBEA> hi"), "T5"),
                in_org("EvG2", message(user="WBEA", ts="1780000002.000100"), "T6", named=True),
                in_t7("EvG3", message(user="WCAI", ts="1780000003.000100")))]
        if more:
            await more(client, url, seen, store)

    serve(store, fake, scenario)
    return store, fake, seen


def test_an_org_wide_install_is_saved_under_the_enterprise_and_found_for_any_workspace(tmp_path):
    store, _, seen = installed_org(tmp_path)
    assert (seen["org install"], seen["t7 install"]) == (200, 200)
    org = store.slack_install("E1", None, True)
    assert org.install_key == "E1/-" and org.tenant == "E1" and org.team_id is None
    assert org.is_enterprise_install and org.installer_user_id == "WADMIN"
    for workspace in ("T5", "T6", "T404"):  # slack_sdk's find_bot: the team is not asked for
        assert store.slack_install("E1", workspace, True).install_key == "E1/-"
    t7 = store.slack_install("E1", "T7", False)
    assert t7.install_key == "E1/T7" and t7.tenant == "T7"
    assert store.slack_install("E1", "T5", False) is None  # T5 is not installed on its own
    assert ORG_TOKEN not in org.bot_token_encrypted


def test_events_of_two_workspaces_of_the_org_are_filed_under_the_enterprise(tmp_path):
    store, fake, seen = installed_org(tmp_path)
    assert seen["events"] == [200, 200, 200]
    assert sorted(store.tenant_names()) == ["E1", "T7"]
    assert {row[:3] for row in stored(store, "E1")} == {
        ("WANA", None, "message"), ("WANA", "WBEA", "mention"), ("WBEA", None, "message")}
    assert [row[:3] for row in stored(store, "T7")] == [("WCAI", None, "message")]
    called = fake.called()
    assert ("auth.test", f"Bearer {ORG_TOKEN}") in called  # bolt authorised with each token
    assert ("auth.test", f"Bearer {T7_TOKEN}") in called


def test_nudges_go_out_with_the_token_of_the_tenants_own_installation(tmp_path):
    reports = {}

    async def more(client, url, seen, store):
        now = datetime.now(UTC)
        a_round(store, "E1", now)
        a_round(store, "T7", now)
        reports["sent"] = await deliver(store, settings_for(url), now)

    _, fake, _ = installed_org(tmp_path, more)
    assert len(reports["sent"].sent) == 2
    posts = [auth for method, auth in fake.called() if method == "chat.postMessage"]
    assert sorted(posts) == sorted([f"Bearer {ORG_TOKEN}", f"Bearer {T7_TOKEN}"])


@pytest.mark.parametrize("uninstall", [
    {"type": "app_uninstalled"},
    {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UB0"]}},
], ids=["app_uninstalled", "tokens_revoked"])
def test_an_org_level_uninstall_ends_the_enterprise_tenant_only(tmp_path, uninstall):
    async def more(client, url, seen, store):
        seen["uninstall"] = (await post(client, in_org("EvG9", uninstall, "T5")))[0]
        seen["after"] = [(await post(client, payload))[0] for payload in (
            in_t7("EvG10", message(user="WCAI", ts="1780000010.000100")),
            in_org("EvG11", message(user="WANA", ts="1780000011.000100"), "T6"))]

    store, _, seen = installed_org(tmp_path, more)
    assert seen["uninstall"] == 200
    assert store.slack_install("E1", "T5", True) is None  # the org token went at once
    assert store.slack_install("E1", "T7").tenant == "T7"  # the workspace install stays
    assert [row[0] for row in stored(store, "T7")] == ["WCAI", "WCAI"]  # still listening
    assert seen["after"][1] == 200  # bolt answers an event for the gone org install, and
    assert len(stored(store, "E1")) == 3  # nothing more is stored under it
    assert store.purge_uninstalled(datetime.now(UTC) + timedelta(days=31)) == ["E1"]


def test_an_org_wide_install_answer_with_a_team_id_is_still_found_for_every_workspace(tmp_path):
    """python-slack-sdk #1639: an org-wide installation saved with a team id was never found
    again. Here the key leaves the team out whenever is_enterprise_install is true."""
    store = Store.open(f"sqlite:///{tmp_path / 'odd.db'}")
    fake = oauth_api({"org": grant(ORG_TOKEN, "T5", "E1", org=True, bot_user="UB0")})
    statuses = []

    async def scenario(client, url):
        statuses.append((await add_to_slack(client, "org"))[1])
        statuses.append((await post(client, in_org("EvO1", message(user="WANA"), "T6")))[0])

    serve(store, fake, scenario)
    assert statuses == [200, 200]
    assert store.slack_install("E1", "T6", True).install_key == "E1/-"
    assert [row[0] for row in stored(store, "E1")] == ["WANA"]
