"""Teams sends cut off mid-way, end to end on SQLite and PostgreSQL: the real TeamsNudges sender
and clock tick against a loopback Bot Connector that drops the connection of one post, then an
operator's `weaktie deliveries` and a manager's `admin deliveries` list it, and `sent` or
`resend` settles it: resend delivers exactly one more copy to that member, sent delivers none.

The connector's routes are the Bot Connector REST API's
(https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference).
"""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp.test_utils import TestServer

from adapters.teams.endpoint import cloud_adapter, dev_settings
from adapters.teams.send import TeamsNudges
from bot.core.model import Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service import after_round as lifecycle
from bot.service.admin import Gate, handle_admin
from entrypoints.cli import main
from scheduler.jobs import tick
from tests.standins.microsoft import MicrosoftStandIn

TENANT = "TENANT1"
MEMBERS = ("29:ana", "29:bea", "29:cai")
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
SLOT = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
LATER = NOW + timedelta(days=3)  # an hour after the slot has ended: time to ask "Did you meet?"
MANAGER = "29:boss"


def teams_round(store, url: str) -> int:
    for who in MEMBERS:
        ref = {"activityId": "a1", "user": {"id": who}, "bot": {"id": "28:bot"},
               "conversation": {"id": f"a:{who}"}, "channelId": "msteams", "serviceUrl": url}
        store.save_reference(TENANT, who, ref, "teams", NOW)
    plan = RoundPlan((Nudge(MEMBERS, 1.0, ("You all know Eve",), (SLOT,), "Kitchen"),), ())
    store.save_round(TENANT, Program(), NOW, plan, NOW)
    [nudge] = store.nudges(TENANT)
    return nudge.id


def with_teams(store, steps):
    """Run `steps(fake, url, run)`: run(now) is one clock tick with the real Teams sender."""
    fake = MicrosoftStandIn()

    async def scenario():
        async with TestServer(fake.app) as connector:
            sender = TeamsNudges(cloud_adapter(dev_settings()), "")

            async def run(now):
                return await tick(store, {"teams": sender}, now)

            await steps(fake, str(connector.make_url("")).rstrip("/"), run)

    asyncio.run(scenario())
    return fake


def cli(capsys, store_url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["deliveries", *argv, "--db", store_url])
    out, err = capsys.readouterr()
    return code, out, err


def admin(store, text: str) -> str:
    return handle_admin(store, TENANT, MANAGER, text, NOW, "teams", Gate(frozenset({MANAGER})))


async def cut_off_bea(store, fake, url, run) -> int:
    """A round whose second member's card is cut off: the first tick leaves it in flight, the
    next marks it unknown and sends on to the third member."""
    nudge_id = teams_round(store, url)
    fake.drop.add("a:29:bea")
    first = await run(NOW)
    assert first.sent == 0  # cut off: nothing marked sent, nothing refused
    second = await run(NOW + timedelta(minutes=1))
    assert second.sent == 1
    return nudge_id


def test_a_cut_off_nudge_is_listed_and_resend_delivers_exactly_one_more_copy(store, store_url,
                                                                             capsys):
    listed = {}

    async def steps(fake, url, run):
        nudge_id = await cut_off_bea(store, fake, url, run)
        listed["before"] = cli(capsys, store_url)
        assert (fake.cards_to("29:ana"), fake.cards_to("29:bea"), fake.cards_to("29:cai")) == \
            (1, 0, 1)
        listed["resend"] = cli(capsys, store_url, "resend", f"n{nudge_id}-2")
        await run(NOW + timedelta(minutes=2))
        await run(NOW + timedelta(minutes=3))
        listed["after"] = cli(capsys, store_url)
        listed["id"] = nudge_id

    fake = with_teams(store, steps)
    code, out, _ = listed["before"]
    assert code == 0 and f"n{listed['id']}-2" in out and "nudge" in out and TENANT in out
    assert "29:bea" in out and "29:ana" not in out and "29:cai" not in out
    assert listed["resend"][0] == 0 and "next delivery" in listed["resend"][1]
    assert (fake.cards_to("29:ana"), fake.cards_to("29:bea"), fake.cards_to("29:cai")) == (1, 1, 1)
    assert "nothing was cut off" in listed["after"][1]
    [nudge] = store.nudges(TENANT)
    assert nudge.state == "sent"


def test_marking_a_cut_off_nudge_sent_removes_it_and_sends_nothing(store, store_url, capsys):
    found = {}

    async def steps(fake, url, run):
        nudge_id = await cut_off_bea(store, fake, url, run)
        found["sent"] = cli(capsys, store_url, "sent", f"N{nudge_id}-2", "--tenant", TENANT)
        found["again"] = cli(capsys, store_url, "sent", f"n{nudge_id}-2")
        await run(NOW + timedelta(minutes=2))

    fake = with_teams(store, steps)
    assert found["sent"][0] == 0 and "nothing was sent" in found["sent"][1]
    assert found["again"][0] == 1 and "no unknown send by that id" in found["again"][2]
    assert store.unknown_sends() == []
    assert (fake.cards_to("29:ana"), fake.cards_to("29:bea"), fake.cards_to("29:cai")) == (1, 0, 1)


