"""Nudges out through a loopback stand-in for the Slack Web API: once, never twice, never lost;
and a click on a button, signed, into the real app, becomes feedback."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from aiohttp.test_utils import TestServer

from adapters.slack.send import SlackNudges, nudge_client
from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.delivery import deliver_due
from bot.store import Store
from tests.helpers.slack import NOW, clicks, deliver, planned_store
from tests.standins.slack import SlackWebApi, nudge_of


def test_a_nudge_goes_once_to_a_group_dm_with_who_why_when_where_and_answers(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi()
    first, second = deliver(store, fake, rounds=2)
    assert first.sent and not second.sent
    assert len(fake.posts) == 1 and fake.calls.count("chat.postMessage") == 1
    post = fake.posts[0]
    blocks = json.loads(post["blocks"]) if isinstance(post["blocks"], str) else post["blocks"]
    text = blocks[0]["text"]["text"]
    assert "<@UANA> and <@UBEA>" in text and "You both know Cai Wu" in text
    assert "<!date^" in text and "Kitchen, 2nd floor" in text
    assert [(b["action_id"], b["value"]) for b in blocks[1]["elements"]] == [
        ("nudge_accepted_0", f"{first.sent[0]}:0"), ("nudge_another_time_0", f"{first.sent[0]}"),
        ("nudge_declined_0", f"{first.sent[0]}")]
    assert post["metadata"]["event_payload"]["nudge"] == first.sent[0]
    [nudge] = store.nudges("T1")
    assert nudge.state == "sent" and nudge.delivery_ref.endswith(post["ts"])


def test_a_dropped_connection_is_never_resent_blindly(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi(drop_posts=1)
    first, second = deliver(store, fake, rounds=2)
    assert first.uncertain and not first.sent  # unsure: left claimed, not resent at once
    assert second.sent == first.uncertain  # resumed: found in the conversation, not reposted
    assert len(fake.posts) == 1
    assert "conversations.history" in fake.calls


def test_a_rate_limit_waits_and_sends_once(tmp_path):
    store = planned_store(tmp_path)
    fake = SlackWebApi().refuse("chat.postMessage", 1, retry_after="1")
    [report] = deliver(store, fake)
    assert report.sent and len(fake.posts) == 1
    assert fake.calls.count("chat.postMessage") == 2


def test_a_click_becomes_feedback_from_that_member_only(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi()
    [nudge] = store.nudges("T1")
    statuses, _ = clicks(tmp_path, store, fake, [
        ("nudge_accepted_0", f"{nudge.id}:0", "UANA"),
        ("nudge_declined_0", f"{nudge.id}", "UZED")])
    assert statuses == [200, 200]
    updated, reply = fake.responses[0], fake.responses[1]
    assert updated["replace_original"] is True
    assert updated["blocks"][-1]["elements"][0]["text"] == "<@UANA> accepted option 1"
    assert reply["text"].startswith("Great, you accepted")
    assert "not a member" in fake.responses[-1]["text"]
    export = store.export_person("T1", "UANA")
    assert [(f["kind"]) for f in export["feedback"]] == ["accepted"]
    assert store.person("T1", "UZED") is None
    assert fake.posts == []  # one acceptance confirms nothing yet


def test_when_everyone_accepts_the_same_slot_it_is_confirmed_with_a_calendar_link(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi()
    [nudge] = store.nudges("T1")
    value = f"{nudge.id}:0"
    from bot.service.meetups import link_token
    link = f"/calendar/{nudge.id}/{link_token('k' * 32, nudge.id)}.ics"
    statuses, got = clicks(tmp_path, store, fake, [("nudge_accepted_0", value, "UANA"),
                                                   ("nudge_accepted_0", value, "UBEA")], link)
    assert statuses == [200, 200]
    [announcement] = fake.posts
    assert "Confirmed for everyone: option 1" in announcement["text"]
    assert f"https://weaktie.example{link}" in announcement["text"]
    status, ics = got
    assert status == 200 and "BEGIN:VEVENT" in ics and "DTSTART:20261127T120000Z" in ics
    assert "LOCATION:Kitchen\\, 2nd floor" in ics


def test_a_wrong_calendar_token_is_a_plain_404(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi()
    [nudge] = store.nudges("T1")
    _, got = clicks(tmp_path, store, fake, [], f"/calendar/{nudge.id}/{'0' * 32}.ics")
    assert got[0] == 404


def test_did_you_meet_is_asked_once_after_the_last_slot_and_yes_feeds_the_ties(tmp_path):
    from bot.service.delivery import ask_did_you_meet
    store, fake = planned_store(tmp_path), SlackWebApi()
    later = NOW + timedelta(days=3)

    async def main():
        async with TestServer(fake.app) as api:
            adapter = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))
            too_early = await ask_did_you_meet(store, "slack", adapter, NOW)
            await deliver_due(store, "slack", adapter, NOW)
            still_early = await ask_did_you_meet(store, "slack", adapter, NOW)
            asked = await ask_did_you_meet(store, "slack", adapter, later)
            again = await ask_did_you_meet(store, "slack", adapter, later)
            return too_early, still_early, asked, again

    too_early, still_early, asked, again = asyncio.run(main())
    assert not too_early.sent and not still_early.sent and not again.sent
    assert len(asked.sent) == 1
    question = fake.posts[-1]
    assert question["text"].startswith("Did you meet?") and question["channel"] == fake.posts[0]["channel"]
    assert question["metadata"]["event_type"] == "weaktie_follow_up"
    [nudge] = store.nudges("T1")
    assert nudge.state == "asked"
    answers = SlackWebApi()  # a new server: aiohttp apps belong to one event loop
    statuses, _ = clicks(tmp_path, store, answers, [("nudge_met_0", str(nudge.id), "UBEA")])
    assert statuses == [200] and answers.responses[-1]["text"].startswith("Wonderful")
    meetings = [(i.actor, i.target) for i in store.interactions("T1") if i.kind == "meeting"]
    assert meetings == [("UANA", "UBEA")]


def test_serving_many_workspaces_each_nudge_goes_with_its_own_workspaces_token(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi()
    asked = []

    async def main():
        async with TestServer(fake.app) as api:
            async def client_for(team):
                asked.append(team)
                return nudge_client(f"xoxb-of-{team}", str(api.make_url("/api/")))
            return await deliver_due(store, "slack", SlackNudges(client_for=client_for), NOW)

    report = asyncio.run(main())
    assert report.sent and asked == ["T1"]
    assert set(fake.auths) == {"Bearer xoxb-of-T1"}


def test_a_rate_limited_conversation_does_not_hold_up_the_others(tmp_path):
    store = planned_store(tmp_path)
    fake = SlackWebApi().refuse("chat.postMessage", 1, retry_after="1")
    store.record_interactions("T1", [("e2", Interaction("UCAI", "UDAN", "reply", NOW, "C1"))],
                              "slack")
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    plan = RoundPlan((Nudge(("UCAI", "UDAN"), 1.0, ("You both post in #chess",), (slot,)),), ())
    store.save_round("T1", Program(name="second"), NOW, plan, NOW)
    [report] = deliver(store, fake)
    first, second = (n.id for n in store.nudges("T1"))
    assert report.sent == [first, second]
    order = [p["metadata"]["event_payload"]["nudge"] for p in fake.posts]
    throttled = nudge_of(fake.refused[0])
    other = first if throttled == second else second
    assert throttled in (first, second)
    assert order == [other, throttled]  # the other went while this one waited out its 429


def test_a_post_still_rate_limited_after_the_clients_retries_is_planned_again_not_failed(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi().refuse("chat.postMessage", times=4)
    first, second = deliver(store, fake, rounds=2)
    assert first.deferred and not first.sent and not first.failed
    assert second.sent == first.deferred and len(fake.posts) == 1
    assert "conversations.history" not in fake.calls  # Slack kept nothing: no need to look


def test_a_5xx_after_slack_took_the_post_is_uncertain_and_the_resume_finds_it(tmp_path):
    store = planned_store(tmp_path)
    fake = SlackWebApi().refuse("chat.postMessage", 1, 500, keep=True)
    first, second = deliver(store, fake, rounds=2)
    assert first.uncertain and not first.failed
    assert second.sent == first.uncertain and len(fake.posts) == 1
    assert "conversations.history" in fake.calls


def test_a_resumed_nudge_whose_lookup_is_rate_limited_stays_claimed_and_is_never_resent(tmp_path):
    store, fake = planned_store(tmp_path), SlackWebApi().refuse("conversations.history", times=4)
    fake.drop_posts = 1
    first, second, third = deliver(store, fake, rounds=3)
    assert first.uncertain and second.uncertain == first.uncertain and not second.deferred
    assert store.nudges("T1")[0].state in ("sending", "sent")
    assert third.sent == first.uncertain and len(fake.posts) == 1


def test_a_workspace_waiting_out_429s_does_not_hold_up_another_workspace(tmp_path):
    store = planned_store(tmp_path)  # T1's first nudge, then eight more, then one for T2
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    pairs = [(f"UA{i}", f"UB{i}") for i in range(8)]
    store.record_interactions("T1", [(f"e{i}", Interaction(a, b, "reply", NOW, "C1"))
                                     for i, (a, b) in enumerate(pairs)], "slack")
    store.save_round("T1", Program(name="more"), NOW,
                     RoundPlan(tuple(Nudge(p, 1.0, (), (slot,)) for p in pairs), ()), NOW)
    store.record_interactions("T2", [("f1", Interaction("UX", "UY", "reply", NOW, "C9"))], "slack")
    store.save_round("T2", Program(), NOW, RoundPlan((Nudge(("UX", "UY"), 1.0, (), (slot,)),), ()),
                     NOW)
    fake = SlackWebApi().refuse("chat.postMessage", times=9, token="xoxb-of-T1")

    async def main():
        async with TestServer(fake.app) as api:
            async def client_for(team):
                return nudge_client(f"xoxb-of-{team}", str(api.make_url("/api/")))
            return await deliver_due(store, "slack", SlackNudges(client_for=client_for), NOW)

    report = asyncio.run(main())
    assert len(report.sent) == 10 and len(fake.posts) == 10
    # T1's first nine posts are refused; T2's went through while T1 was still being refused.
    [(_, refusals_left)] = [seen for seen in fake.let_through if seen[0] == "Bearer xoxb-of-T2"]
    assert refusals_left > 0


def test_the_programs_tone_sets_the_nudges_first_words_and_last_line(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'tones.db'}")
    store.record_interactions("T1", [("e1", Interaction("UANA", "UBEA", "reply", NOW, "C1"))],
                              "slack")
    slot = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
    for tone in ("playful", "brief"):
        plan = RoundPlan((Nudge(("UANA", "UBEA"), 2.0, ("You both know Cai Wu",), (slot,)),), ())
        store.save_round("T1", Program(name=tone, tone=tone), NOW, plan, NOW)
    fake = SlackWebApi()
    deliver(store, fake)
    texts = [(json.loads(p["blocks"]) if isinstance(p["blocks"], str) else p["blocks"])[0]["text"]["text"]
             for p in fake.posts]
    texts.sort(key=lambda text: not text.startswith("*🎲"))  # sent concurrently: either first
    assert texts[0].startswith("*🎲 Plot twist: a coffee*, <@UANA> and <@UBEA>!")
    assert texts[0].endswith("Worst case, you'll have had a good coffee.")
    assert texts[1].startswith("*Coffee suggestion*, <@UANA> and <@UBEA>!")
    assert texts[1].endswith("12:30 (UTC)>")  # brief: no closing line after the times


def test_a_retry_after_beyond_the_budget_defers_at_once_rather_than_holding_the_claim(tmp_path):
    """A send must end well within the claim lease; a long Retry-After sends it back to planned."""
    store = planned_store(tmp_path)
    fake = SlackWebApi().refuse("chat.postMessage", times=1, retry_after="3600")
    [report] = deliver(store, fake)
    assert report.deferred and not report.sent and fake.calls.count("chat.postMessage") == 1
    assert store.nudges("T1")[0].state == "planned"
