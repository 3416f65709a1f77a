"""Block Kit for what the service says (bot/service/outbound.py): nudges, "Did you meet?",
reminders, and the answers shown in the message itself; each with a plain-text fallback. Pure.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, format_time

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
from bot.service.language import Texts, texts, zone_name
from bot.service.message_texts import (
    answered,
    button_label,
    calendar_line,
    clash_line,
    closing,
    follow_up_plain,
    group_notes,
    group_texts,
    group_zone,
    headline,
    listed,
    notice_text,
    nudge_plain,
    offer_plain,
    reader_of,
    reason_lines,
    reminder_plain,
)
from bot.service.outbound import (
    ACCEPT,
    DECLINE,
    MET,
    NOT_MET,
    FollowUpMessage,
    NoticeMessage,
    NudgeMessage,
    OfferMessage,
    ReminderMessage,
)

EVENT_TYPE = "weaktie_nudge"
FOLLOW_UP_TYPE = "weaktie_follow_up"
OUTBOX_TYPE = "weaktie_outbox"  # reminders and notices: the payload carries the outbox row id
STYLE = {ACCEPT: "primary", DECLINE: "danger", MET: "primary", NOT_MET: "danger"}
# A group DM is written in the language most of its members read (bot/service/readers.py),
# with a line for the others in theirs; the top-level `text` is the whole message in plain
# words (notifications and screen readers read it), times with their zone named.


def _mention(member: str) -> str:
    return f"<@{member}>"


def fallback(message: NudgeMessage) -> str:
    """The nudge's top-level text: who, why, every time with its zone, where, what to do."""
    says = group_texts(message)
    text = nudge_plain(message, _who(message, says), group_zone(message), _mention, says, free)
    return clip(" ".join([text, *group_notes(message, _mention)]), MESSAGE_TEXT)


def blocks(message: NudgeMessage) -> list[dict]:
    says = group_texts(message)
    bold = "*" + headline(message.tone, says) + "*"
    lines = [says.gettext("{headline}, {who}!", headline=bold, who=_who(message, says))]
    reasons = reason_lines(message.reasons, says)
    why, when = says.pgettext("label", "Why you:"), says.pgettext("label",
                                                                 "When (in your own time zone):")
    if reasons:
        lines.append(f"*{why}* " + " ".join(f"{free(r)}." for r in reasons))
    if message.slots:
        lines.append(f"*{when}*\n" + "\n".join(
            f"{i}. {_date(s.start, '{date_short_pretty} {time}', message, says)}–"
            f"{_date(s.end, '{time}', message, says)}" for i, s in enumerate(message.slots, 1)))
    if message.calendars:
        lines.append(f"_{calendar_line(message, _mention, says)}_")
    if message.place:
        lines.append(f"*{_where(says)}* {free(message.place)}")
    if closing(message.tone, says):
        lines.append(closing(message.tone, says))
    return sections(lines) + _notes(message) + [
        {"type": "actions", "block_id": f"nudge-{message.nudge}",
         "elements": _buttons(message.buttons, says)}]


def _where(says: Texts) -> str:
    return says.pgettext("label", "Where:")


def _notes(message) -> list[dict]:
    """The line for the members who read another language than the message's, in theirs."""
    notes = group_notes(message, _mention)
    return [{"type": "context", "block_id": "languages",
             "elements": [{"type": "mrkdwn", "text": clip(note, TEXT_OBJECT)}
                          for note in notes[:10]]}] if notes else []


def follow_up_text(message: FollowUpMessage) -> str:
    says = group_texts(message)
    return clip(" ".join([follow_up_plain(_who(message, says), says),
                          *group_notes(message, _mention)]), MESSAGE_TEXT)


def follow_up_blocks(message: FollowUpMessage) -> list[dict]:
    says = group_texts(message)
    text = follow_up_plain(_who(message, says), says)
    return sections([text]) + _notes(message) + [
        {"type": "actions", "block_id": f"met-{message.nudge}",
         "elements": _buttons(message.buttons, says)}]


def reminder_text(message: ReminderMessage) -> str:
    says = group_texts(message)
    return clip(reminder_plain(message, _who(message, says), group_zone(message), _mention, says,
                               free), MESSAGE_TEXT)