def test_a_cut_off_did_you_meet_is_a_follow_up_and_resend_asks_that_member_once(store):
    seen = {}

    async def steps(fake, url, run):
        nudge_id = teams_round(store, url)
        await run(NOW)
        fake.drop.add("a:29:cai")
        await run(LATER)
        await run(LATER + timedelta(minutes=1))
        seen["listed"] = store.unknown_sends(TENANT)
        assert store.resend_unknown(f"f{nudge_id}-3", TENANT) is None
        await run(LATER + timedelta(minutes=2))
        await run(LATER + timedelta(minutes=3))
        seen["id"] = nudge_id

    fake = with_teams(store, steps)
    [row] = seen["listed"]
    assert (row.id, row.kind, row.person) == (f"f{seen['id']}-3", "follow-up", "29:cai")
    asked = [fake.cards_to(m, "Did you meet ") for m in MEMBERS]
    assert asked == [1, 1, 1]
    assert [fake.cards_to(m) for m in MEMBERS] == [2, 2, 2]  # a nudge and one question each
    assert store.unknown_sends() == []


def test_a_cut_off_reminder_is_listed_by_its_outbox_id_and_resent_once(store, store_url, capsys):
    seen = {}

    async def steps(fake, url, run):
        nudge_id = teams_round(store, url)
        await run(NOW)
        for who in MEMBERS:
            store.record_feedback(TENANT, nudge_id, who, "accepted", NOW, 0)
        lifecycle.plan_reminders(store, "teams", False, SLOT.start - timedelta(hours=23))
        fake.drop.add("a:29:ana")
        await run(SLOT.start - timedelta(hours=23))
        await run(SLOT.start - timedelta(hours=22, minutes=59))
        seen["listed"] = cli(capsys, store_url, "--tenant", TENANT)
        [row] = store.unknown_sends()
        seen["resent"] = cli(capsys, store_url, "resend", row.id)
        await run(SLOT.start - timedelta(hours=22, minutes=58))
        await run(SLOT.start - timedelta(hours=22, minutes=57))
        seen["row"] = row

    fake = with_teams(store, steps)
    row = seen["row"]
    assert row.id.startswith("o") and row.kind == "reminder" and row.person == "29:ana"
    assert row.id in seen["listed"][1]
    assert seen["resent"][0] == 0
    assert [fake.cards_to(m, "Reminder") for m in MEMBERS] == [1, 1, 1]
    assert store.unknown_sends() == []


def test_a_manager_lists_and_settles_them_in_chat_by_id_kind_and_time_only(store):
    seen = {}

    async def steps(fake, url, run):
        nudge_id = await cut_off_bea(store, fake, url, run)
        seen["list"] = admin(store, "admin deliveries")
        seen["resend"] = admin(store, f"admin resend n{nudge_id}-2")
        await run(NOW + timedelta(minutes=2))
        seen["empty"] = admin(store, "admin deliveries")
        seen["id"] = nudge_id

    fake = with_teams(store, steps)
    listing = seen["list"]
    assert f"n{seen['id']}-2" in listing and "nudge" in listing
    assert "29:" not in listing and "Eve" not in listing  # no person, no pair, no reason
    assert "2026-11-26" in listing
    assert "again" in seen["resend"] and fake.cards_to("29:bea") == 1
    assert "Nothing to check" in seen["empty"]


def test_delivered_in_chat_marks_it_sent_and_other_tenants_ids_are_not_found(store):
    seen = {}

    async def steps(fake, url, run):
        nudge_id = await cut_off_bea(store, fake, url, run)
        store.update_person("OTHER", "29:zed", "teams")
        seen["other"] = handle_admin(store, "OTHER", MANAGER, f"admin delivered n{nudge_id}-2",
                                     NOW, "teams", Gate(frozenset({MANAGER})))
        seen["bad"] = admin(store, "admin delivered banana")
        seen["ok"] = admin(store, f"admin delivered n{nudge_id}-2")
        await run(NOW + timedelta(minutes=2))

    fake = with_teams(store, steps)
    assert "no unknown send by that id" in seen["other"]
    assert "n12-2" in seen["bad"]  # says what an id looks like
    assert "marked sent" in seen["ok"]
    assert store.unknown_sends() == [] and fake.cards_to("29:bea") == 0


