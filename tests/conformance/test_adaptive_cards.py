"""Every Adaptive Card weaktie sends to Teams, checked against Microsoft's own rules, offline:
the official Adaptive Card JSON schema of the version each card declares, the versions Teams
renders (up to 1.5: https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/
cards/cards-reference#adaptive-card), and the action limit of Teams' host config. The files are
kept unmodified in schemas/ (sources and licences in schemas/README.md). Each meetup card in
English and in French (longer), as its one reader reads it, with its plain words for clients
that cannot render it and for screen readers (`fallbackText`, `speak`)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import jsonschema
import pytest

from adapters.teams.profile_card import profile_card
from adapters.teams.program_card import program_card
from adapters.teams.render import (
    follow_up_card,
    notice_card,
    nudge_card,
    offer_card,
    reminder_card,
)
from bot.core.model import Slot
from bot.core.programs import Program
from bot.core.reasons import Reason
from bot.service.admin_words import form_values
from bot.service.outbound import IDLE_NOTICE, Home, follow_up_message, nudge_message, outbox_message
from bot.service.readers import Reader
from bot.store.values import OutboxRow, StoredNudge

SCHEMAS = Path(__file__).parent / "schemas"
HOST_CONFIG = json.loads((SCHEMAS / "microsoft-teams-light.hostconfig.json").read_text())
MAX_ACTIONS = HOST_CONFIG["actions"]["maxActions"]
START = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
THREE = ("29:ana", "29:bea", "29:cai")
SIGN_INS = {m: f"{m[3:]}@acme.example" for m in THREE}
TEAMS_VERSIONS = ("1.0", "1.1", "1.2", "1.3", "1.4", "1.5")  # what Teams clients render
LANGUAGES = ("en", "fr")


def read_in(message, language: str, zone: str = "Europe/Lisbon"):
    """The message as the service hands it to Teams: each member reads `language` in `zone`."""
    members = tuple(getattr(message, "members", ()) or ()) + (getattr(message, "to", None),)
    return replace(message, readers=tuple(Reader(m, language, zone) for m in members if m))


def card_validator(version: str) -> jsonschema.protocols.Validator:
    """The official schema of one Adaptive Card version (draft-06), itself checked first."""
    schema = json.loads((SCHEMAS / f"adaptive-card-{version}.0.json").read_text())
    checker = jsonschema.validators.validator_for(schema)
    checker.check_schema(schema)
    return checker(schema, format_checker=checker.FORMAT_CHECKER)


def schema_problems(card: dict) -> list[str]:
    """What the schema of the card's declared version finds wrong, most specific first."""
    errors = card_validator(card["version"]).iter_errors(card)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in sorted(errors, key=jsonschema.exceptions.relevance)]


# The idle notice's outbox row: it goes to one person and carries nothing but its kind.
IDLE_ROW = OutboxRow(id=4, kind="idle", key="idle:29:ana:1", state="planned", nudge=None,
                     to="29:ana", tenant="T")

def a_nudge(slots: int, members=THREE, place: str | None = "Kitchen", reasons=("You both know Dee",)):
    """The nudge as the core hands it to the adapter (bot.service.outbound.nudge_message of a
    stored one)."""
    times = tuple(Slot(START + timedelta(days=d), START + timedelta(days=d, minutes=30))
                  for d in range(slots))
    return nudge_message(StoredNudge(id=7, round=1, members=tuple(members), reasons=tuple(reasons),
                                     slots=times, place=place, tenant="T"))


def collections(card: dict):
    """Every list of actions a renderer lays out on its own: the card's, each ActionSet's in
    the body (also inside containers), and those of the cards ShowCards open."""
    yield card.get("actions") or []
    for item in _items(card.get("body") or []):
        if item.get("type") == "ActionSet":
            yield item["actions"]
    for actions in list(_all_actions(card)):
        if actions.get("type") == "Action.ShowCard":
            yield from collections(actions["card"])


def _items(elements: list[dict]):
    for element in elements:
        yield element
        for key in ("items", "columns"):
            yield from _items(element.get(key) or [])


def _all_actions(card: dict):
    yield from card.get("actions") or []
    for item in _items(card.get("body") or []):
        yield from item.get("actions") or []


def submits(card: dict) -> list[dict]:
    """The data of every Action.Submit a reader can reach, ShowCards opened."""
    found = []
    for actions in collections(card):
        found += [a["data"] for a in actions if a["type"] == "Action.Submit"]
    return found


def markdown_links(card: dict) -> dict[str, str]:
    texts = [i["text"] for i in _items(card["body"]) if i.get("type") == "TextBlock"]
    return dict(re.findall(r"\[([^\]]+)\]\((https://[^)\s]+)\)", " ".join(texts)))


