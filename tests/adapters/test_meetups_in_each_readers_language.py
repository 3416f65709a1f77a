"""Meetup messages in their readers' languages through the real stacks on loopback: the Slack
sender posting to the Web API stand-in (chat.postMessage as Slack documents it:
https://api.slack.com/methods/chat.postMessage) and a signed DM into bolt; botbuilder's
CloudAdapter posting each member's card to the Bot Connector stand-in, after each member's
messages told Teams' `locale`
(https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference#activity-object).

A Slack group DM is in the language most of its members read (ties: the organisation's
default, then English) with a line for the others in theirs; each Teams card is in its one
reader's language. The plain text (Slack's `text`, Teams' fallbackText and speak) is complete.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.core.reasons import Reason, pair_reason
from bot.service.delivery import ask_did_you_meet, deliver_due
from bot.store import Store
from tests.helpers.slack import NOW, clicks, deliver, event, message, planned_store, post, run
from tests.helpers.teams import activity, serve
from tests.standins.slack import SlackWebApi

SLOT = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))  # 12:00 UTC
THREE = ("UANA", "UBEA", "UCAI")


def slack_group(tmp_path, languages: dict[str, tuple[str | None, str | None]],
                default: str | None = None, reasons=None) -> Store:
    """A planned nudge for the members of `languages` ({member: (chosen, Slack locale)}), all
    in Paris, with the reasons the core writes for a group of three."""
    tmp_path.mkdir(exist_ok=True)
    store = Store.open(f"sqlite:///{tmp_path / 'slack.db'}")
    members = tuple(languages)
    store.record_interactions("T1", [("e1", Interaction(members[0], members[1], "reply", NOW,
                                                        "C1"))], "slack")
    for member, (chosen, locale) in languages.items():
        store.update_person("T1", member, "slack", timezone="Europe/Paris", language=chosen)
        if locale:
            store.note_locale("T1", member, locale)
    if default:
        store.set_tenant_language("T1", "slack", default)
    reasons = reasons or (pair_reason("Ana", "Bea", Reason.of("known_more", name="Dee Park",
                                                              n=2)),
                          pair_reason("Bea", "Cai", Reason.of("channel", channel="#chess")))
    store.save_round("T1", Program(), NOW, RoundPlan(
        (Nudge(members, 2.0, reasons, (SLOT,), "Kitchen, 2nd floor"),), ()), NOW)
    return store


def posted(fake: SlackWebApi, index: int = 0) -> tuple[str, str, list[dict]]:
    post_ = fake.posts[index]
    shown = post_["blocks"]
    shown = json.loads(shown) if isinstance(shown, str) else shown
    return post_["text"], " ".join(json.dumps(b, ensure_ascii=False) for b in shown), shown


def test_a_slack_group_dm_is_in_the_majoritys_language_with_a_note_for_the_others(tmp_path):
    store = slack_group(tmp_path, {"UANA": ("fr", None), "UBEA": (None, "fr-FR"),
                                   "UCAI": (None, "en-US")})
    fake = SlackWebApi()
    [report] = deliver(store, fake)
    assert report.sent
    text, shown, blocks = posted(fake)
    assert "C'est l'heure d'un café" in shown and "Accepter" in shown
    assert "Ana et Bea : vous avez des connaissances en commun : Dee Park et 2 autres " \
           "personnes" in shown
    [note] = [b for b in blocks if b.get("block_id") == "languages"]
    assert note["elements"][0]["text"].startswith("<@UCAI>: this message is in French")
    assert "`why`" in note["elements"][0]["text"]
    # the top-level text: who, why, when with its zone, where, what to do, and the note
    for part in ("<@UANA>, <@UBEA> et <@UCAI>", "Pourquoi : Ana et Bea : vous avez",
                 "Bea et Cai : vous écrivez dans le même canal, #chess",
                 "13:00–13:30 (Paris)", "Où : Kitchen, 2nd floor",
                 "Pour répondre, acceptez un horaire", "<@UCAI>: this message is in French"):
        assert part in text, (part, text)


def test_a_tie_goes_to_the_organisations_default_then_to_english(tmp_path):
    pair = {"UANA": ("fr", None), "UBEA": ("en", None)}
    fake = SlackWebApi()
    deliver(slack_group(tmp_path / "a", pair, default="fr"), fake)
    text, shown, _ = posted(fake)
    assert text.startswith("C'est l'heure d'un café") and "<@UBEA>: this message is in French" \
        in text
    fake = SlackWebApi()
    deliver(slack_group(tmp_path / "b", pair), fake)
    text, shown, _ = posted(fake)
    assert text.startswith("Time for a coffee") and "<@UANA> : ce message est en anglais" in text


def test_a_nudge_stored_before_reasons_were_structured_shows_its_english_reasons(tmp_path):
    store = planned_store(tmp_path)  # its reason is the sentence "You both know Cai Wu"
    for member in ("UANA", "UBEA"):
        store.update_person("T1", member, "slack", language="fr")
    fake = SlackWebApi()
    deliver(store, fake)
    text, shown, _ = posted(fake)
    assert "Pourquoi vous :* You both know Cai Wu." in shown
    assert "Pourquoi : You both know Cai Wu." in text and "(UTC)" in text


def test_the_follow_up_and_the_why_answer_are_in_french_on_slack(tmp_path):
    store = slack_group(tmp_path, {"UANA": ("fr", None), "UBEA": ("fr", None)})
    fake = SlackWebApi()
    asyncio.run(_deliver_and_ask(store, fake, NOW + timedelta(days=2)))
    text, shown, _ = posted(fake, 1)
    assert text.startswith("Avez-vous pu vous rencontrer ? <@UANA> et <@UBEA>")
    assert "Oui, c'est fait" in shown and "Pas encore" in shown

    async def scenario(client):
        dm = message(user="UANA", text="pourquoi", channel="D1", channel_type="im",
                     ts="1780000001.000100")
        assert (await post(client, event("EvWhy", dm)))[0] == 200

    dms = SlackWebApi()
    run(tmp_path, scenario, dms)
    said = [p["text"] for p in dms.posted if p.get("channel") == "D1"]
    assert said and said[0].startswith("Pourquoi je vous ai proposé cette rencontre")
    assert "Ana et Bea : vous avez des connaissances en commun : Dee Park" in said[0]


async def _deliver_and_ask(store, fake, later):
    """The nudge, then "Did you meet?" once its slot is over, through the real Slack sender."""
    from aiohttp.test_utils import TestServer

    from adapters.slack.send import SlackNudges, nudge_client
    async with TestServer(fake.app) as api:
        sender = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))
        assert (await deliver_due(store, "slack", sender, NOW)).sent
        assert (await ask_did_you_meet(store, "slack", sender, later)).sent


def test_each_teams_member_reads_their_card_in_their_own_language_and_time_zone(tmp_path, keys):
    """Each member's locale arrives on an authenticated activity (production mode: a Bot
    Framework token signed by the Microsoft stand-in's published key; a forged one is refused
    401 and stores no locale). The cards then go through botbuilder's CloudAdapter to the Bot
    Connector stand-in: a registered bot's replies cannot reach Microsoft from here, so each
    member's conversation reference is pointed at the stand-in, as Teams' regional serviceUrl
    would be at Microsoft's."""
    from adapters.teams.endpoint import cloud_adapter, dev_settings
    from adapters.teams.send import TeamsNudges
    from tests.helpers.teams import registered
    from tests.standins.microsoft import SERVICE_URL
    now = datetime.now(UTC).replace(microsecond=0)
    slot = Slot(now + timedelta(days=1), now + timedelta(days=1, minutes=30))

    async def scenario(client, url):
        for user, locale, token, wanted in (
                ("29:ana", "fr-FR", keys.token(), 201), ("29:bea", "en-US", keys.token(), 201),
                ("29:ana", "en-US", keys.token(aud="someone-else"), 401)):
            body = activity(SERVICE_URL, "join", "personal", aid=f"hello-{user}-{locale}")
            body["from"].update(id=user, name=user[3:].title())
            body["conversation"]["id"] = f"a:{user}"
            body["locale"] = locale
            status = (await client.post("/api/messages", json=body,
                                        headers={"Authorization": f"Bearer {token}"})).status
            assert status == wanted or (wanted == 201 and status == 202), (user, status)
        store = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
        for user, locale in (("29:ana", "fr-FR"), ("29:bea", "en-US")):
            assert store.export_person("TENANT1", user)["person"]["locale"] == locale
            reference = store.reference("TENANT1", user)
            store.save_reference("TENANT1", user, {**reference, "serviceUrl": url}, "teams", now)
        store.update_person("TENANT1", "29:ana", "teams", timezone="Europe/Paris",
                            display_name="Ana Ruiz")
        store.update_person("TENANT1", "29:bea", "teams", timezone="America/New_York",
                            display_name="Bea Lind")
        plan = RoundPlan((Nudge(("29:ana", "29:bea"), 1.0,
                                (Reason.of("same_office", office="Lyon"),), (slot,), "Kitchen"),),
                         ())
        await asyncio.to_thread(store.save_round, "TENANT1", Program(), now, plan, now)
        sender = TeamsNudges(cloud_adapter(dev_settings()), "")
        assert (await deliver_due(store, "teams", sender, now)).sent

    _, fake = serve(tmp_path, scenario, registered(keys))
    cards = {r["path"].split("/")[3]: r["attachments"][0]["content"]
             for r in fake.replies if r.get("attachments")}
    ana, bea = cards["a:29:ana"], cards["a:29:bea"]
    assert ana["lang"] == "fr" and bea["lang"] == "en"
    assert "Vous travaillez au même endroit : Lyon" in json.dumps(ana, ensure_ascii=False)
    assert "You both work at Lyon" in json.dumps(bea)
    assert [a["title"] for a in ana["actions"]] == ["Accepter", "Un autre moment",
                                                    "Impossible pour moi"]
    for card, zone in ((ana, "(Paris)"), (bea, "(New York)")):
        assert card["speak"] == card["fallbackText"] and zone in card["fallbackText"]
        assert "Kitchen" in card["fallbackText"]
    assert "Bea Lind" in ana["fallbackText"] and "Ana Ruiz" in bea["fallbackText"]