def reminder_blocks(message: ReminderMessage) -> list[dict]:
    """Who, when (in each reader's own time zone) and where: times and places only."""
    says = group_texts(message)
    lines = [says.gettext("⏰ *Reminder*, {who}: coffee {when}", who=_who(message, says),
                          when=_when(message.slot, message, says))]
    if message.place:
        lines.append(f"*{_where(says)}* {free(message.place)}")
    if message.busy:
        lines.append(clash_line(message, _mention, says))
    return sections(lines) + _notes(message)


def offer_text(message: OfferMessage) -> str:
    """The offer's top-level text: who, every new time with its zone, what to do."""
    says = group_texts(message)
    return clip(offer_plain(message, _who(message, says), group_zone(message), _mention, says),
                MESSAGE_TEXT)


def offer_blocks(message: OfferMessage) -> list[dict]:
    """The new times, numbered on from the nudge's, in each reader's own time zone, with an
    Accept each (and whose calendars they heed)."""
    says = group_texts(message)
    times = "\n".join(f"{i}. {_when(s, message, says)}"
                      for i, s in enumerate(message.slots, message.first + 1))
    lines = [says.gettext("*New times for your coffee*, {who} (in your own time zone):",
                          who=_who(message, says)) + "\n" + times]
    if message.calendars:
        lines.append(f"_{calendar_line(message, _mention, says)}_")
    return sections(lines) + _notes(message) + [
        {"type": "actions", "block_id": f"offer-{message.outbox}",
         "elements": _buttons(message.buttons, says)}]


def notice_text_of(message: NoticeMessage) -> str:
    """A note from the clock, in its one reader's language."""
    if message.kind not in ("idle", "calendar"):
        return message.text
    return notice_text(message.kind, texts(reader_of(message, message.to).language))


def _when(slot, message, says: Texts) -> str:
    return (f"{_date(slot.start, '{date_long_pretty} {time}', message, says)}–"
            f"{_date(slot.end, '{time}', message, says)}")


def _buttons(buttons, says: Texts) -> list[dict]:
    """One button per answer; values are ids ("7" or "7:2"), far inside the 2,000 allowed."""
    return [{"type": "button", "action_id": f"nudge_{b.answer}_{b.slot or b.after or 0}",
             "value": b.value,
             "text": plain(button_label(b, says), BUTTON_TEXT),
             **({"style": STYLE[b.answer]} if b.answer in STYLE else {})} for b in buttons]


def _who(message, says: Texts) -> str:
    return listed(map(_mention, message.members), says)


def _date(moment: datetime, fmt: str, message, says: Texts) -> str:
    """Slack shows <!date^...> in each reader's own time zone; its fallback (for clients that
    cannot) is in the group's zone if all share one, else UTC, named after the end time: a
    range's two fallbacks read "Fri 18 Dec, 10:30–11:00 (Paris)"."""
    zone = group_zone(message)
    if "date" in fmt:
        shown = format_datetime(moment, "EEE d MMM, HH:mm", tzinfo=ZoneInfo(zone),
                                locale=says.language)
    else:
        shown = format_time(moment, "HH:mm", tzinfo=ZoneInfo(zone), locale=says.language) + \
            f" ({zone_name(zone, says.language)})"
    return f"<!date^{int(moment.timestamp())}^{fmt}|{shown}>"


def answer_of(action_id: str) -> str | None:
    """The feedback kind a button's action id ("nudge_<kind>_<n>") stands for."""
    if not action_id.startswith("nudge_"):
        return None
    return action_id.removeprefix("nudge_").rsplit("_", 1)[0]


def with_answers(blocks: list[dict], answers: dict, says: Texts | None = None) -> list[dict]:
    """The message's blocks with one line saying who answered what (replacing an older line),
    in the language of the message (`says`)."""
    says = says or texts(None)
    said = " · ".join(answered(_mention(who), kind, slot, says)
                      for who, (kind, slot) in sorted(answers.items()))
    kept = [b for b in blocks if b.get("block_id") != "answers"][:MESSAGE_BLOCKS - 1]
    if not said:  # Slack refuses an empty text object
        return kept
    return kept + [{"type": "context", "block_id": "answers",
                    "elements": [{"type": "mrkdwn", "text": clip(said, TEXT_OBJECT)}]}]
