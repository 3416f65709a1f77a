"""Every kind of meetup message, rendered by both platforms' builders in English and in French:
nudges (every reason the core writes, every tone), "Did you meet?", reminders (with a calendar
busy since), offers of new times, notices, the answers line, the note for a group's other
readers. A French render that falls back to English anywhere fails (bot/service/language.py
notes every message id the catalog lacks), and so does a reason key the catalog cannot write.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adapters.slack.render import (
    blocks,
    fallback,
    follow_up_blocks,
    follow_up_text,
    notice_text_of,
    offer_blocks,
    offer_text,
    reminder_blocks,
    reminder_text,
    with_answers,
)
from adapters.teams.render import follow_up_card, notice_card, nudge_card, offer_card, reminder_card
from bot.core.model import Slot
from bot.core.reasons import Reason
from bot.service.language import texts
from bot.service.outbound import TONES, follow_up_message, nudge_message, outbox_message
from bot.service.readers import Reader
from bot.service.reason_texts import KEYS, reason_text
from bot.store.values import OutboxRow, StoredNudge

ROOT = Path(__file__).parents[2]
START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
THREE = ("UANA", "UBEA", "UCAI")
NAMES = {"UANA": "Ana Ruiz", "UBEA": "Bea Lind", "UCAI": "Cai Wu"}
# One reason of each key the core writes, its facts as the core gives them
EVERY_REASON = (
    Reason.of("known_one", name="Dee Park"), Reason.of("known_more", name="Dee Park", n=3),
    Reason.of("common", n=2), Reason.of("channel", channel="#running"),
    Reason.of("teams_channel", team_a="Payments", team_b="Research", channel="#chess"),
    Reason.of("teams_known_one", team_a="Payments", team_b="Research", name="Dee Park"),
    Reason.of("teams_known_more", team_a="Payments", team_b="Research", name="Dee", n=1),
    Reason.of("teams_common", team_a="Payments", team_b="Research", n=5),
    Reason.of("teams_crossed", team_a="Payments", team_b="Research"),
    Reason.of("circles_channel", channel="#chess"), Reason.of("circles_known_one", name="Dee"),
    Reason.of("circles_known_more", name="Dee", n=2), Reason.of("circles_common", n=3),
    Reason.of("circles_crossed"), Reason.of("dormant", month="2026-03", with_year=False),
    Reason.of("dormant", month="2025-11", with_year=True), Reason.of("acquaintance"),
    Reason.of("connector", name="Dana"), Reason.of("connector_office", name="Dana",
                                                   office="Berlin"),
    Reason.of("same_circles"), Reason.of("same_office", office="Lisbon"),
    Reason.of("not_introduced"),
    Reason.of("pair", a="Ana", b="Bea", reason=Reason.of("known_one", name=None)),
)


def read_by(message, language: str, zone: str = "Europe/Paris"):
    members = tuple(getattr(message, "members", ()) or ()) + (getattr(message, "to", None),)
    return replace(message, readers=tuple(Reader(m, language, zone) for m in members if m))


def slots(n: int, first_day: int = 0) -> tuple[Slot, ...]:
    return tuple(Slot(START + timedelta(days=d), START + timedelta(days=d, minutes=30))
                 for d in range(first_day, first_day + n))


def every_message(language: str) -> dict[str, object]:
    """One of each message kind, as the service hands it over for readers of `language`."""
    made = {}
    for tone in TONES:
        for count in (1, 3):
            made[f"nudge {tone} {count}"] = nudge_message(StoredNudge(
                id=7, round=1, members=THREE, reasons=EVERY_REASON, slots=slots(count),
                place="Kitchen", tenant="T", tone=tone, calendars=THREE[:1]))
    made["follow-up"] = follow_up_message(StoredNudge(id=7, round=1, members=THREE, reasons=(),
                                                      slots=(), delivery_ref="G1/1"))
    made["reminder"] = outbox_message(OutboxRow(
        id=3, kind="reminder", key="r", state="planned", nudge=7, to=None, tenant="T",
        payload={"members": list(THREE), "start": START.isoformat(),
                 "end": (START + timedelta(minutes=30)).isoformat(), "place": "Kitchen",
                 "ref": "G1/1", "busy": ["UBEA", "UCAI"]}))
    for offer in (1, 2):
        made[f"offer {offer}"] = outbox_message(OutboxRow(
            id=5, kind="offer", key=f"o{offer}", state="planned", nudge=7, to=None, tenant="T",
            payload={"members": list(THREE), "first": 3 * offer, "offer": offer, "ref": "G1/1",
                     "calendars": list(THREE), "slots": [[s.start.isoformat(), s.end.isoformat()]
                                                         for s in slots(3, 8)]}))
    for kind in ("idle", "calendar"):
        made[f"notice {kind}"] = outbox_message(OutboxRow(
            id=4, kind=kind, key=kind, state="planned", nudge=None, to="UANA", tenant="T"))
    return {name: read_by(message, language) for name, message in made.items()}


def slack_render(name: str, message) -> list:
    if name.startswith("nudge"):
        answers = {"UANA": ("accepted", 0), "UBEA": ("another_time", None),
                   "UCAI": ("declined", None)}
        return [fallback(message), with_answers(blocks(message), answers,
                                                texts(message.readers[0].language))]
    if name == "follow-up":
        answers = {"UANA": ("met", None), "UBEA": ("not_yet", None), "UCAI": ("not_met", None)}
        return [follow_up_text(message), with_answers(follow_up_blocks(message), answers,
                                                      texts(message.readers[0].language))]
    if name == "reminder":
        return [reminder_text(message), reminder_blocks(message)]
    if name.startswith("offer"):
        return [offer_text(message), offer_blocks(message)]
    return [notice_text_of(message)]


def teams_render(name: str, message) -> list:
    if name.startswith("nudge"):
        return [nudge_card(message, NAMES, "UANA", {m: f"{m}@x.example" for m in THREE})]
    if name == "follow-up":
        return [follow_up_card(message, NAMES, "UANA")]
    if name == "reminder":
        return [reminder_card(message, NAMES, "UANA")]
    if name.startswith("offer"):
        return [offer_card(message, NAMES, "UANA")]
    return [notice_card(message)]


@pytest.mark.parametrize("name", list(every_message("en")))
def test_every_meetup_message_renders_in_french_with_nothing_left_in_english(name):
    french = texts("fr")
    french.missed.ids.clear()
    message = every_message("fr")[name]
    shown = json.dumps([*slack_render(name, message), *teams_render(name, message)],
                       ensure_ascii=False)
    assert french.missed.ids == set(), f"no French for: {sorted(french.missed.ids)}"
    english = json.dumps([*slack_render(name, every_message("en")[name]),
                          *teams_render(name, every_message("en")[name])], ensure_ascii=False)
    assert shown != english
    for words in ("Time for a coffee", "Another time", "Reminder", "Why", "Where:", "you both"):
        assert words not in shown, words


def test_every_reason_reads_in_french_with_its_facts_kept_and_its_plural_from_the_catalog():
    french, english = texts("fr"), texts("en")
    french.missed.ids.clear()
    written = {r: reason_text(r, french) for r in EVERY_REASON}
    assert french.missed.ids == set() and all(written.values())
    assert written[Reason.of("known_more", name="Dee Park", n=3)] == \
        "Vous avez des connaissances en commun : Dee Park et 3 autres personnes"
    assert written[Reason.of("teams_known_more", team_a="Payments", team_b="Research",
                             name="Dee", n=1)].endswith("Dee et 1 autre personne")
    assert reason_text(Reason.of("common", n=1), english) == "You have 1 contact in common"
    assert reason_text(Reason.of("common", n=0), french) == "Vous avez 0 contact en commun"
    assert written[Reason.of("dormant", month="2026-03", with_year=False)].endswith("en mars")
    assert written[Reason.of("dormant", month="2025-11", with_year=True)].endswith(
        "en novembre 2025")
    # a name forgotten since (`forget me`) reads "a colleague", in the reader's language
    forgotten = EVERY_REASON[-1]
    assert reason_text(forgotten, english) == "Ana and Bea: you both know a colleague"
    assert written[forgotten].startswith("Ana et Bea : vous avez une connaissance en commun")
    # a sentence stored before reasons were structured is shown as it is, in any language
    assert reason_text("You both know Cai Wu", french) == "You both know Cai Wu"
    assert reason_text(Reason.of("a key from a newer version"), french) == ""


def test_the_catalog_writes_every_reason_key_the_core_emits():
    emitted = set()
    for path in (ROOT / "bot" / "core").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "of" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                emitted.add(node.args[0].value)
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "of" \
                    and node.args and isinstance(node.args[0], ast.JoinedStr):
                tail = "".join(v.value for v in node.args[0].values
                               if isinstance(v, ast.Constant))
                emitted |= {f"{prefix}{tail}" for prefix in ("teams", "circles")}
    source = (ROOT / "bot/core/reasons.py").read_text()
    kinds = re.search(r"KNOWN_KINDS = \(([^)]*)\)", source).group(1)
    known = [k.strip().strip('"') for k in kinds.split(",") if k.strip()]
    emitted |= {f"{p}_{k}" for p in ("teams", "circles") for k in known}
    emitted = {key for key in emitted if not key.endswith("_")}
    assert emitted and emitted <= KEYS, emitted - KEYS
    assert {r.key for r in EVERY_REASON} == KEYS