def test_clicks_are_answered_in_the_clickers_language_and_confirmed_in_the_groups(tmp_path):
    """Signed block_actions into bolt: the reply to each clicker in theirs, the answers line
    under the message and the confirmation everyone reads in the group's."""
    store = slack_group(tmp_path, {"UANA": ("fr", None), "UBEA": (None, "fr-FR"),
                                   "UCAI": ("en", None)})
    [nudge] = store.nudges("T1")
    fake = SlackWebApi()
    statuses, _ = clicks(tmp_path, store, fake, [
        ("nudge_accepted_0", f"{nudge.id}:0", "UANA"),
        ("nudge_accepted_0", f"{nudge.id}:0", "UCAI"),
        ("nudge_accepted_0", f"{nudge.id}:0", "UBEA")])
    assert statuses == [200, 200, 200]
    replies = [r["text"] for r in fake.responses if r.get("response_type") == "ephemeral"]
    assert replies[0].startswith("Parfait, vous avez accepté")
    assert replies[1].startswith("Great, you accepted")
    lines = [r["blocks"][-1]["elements"][0]["text"] for r in fake.responses
             if r.get("replace_original")]
    assert lines[0] == "<@UANA> a accepté l'option 1"
    [confirmed] = [p["text"] for p in fake.posts]
    assert confirmed.startswith("C'est confirmé pour tout le monde : option 1, ")
    assert "13:00 (Paris), à Kitchen, 2nd floor. Ajoutez-le à votre agenda : " \
           "https://weaktie.example/calendar/" in confirmed
