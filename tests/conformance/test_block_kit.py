"""Every Block Kit payload weaktie builds, checked against Slack's documented limits with
slack_sdk's own models and validators (slack_sdk.models.blocks / views: parse our dicts, then
validate_json), plus the limits slack_sdk does not check itself:
- 50 blocks in a message: https://api.slack.com/reference/block-kit/blocks
- text objects 1 to 3,000 characters: https://api.slack.com/reference/block-kit/composition-objects#text
- a complete top-level `text` of at most 4,000 characters, which notifications and screen
  readers use: https://api.slack.com/methods/chat.postMessage#text_usage and #truncating
The inputs are the long ones real workspaces have: 200-character display names, groups of
three and four with long reasons, five slots, long venues and offices; each message in English
and in French (whose sentences are longer), as its readers read it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

from adapters.program_fields import CHOICES
from adapters.slack.home import home_view, profile_modal
from adapters.slack.program_form import program_modal
from adapters.slack.render import (
    blocks,
    fallback,
    follow_up_blocks,
    follow_up_text,
    offer_blocks,
    offer_text,
    reminder_blocks,
    reminder_text,
    with_answers,
)
from bot.core.model import Group, Person, Slot
from bot.core.plan import _reasons
from bot.core.programs import Program
from bot.core.reasons import Reason
from bot.service.admin_words import form_values
from bot.service.language import texts
from bot.service.message_texts import button_label, headline
from bot.service.outbound import TONES, Home, follow_up_message, nudge_message, outbox_message
from bot.service.readers import Reader
from bot.store.values import OutboxRow, StoredNudge
from tests.helpers.form_checks import assert_valid_view, text_objects

MESSAGE_BLOCKS, TEXT_OBJECT, MESSAGE_TEXT = 50, 3000, 4000
START = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
LONG_NAME = "Maria-" + "x" * 194  # a 200-character display name (first name as long)
FOUR = ("U01ANA00001", "U01BEA00002", "U01CAI00003", "W01DEE00004")  # Slack and Grid user ids
LANGUAGES = ("en", "fr")
ZONE = "Europe/Paris"


def read_in(message, language: str):
    """The message as the service hands it to Slack for members who all read `language`, in
    one time zone (so that the plain text names it)."""
    members = getattr(message, "members", ()) or (message.to,)
    return replace(message, readers=tuple(Reader(m, language, ZONE) for m in members))


def long_reasons(members: tuple[str, ...]) -> tuple:
    """The reasons the core writes for a group (bot/core/plan.py _reasons on bot/core/reasons.py
    reasons), every person, team and channel named at full length."""
    people = {m: Person(m, name=f"{LONG_NAME} {m}") for m in members}
    pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1:]]
    said = [Reason.of("teams_known_more", name=f"{LONG_NAME} Lind", n=3, team_a="t" * 80,
                      team_b="u" * 80),
            Reason.of("circles_channel", channel=f"#{'c' * 80}"),
            Reason.of("dormant", month="2025-03", with_year=True),
            Reason.of("connector_office", name=LONG_NAME, office="o" * 100),
            Reason.of("circles_known_more", name=LONG_NAME, n=12),
            Reason.of("common", n=4)]
    return _reasons(Group(members, 1.0, tuple(said[:len(pairs)]), tuple(pairs[:len(said)])),
                    people)


def a_nudge(members=FOUR[:3], slots: int = 5, place: str | None = "Kitchen", tone="warm",
            reasons: tuple[str, ...] | None = None):
    times = tuple(Slot(START + timedelta(days=d), START + timedelta(days=d, minutes=30))
                  for d in range(slots))
    return nudge_message(StoredNudge(
        id=70001, round=1, members=tuple(members), slots=times, place=place,
        reasons=tuple(long_reasons(members) if reasons is None else reasons), tenant="T1",
        tone=tone))


def a_reminder(members=FOUR, place: str | None = "Kitchen"):
    return outbox_message(OutboxRow(
        id=3, kind="reminder", key="reminder:70001", state="planned", nudge=70001, to=None,
        tenant="T1", payload={"members": list(members), "start": START.isoformat(),
                              "end": (START + timedelta(minutes=30)).isoformat(),
                              "place": place, "ref": "G1/1.2"}))


def assert_valid_message(shown: list[dict], text: str) -> None:
    """What chat.postMessage would take: blocks slack_sdk parses back unchanged and validates,
    within Slack's counts, with a top-level text."""
    assert 1 <= len(shown) <= MESSAGE_BLOCKS
    for block in shown:
        parsed = Block.parse(block)
        assert parsed is not None, block.get("type")
        parsed.validate_json()  # raises SlackObjectFormationError naming the broken limit
        assert parsed.to_dict() == block  # nothing in our dict that slack_sdk does not know
    assert all(1 <= len(t) <= TEXT_OBJECT for t in text_objects(shown))
    assert text.strip() and len(text) <= MESSAGE_TEXT


