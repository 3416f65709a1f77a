"""The store's Slack installations on SQLite and PostgreSQL, with slack_sdk's semantics
(slack_sdk/oauth/installation_store/sqlalchemy and its tests): keyed by enterprise id + team
id, an org-wide install found for any workspace of its enterprise, saves that never fail when
two OAuth completions race, ids no column can hold found as nothing, never a database error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import BadInput
from tests.helpers.concurrency import at_once

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)
BAD = ["T\x00", ["T1"], {"id": "T1"}, "T" * 300, ""]


def workspace(team="T1", enterprise=None, token="sealed-1") -> dict:
    return {"enterprise_id": enterprise, "team_id": team, "is_enterprise_install": False,
            "app_id": "A1", "bot_id": "B1", "bot_user_id": "UB1", "bot_scopes": "chat:write",
            "installer_user_id": "UINST", "bot_token_encrypted": token}


def org(enterprise="E1", token="sealed-org", team=None) -> dict:
    return {**workspace(team, enterprise, token), "is_enterprise_install": True}


def test_a_workspace_install_is_found_by_its_team_and_nothing_else(store):
    store.save_slack_install("T1", workspace(), NOW)
    found = store.slack_install(None, "T1")
    assert found.install_key == "-/T1" and found.tenant == "T1"
    assert found.installed_at == NOW and found.bot_token_encrypted == "sealed-1"
    assert store.slack_install("E1", "T1") is None  # another key: a Grid workspace's
    assert store.slack_install(None, "T2") is None
    assert store.slack_install_of("T1").install_key == "-/T1"


def test_an_org_wide_install_is_found_for_every_workspace_of_its_enterprise(store):
    store.save_slack_install("E1", org(), NOW)
    for team in (None, "T5", "T6"):
        assert store.slack_install("E1", team, True).install_key == "E1/-"
    assert store.slack_install("E1", None).tenant == "E1"  # team None: the org's
    assert store.slack_install("E1", "T5", False) is None  # T5 not installed on its own
    assert store.slack_install("E2", "T5", True) is None
    assert store.slack_install_of("E1").is_enterprise_install is True


def test_an_org_wide_install_saved_with_a_team_id_is_found_all_the_same(store):
    store.save_slack_install("E1", org(team="T5"), NOW)  # python-slack-sdk #1639's shape
    assert store.slack_install("E1", "T6", True).team_id is None


def test_a_workspace_installed_on_its_own_inside_an_org_stays_apart(store):
    store.save_slack_install("E1", org(), NOW)
    store.save_slack_install("T7", workspace("T7", "E1", "sealed-7"), NOW)
    assert store.slack_install("E1", "T7").bot_token_encrypted == "sealed-7"
    assert store.slack_install("E1", "T7", True).bot_token_encrypted == "sealed-org"
    store.remove_slack_installs_of("E1")
    assert store.slack_install("E1", "T5", True) is None
    assert store.slack_install("E1", "T7").tenant == "T7"


def test_a_reinstall_replaces_the_installation_in_place(store):
    store.save_slack_install("T1", workspace(token="old"), NOW)
    store.save_slack_install("T1", workspace(token="new"), NOW + timedelta(days=1))
    found = store.slack_install(None, "T1")
    assert found.bot_token_encrypted == "new" and found.installed_at == NOW + timedelta(days=1)
    with store.engine.connect() as conn:
        from sqlalchemy import text
        assert conn.scalar(text("select count(*) from slack_installations")) == 1


def test_oauth_completions_for_one_workspace_at_once_never_fail(store):
    failures = at_once(lambda i: store.save_slack_install("T1", workspace(token=f"t{i}"), NOW))
    assert failures == []  # before: delete-then-insert, a unique violation on PostgreSQL
    assert store.slack_install(None, "T1").bot_token_encrypted.startswith("t")


def test_an_install_reinstates_its_tenant_and_the_purge_spares_it(store):
    store.record_interactions("T1", [], "slack")
    store.update_person("T1", "UANA", "slack")
    store.mark_uninstalled("T1", NOW)
    store.save_slack_install("T1", workspace(), NOW + timedelta(days=10))
    assert store.purge_uninstalled(NOW + timedelta(days=31)) == []
    assert store.person("T1", "UANA") is not None


def test_reinstate_clears_an_uninstall_and_never_creates_a_tenant(store):
    store.update_person("T1", "UANA", "slack")
    assert store.reinstate("T1") is False  # installed: nothing to do
    store.mark_uninstalled("T1", NOW)
    assert store.reinstate("T1") is True
    assert store.purge_uninstalled(NOW + timedelta(days=31)) == []
    assert store.reinstate("T404") is False and store.tenant_names() == ["T1"]
    assert store.reinstate("T\x00") is False


@pytest.mark.parametrize("bad", BAD, ids=["nul", "list", "dict", "300", "empty"])
def test_ids_no_column_can_hold_find_nothing_and_remove_nothing(store, bad):
    store.save_slack_install("T1", workspace(), NOW)
    assert store.slack_install(bad, "T1") is None
    assert store.slack_install(None, bad) is None
    assert store.slack_install(bad, None, True) is None
    assert store.slack_install_of(bad) is None
    store.remove_slack_install(None, bad)
    store.remove_slack_installs_of(bad)
    assert store.slack_install(None, "T1") is not None


@pytest.mark.parametrize("values", [workspace("T\x00"), workspace("T" * 300), org(["E1"]),
                                    workspace(None)],
                         ids=["nul", "300", "list", "neither team nor enterprise"])
def test_an_installation_naming_ids_no_column_can_hold_is_refused_and_writes_nothing(store, values):
    with pytest.raises(BadInput):
        store.save_slack_install("T1", values, NOW)
    assert store.slack_install_of("T1") is None and store.tenant_names() == []


@pytest.mark.parametrize("state", ["s\x00", "s" * 101, ["s"], None, ""])
def test_an_oauth_state_no_column_can_hold_is_simply_not_ours(store, state):
    store.issue_oauth_state("good-state", NOW + timedelta(minutes=10))
    assert store.consume_oauth_state(state, NOW) is False
    assert store.consume_oauth_state("good-state", NOW) is True
    assert store.consume_oauth_state("good-state", NOW) is False  # once
