"""The Home tab and the profile form for a French reader, end to end: Slack's app_home_opened
and block_actions over signed HTTP (users.info gives `locale: fr-FR`), and the Teams profile
card for an activity whose `locale` is fr-FR; the form's errors in French too."""

from __future__ import annotations

import json

from tests.helpers.slack import event, interactive, post, run, views
from tests.helpers.teams import activity, serve
from tests.standins.slack import SlackWebApi

NBSP = "\u00a0"


def button(action: str, user: str = "UANA") -> tuple[bytes, dict]:
    return interactive({"type": "block_actions", "team": {"id": "T1"},
                        "user": {"id": user, "team_id": "T1"}, "api_app_id": "A1",
                        "token": "x", "trigger_id": "13.37", "container": {"type": "view"},
                        "actions": [{"action_id": action, "block_id": "home", "type": "button",
                                     "action_ts": "1780000000.1"}]})


def bad_profile() -> tuple[bytes, dict]:
    values = {"office": {"value": {"type": "plain_text_input", "value": "Paris"}},
              "tz": {"value": {"type": "plain_text_input", "value": "Mars/Olympus"}},
              "hours": {"value": {"type": "plain_text_input", "value": "17-9"}}}
    return interactive({"type": "view_submission", "team": {"id": "T1"},
                        "user": {"id": "UANA", "team_id": "T1"}, "api_app_id": "A1",
                        "token": "x", "trigger_id": "13.38",
                        "view": {"id": "V1", "type": "modal", "callback_id": "weaktie_profile",
                                 "state": {"values": values}}})


def test_a_french_slack_reader_gets_the_home_tab_the_profile_modal_and_its_errors_in_french(
        tmp_path):
    fake, answers = SlackWebApi(locales={"UANA": "fr-FR"}), []

    async def scenario(client):
        await post(client, event("EvHfr", {"type": "app_home_opened", "user": "UANA",
                                           "tab": "home", "channel": "D1"}))
        for action in ("home_join", "home_profile"):
            assert (await post(client, *button(action)))[0] == 200
        answers.append(await post(client, *bad_profile()))

    store, calls = run(tmp_path, scenario, fake)
    before, after = views(fake, "views.publish")
    assert "Vous *ne participez pas* aux tours café." in json.dumps(before, ensure_ascii=False)
    buttons = [e["text"]["text"] for b in after["blocks"] if b["type"] == "actions"
               for e in b["elements"]]
    assert buttons == ["Pause 2 semaines", "Quitter", "Modifier mon profil"]
    assert "Vous êtes *dans le prochain tour*." in json.dumps(after, ensure_ascii=False)
    [modal] = views(fake, "views.open")
    assert (modal["title"]["text"], modal["submit"]["text"]) == ("Mon profil café", "Enregistrer")
    assert [b["label"]["text"] for b in modal["blocks"]] == \
        ["Bureau", "Fuseau horaire", "Horaires de travail", "Je préfère ne pas être associé à"]
    errors = json.loads(answers[0][1])["errors"]
    assert errors["tz"].startswith("Indiquez un fuseau horaire")
    assert errors["hours"].startswith("Indiquez une plage")
    assert store.person("T1", "UANA").office is None  # nothing refused was written
    assert calls.count("users.info") == 1  # the locale was read once, then kept


def test_a_french_teams_reader_gets_the_profile_card_and_its_answers_in_french(tmp_path):
    async def scenario(client, url):
        for i, (text, value) in enumerate([("profil", None),
                                           ("", {"weaktie": "profile", "office": "Paris",
                                                 "tz": "Mars/Olympus", "hours": "9-17"}),
                                           ("", {"weaktie": "profile", "office": "Paris",
                                                 "tz": "Europe/Paris", "hours": "9-17"})]):
            body = activity(url, text, "personal", aid=f"pfr{i}")
            body["locale"] = "fr-FR"
            if value is not None:
                body["value"] = value
            assert (await client.post("/api/messages", json=body)).status in (200, 201)

    store, fake = serve(tmp_path, scenario)
    card = fake.replies[0]["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Votre profil café"
    assert [e["label"] for e in card["body"] if "label" in e] == \
        ["Bureau", "Fuseau horaire", "Horaires de travail"]
    assert card["actions"][0]["title"] == "Enregistrer"
    assert card["fallbackText"] == card["speak"] and "Votre profil café" in card["speak"]
    refused, saved = (r["text"] for r in fake.replies[1:])
    assert refused.startswith(f"Pas enregistré{NBSP}: Indiquez un fuseau horaire")
    assert saved == "Enregistré."
    assert store.person("TENANT1", "29:ana").timezone == "Europe/Paris"


def test_an_authenticated_french_profile_answer_is_saved_and_a_forged_one_writes_nothing(
        tmp_path, keys):
    """Production mode: the profile card's answer and its `locale` arrive with a Bot Framework
    token signed by the Microsoft stand-in's published key (the reply cannot reach Microsoft
    from here: Teams is answered 202, and the answer is kept); a token for another app is
    refused 401 and stores neither the profile nor the locale."""
    from bot.store import Store
    from tests.helpers.teams import registered, row_counts
    from tests.standins.microsoft import SERVICE_URL
    statuses, counts = [], []
    answer = {"weaktie": "profile", "office": "Paris", "tz": "Europe/Paris", "hours": "9-17"}

    def kept() -> tuple:
        store = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
        return (store.person("TENANT1", "29:ana").office,
                store.export_person("TENANT1", "29:ana")["person"]["locale"])

    async def scenario(client, _url):
        for i, (locale, value, token) in enumerate([
                ("fr-FR", None, keys.token()),
                ("de-DE", {**answer, "office": "Lyon"}, keys.token(aud="someone-else")),
                ("fr-CA", answer, keys.token())]):
            body = activity(SERVICE_URL, "" if value else "profil", "personal", aid=f"pauth{i}")
            body["locale"] = locale
            if value is not None:
                body["value"] = value
            statuses.append((await client.post("/api/messages", json=body, headers={
                "Authorization": f"Bearer {token}"})).status)
            counts.append(row_counts(tmp_path / "teams.db"))
            if i == 1:  # the forged answer changed nothing
                assert kept() == (None, "fr-FR") and counts[1] == counts[0]

    serve(tmp_path, scenario, registered(keys))
    assert statuses[1] == 401 and statuses[0] < 300 and statuses[2] < 300
    assert kept() == ("Paris", "fr-CA")