def test_someone_who_is_no_manager_sees_nothing(store):
    async def steps(fake, url, run):
        await cut_off_bea(store, fake, url, run)

    with_teams(store, steps)
    reply = handle_admin(store, TENANT, "29:ana", "admin deliveries", NOW, "teams", Gate())
    assert "only community managers" in reply and re.search(r"\bn\d+-\d", reply) is None
    assert len(store.unknown_sends(TENANT)) == 1  # and nothing changed


def test_the_operator_list_refuses_a_tenant_it_does_not_know(capsys, store, store_url):
    code, _, err = cli(capsys, store_url, "--tenant", "nope")
    assert code == 1 and "unknown tenant 'nope'" in err


@pytest.mark.parametrize("argv, says", [
    (["sent"], "which one?"),
    (["resend", "x12"], "looks like n12-2"),
    (["list", "n1-1"], "lists them"),
    (["resend", "n2147483647-1"], "no unknown send by that id"),
    (["sent", "o2147483647"], "no unknown send by that id"),
    (["sent", "o2147483648"], "looks like n12-2"),  # past an INTEGER column: refused as no id
])
def test_the_operator_commands_say_what_is_wrong(capsys, store, store_url, argv, says):
    code, _, err = cli(capsys, store_url, *argv)
    assert code == 1 and says in err


def test_a_nudge_copy_resent_after_the_group_was_asked_gets_its_own_question_later(store):
    """The nudge had gone on to "Did you meet?" for the others: resending the cut-off copy
    sends that nudge card alone, then asks that member alone; the others get nothing more."""
    seen = {}

    async def steps(fake, url, run):
        nudge_id = await cut_off_bea(store, fake, url, run)
        await run(LATER)  # ana and cai are asked; bea's copy is still unknown
        assert store.resend_unknown(f"n{nudge_id}-2", TENANT) is None
        await run(LATER + timedelta(minutes=1))  # bea's card, then her question
        await run(LATER + timedelta(minutes=2))
        seen["id"] = nudge_id

    fake = with_teams(store, steps)
    assert [fake.cards_to(m, "Did you meet ") for m in MEMBERS] == [1, 1, 1]
    assert [fake.cards_to(m) for m in MEMBERS] == [2, 2, 2]
    [nudge] = store.nudges(TENANT)
    assert nudge.state == "asked" and store.unknown_sends() == []


def test_a_cut_off_follow_up_stored_before_ask_unknown_existed_still_lists_as_a_nudge(store):
    """Older rows marked a cut-off "Did you meet?" `unknown` like a nudge copy: it stays
    readable (listed, and `sent` settles it)."""
    async def steps(fake, url, run):
        nudge_id = teams_round(store, url)
        await run(NOW)
        assert store.move_member(TENANT, nudge_id, "29:cai", "sent", "unknown")  # as 0.1 did
        [row] = store.unknown_sends(TENANT)
        assert (row.id, row.kind) == (f"n{nudge_id}-3", "nudge")
        assert store.mark_unknown_sent(row.id, TENANT) is None

    with_teams(store, steps)
    assert store.unknown_sends() == []


def unknown_notices(store, count: int) -> None:
    """`count` pause notices each left unknown, the way a cut-off send leaves them."""
    from bot.store.outbox import Item
    store.update_person(TENANT, "29:ana", "teams")
    items = [Item("idle", f"idle:29:ana:{i}", "29:ana", None, {"to": "29:ana"})
             for i in range(count)]
    store.plan_outbox(TENANT, items, NOW)
    for row in store.outbox(TENANT):
        assert store.move_outbox(row.id, "planned", "sending")
        assert store.move_outbox(row.id, "sending", "unknown")


def test_a_long_list_in_chat_shows_the_oldest_and_says_how_many_more(store):
    from bot.service.admin import LISTED_SENDS
    unknown_notices(store, LISTED_SENDS + 2)
    reply = admin(store, "admin deliveries")
    assert reply.count("• `o") == LISTED_SENDS and "and 2 more" in reply
    assert f"{LISTED_SENDS + 2} messages cut off" in reply and "pause notice" in reply


def test_resend_is_refused_with_a_reason_while_its_group_is_failed_or_being_asked(store):
    seen = {}

    async def steps(fake, url, run):
        nudge_id = await cut_off_bea(store, fake, url, run)
        for state in ("asking", "failed"):
            assert store.move_nudge(nudge_id, "sent", state)
            seen[state] = store.resend_unknown(f"n{nudge_id}-2", TENANT)
            assert store.move_nudge(nudge_id, state, "sent")
        await run(NOW + timedelta(minutes=2))

    fake = with_teams(store, steps)
    assert "being asked" in seen["asking"] and "refused its nudge" in seen["failed"]
    assert len(store.unknown_sends(TENANT)) == 1 and fake.cards_to("29:bea") == 0
