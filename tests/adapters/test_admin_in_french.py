"""A French-speaking manager through the real stacks: signed `/coffee` commands and DMs into
bolt (the Web API stand-in's users.info gives `locale: fr-FR`, as Slack does with
include_locale=true: https://api.slack.com/methods/users.info), and Bot Framework activities
whose `locale` is fr-FR (https://learn.microsoft.com/en-us/azure/bot-service/rest-api/
bot-framework-rest-connector-api-reference#activity-object). Answers, forms and their errors
come back in French; numbers as French writes them; aggregates never name anyone."""

from __future__ import annotations

import json

from bot.store import Store
from tests.helpers.admin_chat import coffee, says, slack, teams
from tests.helpers.health import org
from tests.helpers.slack import event, interactive, post, views
from tests.standins.slack import SlackWebApi

NBSP = "\u00a0"


def test_a_french_slack_manager_runs_the_admin_words_in_french_and_reads_french(tmp_path):
    fake = SlackWebApi(admins=frozenset({"UBOSS", "UENG"}),
                       locales={"UBOSS": "fr-FR", "UENG": "en-GB"})
    store, said = Store.open(f"sqlite:///{tmp_path / 'slack.db'}"), []

    async def scenario(client):
        for text in ("admin programmes", "admin créer cafe taille=3 ton=chaleureux",
                     "admin voir cafe", "admin pause cafe", "admin reprendre cafe",
                     "admin supprimer cafe", "admin aide", "admin danser"):
            said.append(await coffee(client, "UBOSS", text))
        said.append(await coffee(client, "UENG", "admin programmes"))  # French words, English
        said.append(await coffee(client, "UANA", "admin programmes"))  # not a manager

    slack(tmp_path, scenario, fake, store=store)
    empty, created, shown, paused, resumed, delete, helped, unknown, english, refused = said
    assert empty.startswith("Pas encore de programme.")
    assert created.startswith("`cafe` est créé") and "Groupes de 3" in created
    assert f"ton{NBSP}: chaleureux" in shown and "(actif)" in shown
    assert store.program("T1", "cafe").tone == "warm"  # the value stays the program's own
    assert paused.startswith("`cafe` est en pause")
    assert resumed.startswith("`cafe` tourne de nouveau")
    assert "`admin supprimer cafe maintenant`" in delete
    assert "`admin programmes`" in helped and "`admin santé`" in helped
    assert unknown.startswith("Désolé, `admin danser` n'est pas une commande")
    assert english.startswith("Programs:\n• `cafe` (active)")
    assert refused.startswith("Sorry, only community managers")  # Ana's Slack is in English


def test_admin_sante_in_a_slack_dm_gives_french_figures_and_no_names(tmp_path):
    fake = SlackWebApi(locales={"UBOSS": "fr-FR"})
    store = Store.open(f"sqlite:///{tmp_path / 'slack.db'}")
    ids = org(store, "T1", 12)

    async def scenario(client):
        dm = {"type": "message", "channel_type": "im", "user": "UBOSS", "channel": "D9",
              "text": "admin sante", "ts": "1780000001.000100"}
        assert (await post(client, event("EvSante", dm)))[0] == 200

    slack(tmp_path, scenario, fake, managers={"UBOSS"}, store=store)
    [answer] = [p["text"] for p in fake.posted if p.get("channel") == "D9"]
    assert answer.startswith(f"Santé du réseau cette semaine (24 personnes){NBSP}:")
    assert f"8,3{NBSP}%" in answer and f"100{NBSP}%" in answer  # Babel's French percent
    assert "Les chiffres portant sur moins de 10 personnes ne sont pas montrés." in answer
    assert not any(i in answer for i in ids) and "Name " not in answer


