"""Every Adaptive Card weaktie sends to Teams, checked against the rules Teams applies: the
action limit of its host config (schemas/microsoft-teams-light.hostconfig.json, from
microsoft/AdaptiveCards; see schemas/README.md)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from adapters.teams_cards import nudge_card
from bot.chat import nudge_message

SCHEMAS = Path(__file__).parent / "schemas"
HOST_CONFIG = json.loads((SCHEMAS / "microsoft-teams-light.hostconfig.json").read_text())
MAX_ACTIONS = HOST_CONFIG["actions"]["maxActions"]
START = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
THREE = ("29:ana", "29:bea", "29:cai")
SIGN_INS = {m: f"{m[3:]}@acme.example" for m in THREE}


def a_nudge(slots: int, members=THREE, place: str | None = "Kitchen", reasons=("You both know Dee",)):
    """The nudge as the core hands it to the adapter (bot.chat.nudge_message of a stored one)."""
    times = [[(START + timedelta(days=d)).isoformat(),
              (START + timedelta(days=d, minutes=30)).isoformat()] for d in range(slots)]
    return nudge_message({"id": 7, "members": list(members), "reasons": list(reasons),
                          "slots": times, "place": place, "tenant": "T"})


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
