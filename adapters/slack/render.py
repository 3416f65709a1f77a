"""Block Kit for what the service says (bot/service/outbound.py): nudges, "Did you meet?",
reminders, and the answers shown in the message itself; each with a plain-text fallback. Pure.
"""

from __future__ import annotations

from datetime import datetime

from adapters.slack.block_kit import (
    BUTTON_TEXT,
    MESSAGE_BLOCKS,
    MESSAGE_TEXT,
    TEXT_OBJECT,
    clip,
    free,
    plain,
    sections,
)
from bot.service.outbound import (
    ACCEPT,
    DECLINE,
    MET,
    NOT_MET,
    OFFER_HEADLINE,
    FollowUpMessage,
    NudgeMessage,
    OfferMessage,
    ReminderMessage,
)

EVENT_TYPE = "weaktie_nudge"
FOLLOW_UP_TYPE = "weaktie_follow_up"
OUTBOX_TYPE = "weaktie_outbox"  # reminders and notices: the payload carries the outbox row id
STYLE = {ACCEPT: "primary", DECLINE: "danger", MET: "primary", NOT_MET: "danger"}


def fallback(message: NudgeMessage) -> str:
    """The nudge's top-level text: who, the first proposed time and where."""
    parts = [f"{message.headline}: {_who(message)}"]
    if message.slots:
        more = len(message.slots) - 1
        parts.append(_date(message.slots[0].start, "{date_short_pretty} {time}")
                     + (f" or {more} other time{'s' if more > 1 else ''}" if more else ""))
    if message.place:
        parts.append(f"at {free(message.place)}")
    return clip(", ".join(parts), MESSAGE_TEXT)


def blocks(message: NudgeMessage) -> list[dict]:
    lines = [f"*{message.headline}*, {_who(message)}!"]
    if message.reasons:
        lines.append("*Why you:* " + " ".join(f"{free(r)}." for r in message.reasons[:3]))
    if message.slots:
        lines.append("*When* (in your own time zone):\n" + "\n".join(
            f"{i}. {_date(s.start, '{date_short_pretty} {time}')}–{_date(s.end, '{time}')}"
            for i, s in enumerate(message.slots, 1)))
    if message.calendars:
        lines.append(f"_{message.calendar_line(lambda m: f'<@{m}>')}_")
    if message.place:
        lines.append(f"*Where:* {free(message.place)}")
    if message.closing:
        lines.append(message.closing)
    return sections(lines) + [{"type": "actions", "block_id": f"nudge-{message.nudge}",
                               "elements": _buttons(message.buttons)}]


def follow_up_text(message: FollowUpMessage) -> str:
    return clip(f"Did you meet? {_who(message)}, your answer helps me suggest better.",
                MESSAGE_TEXT)


def follow_up_blocks(message: FollowUpMessage) -> list[dict]:
    text = f":wave: {_who(message)}, did you meet? Your answer helps me suggest better."
    return sections([text]) + [{"type": "actions", "block_id": f"met-{message.nudge}",
                                "elements": _buttons(message.buttons)}]


def reminder_text(message: ReminderMessage) -> str:
    where = f", at {free(message.place)}" if message.place else ""
    return clip(f"Coffee reminder, {_who(message)}: {_when(message.slot)}{where}", MESSAGE_TEXT)


def reminder_blocks(message: ReminderMessage) -> list[dict]:
    """Who, when (in each reader's own time zone) and where: times and places only."""
    lines = [f":alarm_clock: *Reminder*, {_who(message)}: coffee {_when(message.slot)}"]
    if message.place:
        lines.append(f"*Where:* {free(message.place)}")
    if message.busy:
        lines.append(message.clash_line(lambda m: f"<@{m}>"))
    return sections(lines)


def offer_text(message: OfferMessage) -> str:
    """The offer's top-level text: who, and the first new time."""
    more = len(message.slots) - 1
    return clip(f"{OFFER_HEADLINE}, {_who(message)}: {_when(message.slots[0])}"
                + (f" or {more} other time{'s' if more > 1 else ''}" if more else ""),
                MESSAGE_TEXT)


def offer_blocks(message: OfferMessage) -> list[dict]:
    """The new times, numbered on from the nudge's, in each reader's own time zone, with an
    Accept each (and whose calendars they heed)."""
    lines = [f"*{OFFER_HEADLINE}*, {_who(message)} (in your own time zone):\n" + "\n".join(
        f"{i}. {_when(s)}" for i, s in enumerate(message.slots, message.first + 1))]
    if message.calendars:
        lines.append(f"_{message.calendar_line(lambda m: f'<@{m}>')}_")
    return sections(lines) + [{"type": "actions", "block_id": f"offer-{message.outbox}",
                               "elements": _buttons(message.buttons)}]


def _when(slot) -> str:
    return f"{_date(slot.start, '{date_long_pretty} {time}')}–{_date(slot.end, '{time}')}"


def _buttons(buttons) -> list[dict]:
    """One button per answer; values are ids ("7" or "7:2"), far inside the 2,000 allowed."""
    return [{"type": "button", "action_id": f"nudge_{b.answer}_{b.slot or b.after or 0}",
             "value": b.value,
             "text": plain(b.label, BUTTON_TEXT),
             **({"style": STYLE[b.answer]} if b.answer in STYLE else {})} for b in buttons]


def _who(message: NudgeMessage | FollowUpMessage) -> str:
    people = [f"<@{m}>" for m in message.members]
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]


def _date(moment: datetime, fmt: str) -> str:
    """Slack shows <!date^...> in each reader's own time zone; the fallback is UTC."""
    return f"<!date^{int(moment.timestamp())}^{fmt}|{moment:%a %d %b %H:%M} UTC>"


def answer_of(action_id: str) -> str | None:
    """The feedback kind a button's action id ("nudge_<kind>_<n>") stands for."""
    if not action_id.startswith("nudge_"):
        return None
    return action_id.removeprefix("nudge_").rsplit("_", 1)[0]


WORDS = {"accepted": "accepted", "another_time": "asked for another time",
         "declined": "can't make it", "met": "met", "not_yet": "hasn't met yet",
         "not_met": "didn't meet"}


def with_answers(blocks: list[dict], answers: dict) -> list[dict]:
    """The message's blocks with one line saying who answered what (replacing an older line)."""
    said = " · ".join(
        f"<@{who}> {WORDS.get(kind, kind)}" + (f" option {slot + 1}" if kind == "accepted"
                                               and slot is not None else "")
        for who, (kind, slot) in sorted(answers.items()))
    kept = [b for b in blocks if b.get("block_id") != "answers"][:MESSAGE_BLOCKS - 1]
    if not said:  # Slack refuses an empty text object
        return kept
    return kept + [{"type": "context", "block_id": "answers",
                    "elements": [{"type": "mrkdwn", "text": clip(said, TEXT_OBJECT)}]}]
