"""A French-speaking manager (Slack's users.info gives `locale: fr-FR`, as Slack does with
include_locale=true: https://api.slack.com/methods/users.info; a Teams activity carries its
`locale`: https://learn.microsoft.com/en-us/azure/bot-service/rest-api/
bot-framework-rest-connector-api-reference#activity-object) reads the cadence's problems, a
scope's unknown channel and the program form's field errors in French; an English one in
English. The cadence words and channel names stay as typed."""

from __future__ import annotations

import json

from tests.helpers.admin_chat import coffee, managers_told, says, slack, teams
from tests.helpers.slack import interactive, post, views
from tests.standins.slack import SlackWebApi

NBSP = "\u00a0"  # French puts a no-break space before ":", "?" and ";"


def test_the_cadences_problems_are_in_the_managers_language(tmp_path):
    said = managers_told(tmp_path, {
        "UBOSS": ['admin créer cafe cadence="weekly mon 25:00"',
                  'admin créer cafe cadence="weekly 10:00"',
                  'admin créer cafe cadence="0 10 * 13 *"',
                  'admin créer cafe cadence="sometimes 10:00"'],
        "UENG": ['admin create tea cadence="weekly mon 25:00"',
                 'admin create tea cadence="0 10 * 13 *"']})
    hour, day, month, word = said["UBOSS"]
    assert hour == (f"Pas créé{NBSP}: cadence{NBSP}: heure 25:00{NBSP}: une heure comme 10:00 "
                    "ou 9:30 est attendue.")
    assert day.startswith(f"Pas créé{NBSP}: cadence{NBSP}: quel jour de la semaine{NBSP}?")
    assert "'weekly mon 10:00'" not in day and f"«{NBSP}weekly mon 10:00{NBSP}»" in day
    assert f"crontab, mois «{NBSP}13{NBSP}»{NBSP}: 13 est hors de 1-12" in month
    assert f"«{NBSP}sometimes{NBSP}» n'est pas compris" in word and "expected" not in word
    assert said["UENG"] == [
        "Not created: cadence: time 25:00: expected a time of day such as 10:00 or 9:30.",
        "Not created: cadence: crontab month '13': 13 is outside 1-12."]


def test_a_scopes_unknown_channel_is_in_the_managers_language(tmp_path):
    said = managers_told(tmp_path, {"UBOSS": ["admin créer cafe scope=#nulle-part",
                                          "admin créer cafe", "admin modifier cafe scope=#ailleurs"],
                                "UENG": ["admin create tea scope=#nowhere"]})
    not_created, _created, unchanged = said["UBOSS"]
    assert not_created.startswith(f"Pas créé{NBSP}: scope{NBSP}: aucun canal #nulle-part "
                                  "n'est connu ici")
    assert "none known" not in not_created and unchanged.startswith("Rien n'a changé")
    assert "aucun canal #ailleurs n'est connu ici" in unchanged
    assert said["UENG"][0].startswith("Not created: scope: no channel #nowhere is known here "
                                      "(none known yet")


def test_the_slack_program_forms_cadence_error_is_in_the_submitters_language(tmp_path):
    fake = SlackWebApi(locales={"UBOSS": "fr-FR", "UENG": "en-GB"})
    errors = {}

    async def scenario(client):
        for who, name in (("UBOSS", "cafe"), ("UENG", "tea")):
            await coffee(client, who, f"admin create {name}")
            assert await coffee(client, who, f"admin form {name}") == ""
            values = {"name": {"value": {"type": "plain_text_input", "value": name}},
                      "cadence": {"value": {"type": "plain_text_input", "value": "weekly 10:00"}}}
            body, headers = interactive({
                "type": "view_submission", "team": {"id": "T1"},
                "user": {"id": who, "team_id": "T1"}, "api_app_id": "A1", "token": "x",
                "trigger_id": "1.2", "view": {"id": "V1", "type": "modal",
                                              "callback_id": views(fake, "views.open")[-1][
                                                  "callback_id"],
                                              "state": {"values": values}}})
            status, text = await post(client, body, headers)
            assert status == 200
            errors[who] = json.loads(text)["errors"]

    slack(tmp_path, scenario, fake, managers={"UBOSS", "UENG"})
    assert errors["UBOSS"] == {"cadence": (
        f"cadence{NBSP}: quel jour de la semaine{NBSP}? Par exemple «{NBSP}weekly mon 10:00{NBSP}» "
        f"ou «{NBSP}every other week tue 9:30{NBSP}»")}
    assert errors["UENG"] == {"cadence": (
        "cadence: which day of the week? e.g. 'weekly mon 10:00' or 'every other week tue 9:30'")}


def test_the_teams_program_cards_cadence_error_is_in_the_submitters_language(tmp_path):
    async def scenario(client, url):
        for n, (who, locale, name) in enumerate((("boss", "fr-FR", "cafe"),
                                                 ("eng", "en-GB", "tea"))):
            for i, text in enumerate((f"admin create {name}", f"admin form {name}")):
                body = says(url, who, text, f"w{n}{i}")
                body["locale"] = locale
                assert (await client.post("/api/messages", json=body)).status in (200, 201)
            card = fake.replies[-1]["attachments"][0]["content"]
            sent = {e["id"]: e["value"] for e in card["body"] if "id" in e}
            body = says(url, who, "", f"s{n}", {**sent, "cadence": "0 10 * 13 *",
                                                 **card["actions"][0]["data"]})
            body["locale"] = locale
            await client.post("/api/messages", json=body)

    from tests.standins.microsoft import MicrosoftStandIn
    fake = MicrosoftStandIn()
    store, _ = teams(tmp_path, scenario, {"29:boss", "29:eng"}, fake)
    french, english = fake.replies[2]["text"], fake.replies[5]["text"]
    assert french.startswith(f"Pas enregistré{NBSP}:\n• cadence")
    assert f"crontab, mois «{NBSP}13{NBSP}»{NBSP}: 13 est hors de 1-12" in french
    assert "cadence: crontab month '13': 13 is outside 1-12" in english
    assert store.program("TENANT1", "cafe").cadence is None  # nothing refused was written