NUDGES = {
    "pair, one slot": a_nudge(FOUR[:2], 1),
    "three people, five slots, long reasons": a_nudge(FOUR[:3], 5),
    "four people, five slots, long venue": a_nudge(FOUR, 5, place="Café Lumen " * 150),
    "four people, no slot, no place, brief": a_nudge(FOUR, 0, place=None, tone="brief"),
    "playful, reasons of 3,000 characters each": a_nudge(FOUR[:3], 3, tone="playful",
                                                         reasons=("y" * 3000,) * 3),
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(NUDGES))
def test_every_nudge_message_passes_slacks_limits_with_a_complete_text(name, language):
    message = read_in(NUDGES[name], language)
    says = texts(language)
    text = fallback(message)
    assert_valid_message(blocks(message), text)
    assert headline(message.tone, says).lstrip("☕🎲 ") in text
    assert all(f"<@{m}>" in text for m in message.members)
    if message.slots:  # every time with its zone, and what to do
        assert all(f"{s.start.astimezone(ZoneInfo(ZONE)):%H:%M}" in text for s in message.slots)
        assert f"({'Paris'})" in text and says.gettext(
            "To answer, accept a time with its button, or choose Another time or Can't make "
            "it.") in text
    if message.place:
        assert message.place[:50].replace("&", "&amp;") in text
    labels = [e["text"]["text"] for e in blocks(message)[-1]["elements"]]
    assert labels == [button_label(b, says) for b in message.buttons]
    answered = {m: ("accepted", 4) if i % 2 else ("another_time", None)
                for i, m in enumerate(message.members)}
    assert_valid_message(with_answers(blocks(message), answered, says), text)


def test_a_nudge_keeps_what_its_reader_needs_when_free_text_is_clipped():
    message = NUDGES["four people, five slots, long venue"]
    shown = " ".join(text_objects(blocks(message)))
    assert all(f"<@{m}>" in shown for m in message.members)
    assert all(f"<!date^{int(s.start.timestamp())}^" in shown for s in message.slots)
    assert [b["value"] for b in blocks(message)[-1]["elements"]] == \
        [b.value for b in message.buttons]


def test_names_and_places_people_chose_are_text_not_mentions_or_links():
    message = a_nudge(FOUR[:2], 1, place="R&D <!channel> <https://evil.example|lab>",
                      reasons=("You both know <!here> & friends",))
    for shown in (" ".join(text_objects(blocks(message))), fallback(message)):
        assert "<!channel>" not in shown and "<!here>" not in shown and "<https://" not in shown
        assert "R&amp;D &lt;!channel&gt;" in shown
    reminder = a_reminder(FOUR[:2], place="<!everyone>")
    assert "<!everyone>" not in " ".join(text_objects(reminder_blocks(reminder)))
    assert "<!everyone>" not in reminder_text(reminder)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("members", [FOUR[:2], FOUR])
def test_follow_ups_and_reminders_pass_slacks_limits_with_a_complete_text(members, language):
    follow_up = read_in(follow_up_message(StoredNudge(
        id=70001, round=1, members=tuple(members), reasons=(), slots=(),
        delivery_ref="G1/1.2")), language)
    text = follow_up_text(follow_up)
    assert_valid_message(follow_up_blocks(follow_up), text)
    assert text.startswith(("Did you meet? ", "Avez-vous pu vous rencontrer ? "))
    assert all(f"<@{m}>" in text for m in members)
    reminder = read_in(a_reminder(members, place="Roof terrace, " * 300), language)
    text = reminder_text(reminder)
    assert_valid_message(reminder_blocks(reminder), text)
    assert all(f"<@{m}>" in text for m in members) and "11:30–12:00 (Paris)" in text
    assert "Roof terrace" in text
    assert f"<!date^{int(START.timestamp())}^" in " ".join(text_objects(reminder_blocks(reminder)))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("members", [FOUR[:2], FOUR])
@pytest.mark.parametrize("offer", [1, 2])
def test_offers_of_new_times_pass_slacks_limits_with_a_complete_text(members, offer, language):
    times = [[(START + timedelta(days=d)).isoformat(),
              (START + timedelta(days=d, minutes=30)).isoformat()] for d in range(8, 11)]
    message = outbox_message(OutboxRow(
        id=5, kind="offer", key=f"offer:70001:{offer}", state="planned", nudge=70001, to=None,
        tenant="T1", payload={"members": list(members), "slots": times, "first": 3 * offer,
                              "offer": offer, "ref": "G1/1.2", "calendars": [members[0]]}))
    message = read_in(message, language)
    text, shown = offer_text(message), offer_blocks(message)
    assert_valid_message(shown, text)
    assert all(f"<@{m}>" in text for m in members) and "(Paris)" in text
    assert [b["value"] for b in shown[-1]["elements"]] == [b.value for b in message.buttons]
    assert len({b["action_id"] for b in shown[-1]["elements"]}) == len(message.buttons)
    assert_valid_message(with_answers(shown, {members[0]: ("accepted", 3)}), text)