@pytest.mark.parametrize("slots", [0, 1, 3, 4, 5])
@pytest.mark.parametrize("sign_ins", [None, SIGN_INS], ids=["no-links", "links"])
def test_a_nudge_card_keeps_within_teams_actions_and_every_answer_stays_reachable(slots, sign_ins):
    message = a_nudge(slots)
    card = nudge_card(message, {}, "29:ana", sign_ins)
    assert all(len(actions) <= MAX_ACTIONS for actions in collections(card))
    reachable = sorted((d["value"], d["answer"]) for d in submits(card))
    assert reachable == sorted((b.value, b.answer) for b in message.buttons)


def test_the_group_chat_and_schedule_links_stay_usable_when_everyone_has_a_sign_in():
    card = nudge_card(a_nudge(3), {}, "29:ana", SIGN_INS)
    links = markdown_links(card)
    assert set(links) == {"Open a group chat", "Schedule it"}
    chat = parse_qs(urlparse(links["Open a group chat"]).query)
    meeting = parse_qs(urlparse(links["Schedule it"]).query)
    assert chat["users"] == ["ana@acme.example,bea@acme.example,cai@acme.example"]
    assert meeting["startTime"] == ["2026-12-01T10:30:00Z"]
    assert meeting["content"] == ["Where: Kitchen"]
    assert markdown_links(nudge_card(a_nudge(3), {}, "29:ana", {"29:ana": "a@x.example"})) == {}


def an_offer(offer: int, members=THREE, to: str | None = "29:ana"):
    """Offer number `offer` of new times (bot/service/another_time.py), as the clock reads it."""
    times = [[(START + timedelta(days=d)).isoformat(),
              (START + timedelta(days=d, minutes=30)).isoformat()] for d in range(8, 11)]
    return outbox_message(OutboxRow(
        id=5, kind="offer", key=f"offer:7:{offer}:{to}", state="planned", nudge=7, to=to,
        tenant="T", payload={"members": list(members), "slots": times, "first": 3 * offer,
                             "offer": offer, "ref": None, "calendars": ["29:bea"]}))


@pytest.mark.parametrize("offer", [1, 2])
def test_an_offer_card_keeps_within_teams_actions_and_numbers_its_times_on(offer):
    message = an_offer(offer)
    card = offer_card(message, {"29:bea": "Bea Ramos"}, "29:ana")
    assert all(len(actions) <= MAX_ACTIONS for actions in collections(card))
    assert sorted((d["value"], d["answer"]) for d in submits(card)) == \
        sorted((b.value, b.answer) for b in message.buttons)
    options = [f["title"] for f in card["body"][1]["facts"]]
    assert options == [f"Option {3 * offer + i}" for i in (1, 2, 3)]
    assert ("another_time" in json.dumps(card)) is (offer == 1)  # the last offer has none


def every_card(language: str = "en") -> dict[str, dict]:
    """One of each card weaktie sends, in the shapes the adapters build them (adapters/teams/bot.py),
    the meetup cards in `language`."""
    return {**meetup_cards(language),
            "profile": profile_card(Home("29:ana", True, None, "Lisbon", "Europe/Lisbon", "9-17",
                                         ("29:bea",), None),
                                    [("29:bea", "Bea Ramos"), ("29:cai", None)]),
            "profile, nobody to avoid": profile_card(Home("29:dee", False, None, None, "UTC",
                                                          "09:00-17:00", (), None)),
            "program": program_card(form_values(Program(name="coffee",
                                                        cadence="weekly mon 10:00"))),
            "new program": program_card({})}


def meetup_cards(language: str) -> dict[str, dict]:
    """Every meetup card (nudges, follow-up, reminders, notice, offers) in `language`."""
    reminder = outbox_message(OutboxRow(
        id=3, kind="reminder", key="reminder:7:29:ana", state="planned", nudge=7, to="29:ana",
        tenant="T", payload={"members": list(THREE), "start": START.isoformat(),
                             "end": (START + timedelta(minutes=30)).isoformat(),
                             "place": "Kitchen", "ref": None}))
    follow_up = follow_up_message(StoredNudge(id=7, round=1, members=tuple(THREE), reasons=(),
                                              slots=(), delivery_ref="a:1"))
    notice = outbox_message(IDLE_ROW)
    names = {"29:bea": "Bea Ramos", "29:cai": "Cai Li"}
    reminder, follow_up, notice = (read_in(m, language) for m in (reminder, follow_up, notice))
    busy = replace(reminder, busy=("29:bea",))

    def nudge(*args, **kwargs):
        return read_in(a_nudge(*args, **kwargs), language)
    return {
        "nudge": nudge_card(nudge(3), names, "29:ana"),
        "nudge with links": nudge_card(nudge(3), names, "29:ana", SIGN_INS),
        "nudge, five slots and links": nudge_card(nudge(5), names, "29:ana", SIGN_INS),
        "nudge, no slot, no place": nudge_card(nudge(0, place=None, reasons=()), {}, "29:ana"),
        "follow-up": follow_up_card(follow_up, names, "29:ana"),
        "reminder": reminder_card(reminder, names, "29:ana"),
        "reminder, a calendar busy since": reminder_card(busy, names, "29:ana"),
        "reminder, no place": reminder_card(replace(reminder, place=None), {}, "29:ana"),
        "notice": notice_card(notice),
        "offer of new times": offer_card(read_in(an_offer(1), language), names, "29:ana"),
        "last offer of new times": offer_card(read_in(an_offer(2), language), names, "29:ana"),
    }