def test_the_slack_program_modal_is_in_french_and_fits_slacks_limits(tmp_path):
    fake = SlackWebApi(locales={"UBOSS": "fr-FR"})
    answers = []

    async def scenario(client):
        await coffee(client, "UBOSS", "admin créer cafe")
        assert await coffee(client, "UBOSS", "admin formulaire cafe") == ""
        [modal] = views(fake, "views.open")
        values = {b["block_id"]: {"value": {"type": "plain_text_input", "value": "Nulle/Part"}}
                  for b in modal["blocks"] if b["block_id"] == "tz"}
        values["name"] = {"value": {"type": "plain_text_input", "value": "cafe"}}
        body, headers = interactive({"type": "view_submission", "team": {"id": "T1"},
                                     "user": {"id": "UBOSS", "team_id": "T1"},
                                     "api_app_id": "A1", "token": "x", "trigger_id": "1.2",
                                     "view": {"id": "V1", "type": "modal",
                                              "callback_id": modal["callback_id"],
                                              "state": {"values": values}}})
        answers.append(await post(client, body, headers))

    slack(tmp_path, scenario, fake, managers={"UBOSS"})
    [modal] = views(fake, "views.open")
    assert (modal["title"]["text"], modal["submit"]["text"], modal["close"]["text"]) == \
        ("Programme cafe", "Enregistrer", "Annuler")
    labels = {b["block_id"]: b["label"]["text"] for b in modal["blocks"]}
    assert labels["size"] == "Taille des groupes" and labels["tone"] == "Ton des invitations"
    tone = next(b for b in modal["blocks"] if b["block_id"] == "tone")["element"]
    assert [(o["value"], o["text"]["text"]) for o in tone["options"]] == \
        [("warm", "Chaleureux"), ("brief", "Bref"), ("playful", "Ludique")]
    status, text = answers[0]
    errors = json.loads(text)["errors"]
    assert status == 200 and errors["tz"].startswith("tz : je ne connais pas le fuseau".replace(
        " :", NBSP + ":"))


def test_a_french_teams_manager_reads_french_and_fills_the_program_card_in_french(tmp_path):
    async def scenario(client, url):
        steps = [("boss", "admin programmes"), ("boss", "admin creer cafe taille=2"),
                 ("boss", "admin formulaire cafe"), ("ana", "admin stats")]
        for i, (who, text) in enumerate(steps):
            body = says(url, who, text, f"fr{i}")
            body["locale"] = "fr-FR"
            assert (await client.post("/api/messages", json=body)).status in (200, 201)
        card = fake.replies[2]["attachments"][0]["content"]
        sent = {e["id"]: e["value"] for e in card["body"] if "id" in e}
        body = says(url, "boss", "", "fr-submit", {**sent, "tz": "Nulle/Part",
                                                    **card["actions"][0]["data"]})
        body["locale"] = "fr-FR"
        await client.post("/api/messages", json=body)

    from tests.standins.microsoft import MicrosoftStandIn
    fake = MicrosoftStandIn()
    store, _ = teams(tmp_path, scenario, {"29:boss"}, fake)
    empty, created, form, refused, bad = fake.replies
    assert empty["text"].startswith("Pas encore de programme.")
    assert created["text"].startswith("`cafe` est créé")
    card = form["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Programme café `cafe`"
    assert card["actions"][0]["title"] == "Enregistrer" and card["fallbackText"]
    labels = {e["id"]: e["label"] for e in card["body"] if "id" in e}
    assert labels["size"] == "Taille des groupes" and labels["cooldown"].startswith("Délai")
    assert refused["text"].startswith("Désolé, seuls les responsables")
    assert bad["text"].startswith(f"Pas enregistré{NBSP}:\n• tz") and "fuseau" in bad["text"]
    assert store.program("TENANT1", "cafe").timezone == "UTC"  # nothing refused was written


def test_an_authenticated_french_manager_creates_and_a_forged_one_writes_nothing(tmp_path, keys):
    """Production mode: the manager's French words and their `locale` arrive with a Bot
    Framework token signed by the Microsoft stand-in's published key (the replies cannot reach
    Microsoft from here: Teams is answered 202, and what the words did is kept); with a token
    for another app each is refused 401 and writes no program, locale nor language."""
    from dataclasses import replace

    from tests.helpers.teams import registered, serve
    from tests.standins.microsoft import SERVICE_URL
    statuses = []

    async def scenario(client, _url):
        for i, (text, locale, token) in enumerate([
                ("admin creer cafe taille=2", "fr-FR", keys.token()),
                ("admin creer the taille=3", "fr-CA", keys.token(aud="someone-else")),
                ("admin langue fr", "fr-CA", keys.token(aud="someone-else")),
                ("langue en", "fr-CA", keys.token(aud="someone-else"))]):
            body = says(SERVICE_URL, "boss", text, f"afr{i}")
            body["locale"] = locale
            statuses.append((await client.post("/api/messages", json=body, headers={
                "Authorization": f"Bearer {token}"})).status)

    store, _ = serve(tmp_path, scenario, replace(registered(keys), managers=frozenset({"29:boss"})))
    assert statuses[0] < 300 and statuses[1:] == [401, 401, 401]
    assert store.program("TENANT1", "cafe").group_size == 2
    assert store.program("TENANT1", "the") is None
    spoken = store.spoken("TENANT1", "29:boss")
    assert (spoken.chosen, spoken.locale, spoken.tenant_default) == (None, "fr-FR", None)