def test_with_answers_replaces_its_line_and_never_adds_an_empty_one():
    shown = blocks(a_nudge(FOUR[:2], 2))
    once = with_answers(shown, {FOUR[0]: ("accepted", 0)})
    twice = with_answers(once, {FOUR[0]: ("accepted", 0), FOUR[1]: ("declined", None)})
    assert len(twice) == len(once) == len(shown) + 1
    assert with_answers(shown, {}) == shown


def homes() -> dict[str, Home]:
    suggestion = StoredNudge(id=70001, round=1, members=tuple(FOUR),
                             reasons=tuple(long_reasons(FOUR)), slots=())
    office = "Lisbon HQ, building " + "B" * 3200  # typed by its person: nothing bounds it
    return {
        "never seen": Home(FOUR[0], False, None, None, "UTC", "09:00-17:00", (), None),
        "paused": Home(FOUR[0], True, "Tue 01 Dec", office, "America/Argentina/ComodRivadavia",
                       "08:30-16:30", FOUR[1:], suggestion),
        "in the round": Home(FOUR[0], True, None, "R&D <floor 3>", "Europe/Lisbon", "9-17",
                             (), suggestion),
    }


@pytest.mark.parametrize("name", list(homes()))
def test_the_home_tab_and_profile_modal_pass_slacks_limits(name):
    home = homes()[name]
    view = home_view(home)
    assert_valid_view(view)
    assert_valid_view(profile_modal(home))
    if home.suggestion:
        shown = " ".join(text_objects(view))
        assert all(f"<@{m}>" in shown for m in FOUR[1:])


def test_an_office_people_typed_shows_as_text_on_the_home_tab():
    shown = " ".join(text_objects(home_view(homes()["in the round"])))
    assert "R&amp;D &lt;floor 3&gt;" in shown


@pytest.mark.parametrize("values", [
    {},
    form_values(Program(name="coffee", cadence="weekly mon 10:00")),
    {**form_values(Program(name="a-very-long-program-name_2026")), "venues": "Lisbon: " + "K" * 2900},
    *({"name": "x", field: choice} for field, options in CHOICES.items() for choice, _ in options),
], ids=lambda v: ",".join(f"{k}={str(x)[:12]}" for k, x in v.items() if k in ("name", *CHOICES)))
def test_the_program_modal_passes_slacks_limits(values):
    view = program_modal(values)
    assert_valid_view(view)
    if values.get("name"):
        assert view["title"]["text"].startswith("Program ")


@pytest.mark.parametrize("broken", [
    {"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}},
    {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}},
    {"type": "actions", "elements": [{"type": "button", "action_id": "a", "value": "1",
                                      "text": {"type": "plain_text", "text": "x" * 76}}]},
    {"type": "actions", "elements": [{"type": "button", "action_id": "a", "value": "1" * 2001,
                                      "text": {"type": "plain_text", "text": "Accept"}}]},
])
def test_the_limit_checks_refuse_what_slack_refuses(broken):
    with pytest.raises(SlackObjectFormationError):
        assert_valid_message([broken], "text")


def test_the_view_checks_refuse_a_long_title_and_too_many_blocks():
    good = program_modal({})
    with pytest.raises(SlackObjectFormationError):
        assert_valid_view({**good, "title": {"type": "plain_text", "text": "x" * 25}})
    with pytest.raises(SlackObjectFormationError):
        assert_valid_view({**good, "blocks": good["blocks"] * 7})  # 112 blocks
    with pytest.raises(AssertionError):
        assert_valid_message([{"type": "divider"}] * 51, "text")


slack_ids = st.from_regex(r"[UW][A-Z0-9]{8,10}", fullmatch=True)
# Short text of any characters, or long runs of it: Hypothesis alone rarely writes 1,000.
any_text = st.text(max_size=60) | st.builds(lambda unit, n: unit * n, st.text(min_size=1, max_size=4),
                                            st.integers(100, 1200))


@settings(max_examples=60, deadline=None)
@given(members=st.lists(slack_ids, min_size=2, max_size=4, unique=True),
       reasons=st.lists(any_text, max_size=6), place=st.none() | any_text,
       slots=st.integers(0, 5),
       tone=st.sampled_from(sorted(TONES)), language=st.sampled_from(LANGUAGES))
def test_any_names_reasons_and_places_give_a_message_slack_takes(members, reasons, place, slots,
                                                                  tone, language):
    message = read_in(a_nudge(tuple(members), slots, place=place, tone=tone,
                              reasons=tuple(reasons)), language)
    assert_valid_message(blocks(message), fallback(message))
    reminder = read_in(a_reminder(tuple(members), place=place), language)
    assert_valid_message(reminder_blocks(reminder), reminder_text(reminder))
