"""A nudge says whose calendars its times were checked against, on both platforms, and says
nothing of calendars when the times come from working hours alone."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from adapters.slack.render import blocks
from adapters.teams.render import nudge_card
from bot.core.model import Slot
from bot.service.language import texts
from bot.service.message_texts import calendar_line
from bot.service.outbound import NudgeMessage

AT = datetime(2026, 12, 7, 10, 30, tzinfo=UTC)


def message(calendars: tuple[str, ...]) -> NudgeMessage:
    return NudgeMessage(7, ("UANA", "UBEA", "UCAI"), ("You both post in #coffee",),
                        (Slot(AT, AT + timedelta(minutes=30)),), None, (), "T1", "warm", calendars)


def test_the_nudge_names_whose_calendars_were_read():
    english, french = texts("en"), texts("fr")
    assert calendar_line(message(()), str, english) == ""
    assert calendar_line(message(("UANA", "UBEA", "UCAI")), str, english) == \
        "These times are free in everyone's calendar."
    said = calendar_line(message(("UANA", "UCAI")), str, english)
    assert said == ("These times are free in the calendars of UANA and UCAI, and within "
                    "everyone's working hours.")
    assert calendar_line(message(("UANA",)), str, french) == (
        "Ces horaires sont libres dans l'agenda consulté (UANA), et dans les heures de travail "
        "de tout le monde.")
    # on Teams, the one reading: "your calendar" when it is the only one read
    assert calendar_line(message(("UBEA",)), str, french, "UBEA") == (
        "Ces horaires sont libres dans votre agenda, et dans les heures de travail de tout le "
        "monde.")


def test_slack_and_teams_say_it_and_hours_only_nudges_say_nothing_of_calendars():
    slack = json.dumps(blocks(message(("UANA",))))
    assert "free in the calendar of <@UANA>" in slack
    assert "calendar" not in json.dumps(blocks(message(())))
    names = {"UANA": "Ana", "UBEA": "Bea", "UCAI": "Cai"}
    teams = json.dumps(nudge_card(message(("UANA", "UBEA")), names, "UBEA"))
    assert "free in the calendars of Ana and you" in teams
    assert "calendar" not in json.dumps(nudge_card(message(()), names, "UBEA"))
