"""The manager words added for first contact, by chat end to end: `admin deliveries`,
`admin delivered`, `admin resend` (sends cut off mid-way on Teams) through Bot Framework
activities into the Teams endpoint, and `admin guests` through signed Slack slash commands."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.teams.endpoint import cloud_adapter, dev_settings
from adapters.teams.send import TeamsNudges
from bot.core.model import Nudge, RoundPlan, Slot
from bot.core.programs import Program
from bot.service.admin import REFUSAL
from bot.service.delivery import deliver_due
from bot.store import Store
from tests.helpers.admin_chat import coffee, says, slack, teams
from tests.standins.slack import SlackWebApi

NOW = datetime.now(UTC)
SLOT = Slot(NOW + timedelta(days=1), NOW + timedelta(days=1, minutes=30))
MEMBERS = ("29:ana", "29:bea")


def cut_off_round(store, url: str) -> int:
    """A Teams round whose second member's card was being sent when the process died."""
    for who in MEMBERS:
        ref = {"activityId": "a1", "user": {"id": who}, "bot": {"id": "28:bot"},
               "conversation": {"id": f"a:{who}"}, "channelId": "msteams", "serviceUrl": url}
        store.save_reference("TENANT1", who, ref, "teams", NOW)
    plan = RoundPlan((Nudge(MEMBERS, 1.0, ("You both know Eve",), (SLOT,), "Kitchen"),), ())
    store.save_round("TENANT1", Program(), NOW, plan, NOW)
    [nudge] = store.nudges("TENANT1")
    assert store.move_nudge(nudge.id, "planned", "sending")
    assert store.move_member("TENANT1", nudge.id, "29:bea", "planned", "sending")
    return nudge.id


def test_a_teams_manager_lists_a_cut_off_card_and_resends_it_to_that_member_only(tmp_path):
    said = {}

    async def scenario(client, url):
        nudge_id = cut_off_round(shared, url)
        sender = TeamsNudges(cloud_adapter(dev_settings()), "")
        await deliver_due(shared, "teams", sender, NOW)  # resumed: bea's copy is unknown now
        for i, text in enumerate(["admin deliveries", f"admin resend n{nudge_id}-2",
                                  "admin deliveries"]):
            assert (await client.post("/api/messages",
                                      json=says(url, "boss", text, f"m{i}"))).status == 201
        said["refused"] = (await client.post("/api/messages", json=says(
            url, "ana", "admin deliveries", "m9"))).status
        await deliver_due(shared, "teams", sender, NOW + timedelta(minutes=1))
        await deliver_due(shared, "teams", sender, NOW + timedelta(minutes=2))
        said["id"] = nudge_id

    shared = Store.open(f"sqlite:///{tmp_path / 'teams.db'}")
    _, fake = teams(tmp_path, scenario, managers={"aad-boss"}, store=shared)
    listing, resent, empty, refusal = [r["text"] for r in fake.replies if r.get("text")]
    assert f"`n{said['id']}-2`: nudge" in listing
    assert re.search(r"29:|Eve|Kitchen", listing) is None  # never who, nor with whom
    assert "goes out again" in resent and "to that person only" in resent
    assert empty.startswith("Nothing to check")
    assert refusal == REFUSAL
    assert (fake.cards_to("29:ana"), fake.cards_to("29:bea")) == (1, 1)


def test_a_slack_admin_includes_and_excludes_guests_and_is_told_what_it_means(tmp_path):
    fake, said = SlackWebApi(admins=frozenset({"UADMIN"})), []
    seen = []

    async def scenario(client):
        said.append(await coffee(client, "UADMIN", "admin guests"))
        said.append(await coffee(client, "UANA", "admin guests include"))  # not a manager
        seen.append(store.includes_guests("T1"))
        said.append(await coffee(client, "UADMIN", "admin guests include"))
        seen.append(store.includes_guests("T1"))
        said.append(await coffee(client, "UADMIN", "admin guests"))
        said.append(await coffee(client, "UADMIN", "admin guests exclude"))
        seen.append(store.includes_guests("T1"))
        said.append(await coffee(client, "UADMIN", "admin guests everyone"))

    store = Store.open(f"sqlite:///{tmp_path / 'slack.db'}")
    slack(tmp_path, scenario, fake, store=store)
    shown, refused, included, shown_again, excluded, wrong = said
    assert seen == [False, True, False]
    assert "not included (the default)" in shown and "`admin guests include`" in shown
    assert refused == REFUSAL
    for reply in (shown, included, excluded):
        for words in ("Slack Connect", "Teams guests", "federated", "include_guests: true"):
            assert words in reply
    assert included.startswith("People of other organisations are now included")
    assert "are included here" in shown_again and "`admin guests exclude`" in shown_again
    assert excluded.startswith("People of other organisations are now excluded")
    assert "`admin guests include` or `admin guests exclude`" in wrong
    assert not store.includes_guests("T1")


def test_the_help_names_the_new_words():
    from bot.service.admin_words import ADMIN_HELP
    for words in ("admin deliveries", "admin delivered ID", "admin resend ID", "admin guests",
                  "admin guests include", "admin guests exclude"):
        assert words in ADMIN_HELP


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_an_unknown_send_id_is_read_or_refused_never_an_error(text):
    from bot.store.unknown import Ident, parse
    found = parse(text)
    assert found is None or isinstance(found, Ident)
    if found is not None:  # what it read, printed as the list prints it, reads the same
        printed = f"o{found.row}" if found.kind == "o" else \
            f"{found.kind}{found.row}-{found.member + 1}"
        assert parse(printed) == found and found.row >= 0 and found.member >= 0


def test_unknown_send_ids_take_ascii_digits_only():
    from bot.store.unknown import Ident, parse
    assert parse(" N12-2 ") == Ident("n", 12, 1) and parse("o34") == Ident("o", 34)
    assert parse("f7-1") == Ident("f", 7, 0)
    for text in ("n١٢-1", "n12-0", "n12", "o", "x12-1", "n-1-1", "o1e3", "n2147483648-1"):
        assert parse(text) is None


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["deliveries", "delivered", "resend", "guests"]), st.text(max_size=30))
def test_the_new_admin_words_parse_to_a_command_or_a_reply_whatever_follows(word, rest):
    from bot.service.admin_words import AdminCommand, parse_admin
    from bot.service.commands import Reply
    parsed = parse_admin(f"admin {word} {rest}")
    assert isinstance(parsed, (AdminCommand, Reply))
    if isinstance(parsed, AdminCommand) and word == "guests":
        assert parsed.name in (None, "include", "exclude")
