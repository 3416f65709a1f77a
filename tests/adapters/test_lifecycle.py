"""The lifecycle on a fake clock: tick() through the real Slack and Teams senders against
loopback stand-ins. A reminder goes once, a decline is re-matched once, three unanswered
rounds pause a person with one notice, and nothing is ever sent twice."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from aiohttp.test_utils import TestServer

from adapters.slack.render import OUTBOX_TYPE
from adapters.slack.send import SlackNudges, nudge_client
from bot.core.model import Interaction, Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service import after_round as lifecycle
from bot.service.conversation import handle_request
from bot.service.outbound import IDLE_NOTICE
from scheduler.jobs import tick
from tests.standins.microsoft import MicrosoftStandIn
from tests.standins.slack import SlackWebApi

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
SLOT = Slot(MONDAY, MONDAY + timedelta(minutes=30))


def slack_round(store, unmatched=(), due=NOW, slot=SLOT, name="default") -> int:
    store.record_interactions("T1", [(f"e{i}", Interaction(a, b, "reply", NOW - timedelta(days=9),
                                                           "C1"))
                                     for i, (a, b) in enumerate([("UANA", "UBEA"),
                                                                 ("UCAI", "UDAN")])], "slack")
    plan = RoundPlan((Nudge(("UANA", "UBEA"), 1.0, ("You both know Eve",), (slot,), "Kitchen"),),
                     tuple(unmatched))
    return store.save_round("T1", Program(name=name), due, plan, due)


def ticking(store, fake, steps):
    """Run `steps(run)` with the Slack stand-in up; run(now) ticks once with the real sender."""
    async def main():
        async with TestServer(fake.app) as api:
            sender = SlackNudges(nudge_client("xoxb-test", str(api.make_url("/api/"))))

            async def run(now):
                return await tick(store, {"slack": sender}, now)

            await steps(run)

    asyncio.run(main())


def posts_of(fake, kind):
    return [p for p in fake.posts if p["metadata"].get("event_type") == kind]


def accept_both(store, at):
    [nudge] = store.nudges("T1")
    for who in ("UANA", "UBEA"):
        store.record_feedback("T1", nudge.id, who, "accepted", at, 0)
    return nudge


def test_a_reminder_goes_once_into_the_group_dm_a_day_before_the_agreed_slot(store):
    slack_round(store)
    fake = SlackWebApi()

    async def steps(run):
        await run(NOW)
        accept_both(store, NOW + timedelta(hours=1))
        early = await run(MONDAY - timedelta(hours=25))
        due = await run(MONDAY - timedelta(hours=23))
        again = await run(MONDAY - timedelta(hours=22))
        assert (early.outbox, due.outbox, again.outbox) == (0, 1, 0)

    ticking(store, fake, steps)
    [reminder] = posts_of(fake, OUTBOX_TYPE)
    [nudge_post] = posts_of(fake, "weaktie_nudge")
    assert reminder["channel"] == nudge_post["channel"]  # the group's own conversation
    blocks = reminder["blocks"] if isinstance(reminder["blocks"], list) else \
        json.loads(reminder["blocks"])
    text = blocks[0]["text"]["text"]
    assert f"<!date^{int(MONDAY.timestamp())}^" in text and "Kitchen" in text
    assert "<@UANA> and <@UBEA>" in text
    [row] = store.outbox("T1")
    assert row.state == "sent" and row.key == f"reminder:{row.nudge}"


def test_a_slot_agreed_less_than_a_day_ahead_gets_no_reminder(store):
    slack_round(store)
    fake = SlackWebApi()

    async def steps(run):
        await run(NOW)
        accept_both(store, MONDAY - timedelta(hours=20))
        assert (await run(MONDAY - timedelta(hours=19))).outbox == 0

    ticking(store, fake, steps)
    assert posts_of(fake, OUTBOX_TYPE) == [] and store.outbox("T1") == []


def test_a_reminder_cut_off_mid_send_is_looked_for_and_never_posted_twice(store):
    slack_round(store)
    fake = SlackWebApi()

    async def steps(run):
        await run(NOW)
        accept_both(store, NOW + timedelta(hours=1))
        fake.drop_posts = 1  # Slack takes the reminder; its answer never arrives
        cut = await run(MONDAY - timedelta(hours=23))
        assert cut.outbox == 0 and store.outbox("T1")[0].state == "sending"
        resumed = await run(MONDAY - timedelta(hours=22))
        assert resumed.outbox == 1

    ticking(store, fake, steps)
    assert len(posts_of(fake, OUTBOX_TYPE)) == 1
    assert store.outbox("T1")[0].state == "sent"


def test_a_reminder_claimed_then_crashed_before_posting_is_posted_once_on_resume(store):
    slack_round(store)
    fake = SlackWebApi()

    async def steps(run):
        await run(NOW)
        accept_both(store, NOW + timedelta(hours=1))
        lifecycle.plan_reminders(store, "slack", True, MONDAY - timedelta(hours=23))
        [row] = store.outbox("T1")
        assert store.move_outbox(row.id, "planned", "sending")  # then the process died
        await run(MONDAY - timedelta(hours=23))
        await run(MONDAY - timedelta(hours=22))

    ticking(store, fake, steps)
    assert len(posts_of(fake, OUTBOX_TYPE)) == 1
    assert "conversations.history" in fake.calls


def test_a_decline_rematches_the_partner_once_with_someone_free_in_the_round(store):
    slack_round(store, unmatched=("UCAI", "UDAN"))
    fake = SlackWebApi()

    async def steps(run):
        await run(NOW)
        [first] = store.nudges("T1")
        store.record_feedback("T1", first.id, "UBEA", "declined", NOW + timedelta(hours=1))
        rematched = await run(NOW + timedelta(hours=1))
        again = await run(NOW + timedelta(hours=2))
        assert len(rematched.rematched) == 1 and rematched.sent == 1 and again.rematched == []
        second = store.nudges("T1")[-1]
        assert second.members == ("UANA", "UCAI") and second.state == "sent"
        assert second.round == first.round
        assert all(slot.end <= SLOT.end for slot in second.slots)
        # Their new partner declines too: UANA is not re-matched a second time, and UDAN,
        # still free, is not paired on the back of it.
        store.record_feedback("T1", second.id, "UCAI", "declined", NOW + timedelta(hours=3))
        assert (await run(NOW + timedelta(hours=3))).rematched == []

    ticking(store, fake, steps)
    nudges = posts_of(fake, "weaktie_nudge")
    assert len(nudges) == 2
    assert "<@UANA> and <@UCAI>" in json.dumps(nudges[1]["blocks"])
    assert not any("UBEA" in json.dumps(p["blocks"]) for p in nudges[1:])


def test_a_decline_after_the_rounds_slots_are_over_is_not_rematched(store):
    slack_round(store, unmatched=("UCAI",))
    fake = SlackWebApi()

    async def steps(run):
        await run(NOW)
        [first] = store.nudges("T1")
        late = SLOT.end + timedelta(minutes=5)
        store.record_feedback("T1", first.id, "UBEA", "declined", late)
        assert (await run(late)).rematched == []

    ticking(store, fake, steps)
    assert len(store.nudges("T1")) == 1


def test_three_unanswered_rounds_pause_a_person_with_one_notice_and_resume_brings_them_back(store):
    fake = SlackWebApi()
    weeks = [NOW - timedelta(weeks=w) for w in (3, 2, 1)]

    async def steps(run):
        for i, due in enumerate(weeks):
            slot = Slot(due + timedelta(days=1), due + timedelta(days=1, minutes=30))
            round_id = slack_round(store, due=due, slot=slot, name=f"week{i}")
            await run(due)
            nudge = store.nudges("T1", round_id)[0]
            store.record_feedback("T1", nudge.id, "UBEA", "not_yet", due + timedelta(days=2))
        paused = await run(NOW)
        again = await run(NOW + timedelta(hours=1))
        assert paused.paused == [("T1", "UANA")] and again.paused == []
        assert store.person("T1", "UANA").idle_paused
        reply = handle_request(store, "T1", "UANA", "resume", NOW + timedelta(hours=2), "slack")
        assert reply.startswith("Welcome back")
        after = await run(NOW + timedelta(hours=3))
        assert after.paused == [] and not store.person("T1", "UANA").idle_paused
        assert store.person("T1", "UANA").available(NOW + timedelta(hours=3))

    ticking(store, fake, steps)
    [notice] = posts_of(fake, OUTBOX_TYPE)
    assert notice["channel"] == "GUANA" and notice["text"] == IDLE_NOTICE  # a DM with UANA
    assert "resume" in notice["text"]
    assert [r.key for r in store.outbox("T1")] == [f"idle:UANA:{store.nudges('T1')[-1].round}"]


def test_an_away_person_is_skipped_by_the_next_round_and_included_after_away_until(store):
    from tests.helpers.weekly import organised
    organised(store)
    store.update_person("acme", "cai", "import", away_until=datetime(2026, 10, 24, tzinfo=UTC))
    first = asyncio.run(tick(store, {}, datetime(2026, 10, 21, 12, 0, tzinfo=UTC)))
    later = asyncio.run(tick(store, {}, datetime(2026, 10, 27, 12, 0, tzinfo=UTC)))
    assert len(first.planned) == len(later.planned) == 1
    rounds: dict[int, set[str]] = {}
    for nudge in store.nudges("acme"):
        rounds.setdefault(nudge.round, set()).update(nudge.members)
    before, after = (rounds[r] for r in sorted(rounds))
    assert "cai" not in before and "cai" in after


def test_on_teams_each_member_gets_the_reminder_once_and_a_cut_off_one_is_left_for_a_person(
        store):
    from adapters.teams.endpoint import cloud_adapter, dev_settings
    from adapters.teams.send import TeamsNudges
    fake = MicrosoftStandIn()

    async def main():
        async with TestServer(fake.app) as connector:
            url = str(connector.make_url("")).rstrip("/")
            for who in ("29:ana", "29:bea", "29:cai", "29:dan"):
                ref = {"activityId": "a1", "user": {"id": who}, "bot": {"id": "28:bot"},
                       "conversation": {"id": f"a:{who}"}, "channelId": "msteams",
                       "serviceUrl": url}
                store.save_reference("TENANT1", who, ref, "teams", NOW)
            for pair in (("29:ana", "29:bea"), ("29:cai", "29:dan")):
                plan = RoundPlan((Nudge(pair, 1.0, ("You both know Eve",), (SLOT,), "Kitchen"),),
                                 ())
                store.save_round("TENANT1", Program(name=pair[0]), NOW, plan, NOW)
            sender = TeamsNudges(cloud_adapter(dev_settings()), "")
            await tick(store, {"teams": sender}, NOW)
            for nudge in store.nudges("TENANT1"):
                for who in nudge.members:
                    store.record_feedback("TENANT1", nudge.id, who, "accepted", NOW, 0)
            lifecycle.plan_reminders(store, "teams", False, MONDAY - timedelta(hours=23))
            cut = next(r for r in store.outbox("TENANT1") if r.to == "29:cai")
            assert store.move_outbox(cut.id, "planned", "sending")  # then the process died
            first = await tick(store, {"teams": sender}, MONDAY - timedelta(hours=23))
            again = await tick(store, {"teams": sender}, MONDAY - timedelta(hours=22))
            return first, again

    first, again = asyncio.run(main())
    assert (first.outbox, again.outbox) == (3, 0)
    reminders = [r for r in fake.replies if "Reminder" in json.dumps(r.get("attachments"))]
    assert sorted(r["path"].split("/")[3] for r in reminders) == ["a:29:ana", "a:29:bea",
                                                                  "a:29:dan"]
    card = json.dumps(reminders[0]["attachments"][0]["content"])
    assert "{{DATE(" in card and "Kitchen" in card
    states = {r.to: r.state for r in store.outbox("TENANT1")}
    assert states == {"29:ana": "sent", "29:bea": "sent", "29:cai": "unknown", "29:dan": "sent"}


def test_a_free_set_that_found_nobody_is_not_searched_again_until_it_changes(store):
    """A try rebuilds the tenant's tie graph: once a tick for the rest of a round is too often."""
    round_id = slack_round(store, unmatched=("UCAI",))
    store.record_interactions("T1", [(f"close{i}", Interaction("UBEA", "UCAI", "reply",
                                                               NOW - timedelta(days=2, minutes=i),
                                                               "C1")) for i in range(30)], "slack")
    store.record_interactions("T1", [(f"light{i}", Interaction(f"UX{i}", f"UY{i}", "reply",
                                                               NOW - timedelta(days=9), "C2"))
                                     for i in range(6)], "slack")  # so that "strong" means something
    [nudge] = store.nudges("T1")
    store.record_feedback("T1", nudge.id, "UANA", "declined", NOW)
    fruitless = lifecycle.Fruitless()  # the clock process's memory
    assert lifecycle.rematch_declines(store, NOW, fruitless) == []  # UBEA, UCAI close already
    assert ("T1", round_id, frozenset({"UBEA"}), frozenset({"UCAI"})) in fruitless
    assert lifecycle.rematch_declines(store, NOW + timedelta(minutes=1), fruitless) == []
