"""The shared grammar: what employees can say, parsed the same on every platform."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.service.commands import HELP, Command, Reply, parse

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("text, expected", [
    ("join", Command("join")),
    ("  LEAVE ", Command("leave")),
    ("resume", Command("resume")),
    ("status", Command("status")),
    ("why", Command("why")),
    ("export", Command("export")),
    ("outcomes", Command("outcomes")),
    ("My  Outcomes", Command("outcomes")),
    ("forget me now", Command("forget")),
    ("pause 2w", Command("pause", NOW + timedelta(days=14))),
    ("pause 3 days", Command("pause", NOW + timedelta(days=3))),
    ("pause 1m", Command("pause", NOW + timedelta(days=30))),
    ("where New York", Command("where", "New York")),
    ("tz Europe/Lisbon", Command("tz", "Europe/Lisbon")),
    ("hours 9-17", Command("hours", (540, 1020))),
    ("hours 8:30 - 16:30", Command("hours", (510, 990))),
])
def test_each_command_is_understood(text, expected):
    assert parse(text, NOW) == expected


@pytest.mark.parametrize("text, says", [
    ("", "Here is what you can tell me"),
    ("help", "Here is what you can tell me"),
    ("dance", "don't know `dance`"),
    ("forget me", "send `forget me now`"),
    ("pause forever", "Usage: `pause 2w`"),
    ("pause 400d", "one day to a year"),
    ("tz Mars/Olympus", "don't know the time zone"),
    ("hours 17-9", "start before they end"),
    ("hours lots", "Usage: `hours 9-17`"),
    ("where", "Usage: `where Lisbon`"),
])
def test_anything_else_gets_a_helpful_reply(text, says):
    reply = parse(text, NOW)
    assert isinstance(reply, Reply) and says in reply.text


def test_help_promises_privacy():
    assert "never what anyone says" in HELP


def test_a_time_zone_name_longer_than_a_file_name_is_a_reply_not_an_error():
    # ZoneInfo reads a file by that name: one of 300 characters raised OSError (a 500 on Slack)
    from bot.service.admin_words import parse_admin
    assert isinstance(parse("tz " + "x" * 300, datetime.now(UTC)), Reply)
    assert isinstance(parse_admin("admin edit coffee tz=" + "x" * 300), Reply)
