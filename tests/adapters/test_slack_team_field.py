"""Teams from a Slack custom profile field, end to end (issue 15): a manager's `admin team field
…` as a signed slash command into the real app and bolt (team.profile.get answered by the Web
API stand-in), refused to anyone else and answered with a reason on Teams; and user_change
events that carry `user.profile.fields` (https://api.slack.com/events/user_change), which set
the named field's value as the team at once and keep nothing else of the profile."""

from __future__ import annotations

from sqlalchemy import text

from bot.service.admin import REFUSAL
from bot.service.team_field import REFUSED, SLACK_ONLY
from tests.helpers.admin_chat import coffee, says, slack, teams
from tests.helpers.slack import event, post
from tests.standins.slack import SlackWebApi

DEPARTMENT, PRONOUNS, TITLE = "Xf0111111", "Xf0222222", "Xf0333333"
FIELDS = {TITLE: "Title", DEPARTMENT: "Département", PRONOUNS: "Pronouns"}
CANARY = "CANARY-pronouns-never-kept"


def user_change(user: str, fields, **profile) -> dict:
    """A user_change as Slack sends it when it includes the custom fields."""
    return {"type": "user_change", "user": {
        "id": user, "team_id": "T1", "name": user.lower(), "deleted": False, "is_bot": False,
        "tz": "Europe/Lisbon", "profile": {"real_name": f"Person {user}", "team": "T1",
                                           "fields": fields, **profile}}}


def test_a_workspace_admin_names_the_field_whatever_its_case_accents_or_spaces(tmp_path):
    fake, said = SlackWebApi(admins=frozenset({"UADMIN"}), fields=FIELDS), []

    async def scenario(client):
        for user, words in [("UANA", "admin team field Department"),
                            ("UADMIN", "admin team field"),
                            ("UADMIN", "admin team field Cost centre"),
                            ("UADMIN", "admin team field   DEPARTEMENT "),
                            ("UADMIN", "admin team field"),
                            ("UADMIN", "admin team colour")]:
            said.append(await coffee(client, user, words))

    store = slack(tmp_path, scenario, fake)
    refused, nothing, unknown, named, status, usage = said
    assert refused == REFUSAL
    assert nothing.startswith("No profile field gives teams here.")
    assert unknown == ("No profile field is called “Cost centre”. This workspace's fields: "
                       "“Title”, “Département”, “Pronouns”.")
    assert named.startswith("Teams now come from the profile field “Département”")
    assert status == "Teams come from the profile field “Département”: 0 of 0 people read " \
        "since it was named."
    assert usage.startswith("`admin team field Department`")
    named_field = store.team_field("T1")
    assert (named_field.label, named_field.field_id) == ("Département", DEPARTMENT)
    assert fake.requests["team.profile.get"] == 2  # the unknown label and the named one
    assert "include_labels" not in repr(fake.seen)


def test_off_clears_the_teams_the_field_gave_and_without_the_permission_it_says_why(tmp_path):
    fake, said = SlackWebApi(admins=frozenset({"UADMIN"}), fields=FIELDS), []

    async def scenario(client):
        said.append(await coffee(client, "UADMIN", "admin team field Département"))
        await post(client, event("EvF1", user_change("UANA", {DEPARTMENT: {"value": "Payments",
                                                                        "alt": ""}})))
        said.append(await coffee(client, "UADMIN", "admin team field"))
        said.append(await coffee(client, "UADMIN", "admin team field off"))
        said.append(await coffee(client, "UADMIN", "admin team field off"))
        fake.profile_scope = False  # an install from before weaktie asked for users.profile:read
        said.append(await coffee(client, "UADMIN", "admin team field Department"))

    store = slack(tmp_path, scenario, fake)
    assert said[1] == ("Teams come from the profile field “Département”: 1 of 1 person read "
                       "since it was named.")  # the event's value counts as a read
    assert said[2] == ("Teams no longer come from a profile field; the 1 it gave is cleared "
                       "(teams from a people file or Microsoft 365 stay).")
    assert said[3] == "No profile field gives teams here; nothing changed."
    assert said[4] == REFUSED
    assert store.team_field("T1") is None and store.person("T1", "UANA").team is None


def test_on_teams_a_manager_is_told_profile_fields_are_for_slack(tmp_path):
    async def scenario(client, url):
        for i, (who, words) in enumerate([("boss", "admin team field Department"),
                                          ("ana", "admin team field Department")]):
            response = await client.post("/api/messages", json=says(url, who, words, f"t{i}"))
            assert response.status == 201

    store, fake = teams(tmp_path, scenario, managers={"aad-boss"})
    assert [r["text"] for r in fake.replies] == [SLACK_ONLY, REFUSAL]
    assert store.team_field("TENANT1") is None


def test_user_change_with_the_named_field_sets_the_team_at_once_and_keeps_nothing_else(
        tmp_path):
    fake = SlackWebApi(admins=frozenset({"UADMIN"}), fields=FIELDS)
    statuses = []

    async def scenario(client):
        # before any field is named, a value is no team
        statuses.append(await post(client, event("EvC0", user_change(
            "UCAI", {DEPARTMENT: {"value": "Legal", "alt": ""}}))))
        await coffee(client, "UADMIN", "admin team field Département")
        for i, body in enumerate([
                user_change("UANA", {DEPARTMENT: {"value": "  Payments ", "alt": ""},
                                     PRONOUNS: {"value": CANARY, "alt": ""}}),
                user_change("UBEA", {PRONOUNS: {"value": CANARY, "alt": ""}}),  # no department
                user_change("UDAN", [], status_text=CANARY),  # no field filled in: Slack's []
                user_change("UEVE", {DEPARTMENT: {"value": "Research", "alt": ""}}),
                user_change("UEVE", {DEPARTMENT: {"value": "", "alt": ""}}),  # emptied
                user_change("UFAY", {DEPARTMENT: {"value": "Sales", "alt": ""}}) | {
                    "user": {"id": "UFAY", "team_id": "T9", "profile": {"team": "T9", "fields": {
                        DEPARTMENT: {"value": "Sales", "alt": ""}}}}}]):  # Slack Connect
            statuses.append(await post(client, event(f"EvC{i + 1}", body)))

    store = slack(tmp_path, scenario, fake)
    assert {status for status, _ in statuses} == {200}
    teams_now = {p: person.team for p, person in store.people("T1").items()}
    assert teams_now == {"UCAI": None, "UANA": "Payments", "UBEA": None, "UDAN": None,
                         "UEVE": None}
    assert store.person("T1", "UFAY") is None
    assert fake.requests["users.profile.get"] == 0  # the event carried it: no read needed
    with store.engine.connect() as conn:
        dump = "".join(repr(conn.execute(text(f"select * from {table}")).all())
                       for table in ("people", "team_field_reads", "team_fields"))
    assert CANARY not in dump
