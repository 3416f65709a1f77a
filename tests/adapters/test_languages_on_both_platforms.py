"""The employee's conversation in the reader's language, through the real apps on loopback:
a signed Slack DM into bolt (the Web API stand-in's users.info gives the user's locale, as
Slack does with include_locale=true: https://api.slack.com/methods/users.info), and Bot
Framework activities whose `locale` says the Teams client's language
(https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object)."""

from __future__ import annotations

from tests.helpers.slack import event, message, post, run
from tests.helpers.teams import activity, serve
from tests.standins.slack import SlackWebApi


def slack_dms(tmp_path, words: list[str], locales: dict[str, str], user: str = "UFRANCINE"):
    """Each of `words` as a DM from `user`; returns what the bot posted back, and the stand-in."""
    fake = SlackWebApi(locales=locales)

    async def scenario(client):
        for i, text in enumerate(words):
            dm = message(user=user, text=text, channel="D1", channel_type="im",
                         ts=f"1780000001.00010{i}")
            assert (await post(client, event(f"EvLang{i}", dm)))[0] == 200

    store, _ = run(tmp_path, scenario, fake)
    return [p["text"] for p in fake.posted if p.get("channel") == "D1"], store, fake


def test_a_slack_dm_rejoindre_from_a_french_slack_gets_french_and_stores_the_locale(tmp_path):
    said, store, fake = slack_dms(tmp_path, ["rejoindre", "statut"], {"UFRANCINE": "fr-FR"})
    assert said[0].startswith("C'est parti") and "`aide`" in said[0]
    assert "Vous êtes dans le prochain tour." in said[1] and "Langue\u00a0: français" in said[1]
    assert store.person("T1", "UFRANCINE").enrolled
    assert store.export_person("T1", "UFRANCINE")["person"]["locale"] == "fr-FR"
    # the locale is read once, then kept by the app: the second DM asked Slack nothing more
    asked = [f for m, f in fake.seen if m == "users.info"]
    assert len(asked) == 1 and asked[0]["include_locale"] in ("1", "true")


def test_on_slack_language_en_wins_over_a_french_locale_and_french_words_still_work(tmp_path):
    said, store, _ = slack_dms(tmp_path, ["aide", "language en", "rejoindre", "langue fr",
                                          "pause 2 semaines"], {"UFRANCINE": "fr-FR"})
    assert "Voici ce que vous pouvez me dire" in said[0] and "`rejoindre`" in said[0]
    assert said[1] == "Done: I'll write to you in English from now on."
    assert said[2].startswith("You're in!")  # French words, English reply: their choice
    assert said[3].startswith("C'est noté") and "français" in said[3]
    assert said[4].startswith("En pause pour 14 jours, jusqu'au ")
    assert store.export_person("T1", "UFRANCINE")["person"]["language"] == "fr"


def test_an_english_slack_gets_english_even_for_french_words(tmp_path):
    said, _, _ = slack_dms(tmp_path, ["rejoindre", "oublie-moi"], {}, user="UENGLISH")
    assert said[0].startswith("You're in!") and said[1].endswith("send `forget me now`.")


def teams_messages(tmp_path, turns: list[tuple[str, str | None]]):
    """Each (text, locale) as a personal message from Ana; returns the replies and the store."""
    async def scenario(client, url):
        for i, (text, locale) in enumerate(turns):
            body = activity(url, text, "personal", aid=f"lang{i}")
            if locale is not None:
                body["locale"] = locale
            assert (await client.post("/api/messages", json=body)).status in (200, 201)

    store, fake = serve(tmp_path, scenario)
    return [r["text"] for r in fake.replies], store


def test_a_teams_message_with_locale_fr_fr_gets_french_and_language_en_switches_back(tmp_path):
    said, store = teams_messages(tmp_path, [("join", "fr-FR"), ("où Lisbon", "fr-FR"),
                                            ("language en", "fr-FR"), ("status", "fr-FR"),
                                            ("langue auto", "fr-FR")])
    assert said[0].startswith("C'est parti")
    assert said[1] == "C'est noté\u00a0: vous travaillez à Lisbon."
    assert said[2] == "Done: I'll write to you in English from now on."
    assert "Office: Lisbon" in said[3] and "Language: English" in said[3]
    assert said[4].startswith("C'est fait") and "(français)" in said[4]
    person = store.export_person("TENANT1", "29:ana")["person"]
    assert person["language"] is None and person["locale"] == "fr-FR"


def test_teams_without_a_locale_follows_the_organisations_default(tmp_path):
    said, store = teams_messages(tmp_path, [("status", None), ("dance", "de-DE")])
    assert "Language: English" in said[0]  # nothing known: English
    assert "don't know `dance`" in said[1]  # a locale we do not speak says nothing
    store.set_tenant_language("TENANT1", "teams", "fr")
    said, _ = teams_messages(tmp_path, [("statut", "de-DE"), ("status", "en-GB")])
    assert "Langue\u00a0: français" in said[0]  # the organisation's default
    assert "Language: English" in said[1]  # the platform comes before the default
    assert store.export_person("TENANT1", "29:ana")["person"]["locale"] == "en-GB"


def test_an_authenticated_teams_locale_is_kept_and_a_forged_activity_writes_nothing(tmp_path,
                                                                                    keys):
    """Production mode: each activity carries a Bot Framework token signed by the Microsoft
    stand-in's published key (the replies cannot reach Microsoft from here: Teams is answered
    202 and what the message did is kept). A token for another app is refused 401 and stores
    neither its locale nor the language it asks for."""
    from bot.store import Store
    from tests.helpers.teams import registered, row_counts
    from tests.standins.microsoft import SERVICE_URL

    path, forged = tmp_path / "teams.db", keys.token(aud="someone-else")
    statuses = []

    async def say(client, text: str, locale: str, token: str) -> None:
        body = activity(SERVICE_URL, text, "personal", aid=f"auth{len(statuses)}")
        body["locale"] = locale
        response = await client.post("/api/messages", json=body,
                                     headers={"Authorization": f"Bearer {token}"})
        statuses.append(response.status)

    async def scenario(client, _url):
        await say(client, "rejoindre", "fr-FR", forged)
        assert Store.open(f"sqlite:///{path}").person("TENANT1", "29:ana") is None
        await say(client, "rejoindre", "fr-FR", keys.token())
        store = Store.open(f"sqlite:///{path}")
        assert store.person("TENANT1", "29:ana").enrolled
        assert store.export_person("TENANT1", "29:ana")["person"]["locale"] == "fr-FR"
        before = row_counts(path)
        await say(client, "status", "en-GB", forged)
        await say(client, "language en", "en-GB", forged)
        assert row_counts(path) == before

    store, _ = serve(tmp_path, scenario, registered(keys))
    assert statuses[0] == statuses[2] == statuses[3] == 401 and statuses[1] < 300
    person = store.export_person("TENANT1", "29:ana")["person"]
    assert person["locale"] == "fr-FR" and person["language"] is None