def test_the_idle_notice_card_says_the_notice():
    notice = outbox_message(IDLE_ROW)
    assert notice_card(notice)["body"][0]["text"] == IDLE_NOTICE


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(every_card()))
def test_every_card_passes_the_official_schema_of_a_version_teams_renders(name, language):
    card = every_card(language)[name]
    assert card["type"] == "AdaptiveCard" and card["version"] in TEAMS_VERSIONS
    assert schema_problems(card) == []
    assert all(len(actions) <= MAX_ACTIONS for actions in collections(card))


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", list(meetup_cards("en")))
def test_every_meetup_card_says_itself_in_plain_words_in_its_readers_language(name, language):
    """fallbackText (clients that cannot render the card, notifications) and speak (screen
    readers) are the whole card: who, and for a card with times, each in the reader's zone."""
    card = meetup_cards(language)[name]
    assert card["fallbackText"] and card["speak"] == card["fallbackText"]
    assert card["lang"] == language
    plain = card["fallbackText"]
    assert "{{" not in plain  # Teams' DATE/TIME functions are for the body only
    if "option" in json.dumps(card["body"]).lower() or name.startswith("reminder"):
        assert "(Lisbon)" in plain or "(Lisbonne)" in plain, plain
    if name.startswith(("nudge", "reminder", "follow", "offer")):
        assert "Bea Ramos" in plain or name.endswith("no place") or "no slot" in name, plain
    if language == "fr" and name != "notice":
        english = meetup_cards("en")[name]
        assert english["fallbackText"] != plain


@pytest.mark.parametrize("broken", [
    {"type": "TextBlock"},  # no text
    {"type": "TextBlock", "text": "x", "weight": "Heaviest"},  # not one of the weights
    {"type": "FactSet", "facts": [{"title": "Option 1"}]},  # a fact without a value
    {"type": "Input.Text", "label": "Office"},  # an input without an id
    {"type": "Button", "title": "x"},  # no such element
])
def test_the_schema_check_refuses_what_teams_would_not_render(broken):
    card = {"type": "AdaptiveCard", "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "version": "1.4", "body": [broken]}
    assert schema_problems(card) != []


MESSAGE_BYTES = 100 * 1024  # a Teams bot message (PLATFORM-NOTES: Teams)


def test_cards_with_long_names_stay_valid_and_inside_a_teams_message():
    long = "Maria-" + "x" * 194  # a 200-character display name
    four = (*THREE, "29:dee")
    names = {m: f"{long} {m}" for m in four}
    message = read_in(a_nudge(5, members=four, place="Café Lumen " * 100, reasons=tuple(
        Reason.of("pair", a=long, b=long, reason=Reason.of("teams_known_more", name=long, n=9,
                                                           team_a=long, team_b=long))
        for _ in range(6))), "fr")
    colleagues = [(f"29:{i:04}", f"{long} {i}") for i in range(150)]
    home = Home("29:ana", True, None, "O" * 500, "Europe/Lisbon", "9-17",
                tuple(pid for pid, _ in colleagues[:80]), None)
    for card in (nudge_card(message, names, "29:ana", {m: f"{m[3:]}@acme.example" for m in four}),
                 reminder_card(outbox_message(OutboxRow(
                     id=3, kind="reminder", key="reminder:7:29:ana", state="planned", nudge=7,
                     to="29:ana", tenant="T",
                     payload={"members": list(four), "start": START.isoformat(),
                              "end": (START + timedelta(minutes=30)).isoformat(),
                              "place": "Roof " * 200, "ref": None})), names, "29:ana"),
                 profile_card(home, colleagues)):
        assert schema_problems(card) == []
        assert all(len(actions) <= MAX_ACTIONS for actions in collections(card))
        assert len(json.dumps(card).encode()) <= MESSAGE_BYTES
