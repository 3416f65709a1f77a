"""The port adapters write meetup messages with: each message's words in its reader's language
(bot/service/meetup_texts.py), whole as plain text (meetup_plain.py), its reasons
(reason_texts.py), and whose language and time zone each member reads (readers.py). Adapters
import these names from here only, so the service may move them among its modules."""

from __future__ import annotations

from bot.service.meetup_plain import follow_up_plain, nudge_plain, offer_plain, reminder_plain
from bot.service.meetup_texts import (
    answered,
    button_label,
    calendar_line,
    clash_line,
    closing,
    group_notes,
    group_texts,
    headline,
    listed,
    notice_text,
    others,
)
from bot.service.readers import group_language, group_zone, reader_of
from bot.service.reason_texts import reason_lines

__all__ = ["answered", "button_label", "calendar_line", "clash_line", "closing",
           "follow_up_plain", "group_language", "group_notes", "group_texts", "group_zone",
           "headline", "listed", "notice_text", "nudge_plain", "offer_plain", "others",
           "reader_of", "reason_lines", "reminder_plain"]
