"""The program form's fields as a manager sees them, for the Slack modal and the Teams card alike
(names as bot.service.admin_words.FORM_FIELDS, plus `name`)."""

from __future__ import annotations

CHOICES = {"size": [("2", "Pairs"), ("3", "Groups of 3"), ("4", "Groups of 4")],
           "mode": [("hybrid", "Hybrid (remote is fine)"), ("in-person", "In person, at a venue")],
           "enrolment": [("opt-out", "Everyone in scope (opt-out)"),
                         ("opt-in", "Only people who say join (opt-in)")],
           "tone": [("warm", "Warm"), ("brief", "Brief"), ("playful", "Playful")],
           "cross": [("auto", "Teams where most people have one (auto)"),
                     ("teams", "Teams: never two of one team"),
                     ("communities", "Circles seen in who talks with whom"),
                     ("off", "Nothing in particular")]}

# (field, label, placeholder, hint, optional, multiline); selects take their options from CHOICES
FIELDS = [
    ("name", "Program name", "coffee", "Letters, digits, - and _. A new name makes a new program.",
     False, False),
    ("cadence", "When rounds run", "every other week mon 10:00",
     "weekly mon 10:00 · every other week mon 10:00 · monthly 1st tue 09:30 · or a cron line "
     "such as 0 10 * * mon. Empty: only when someone runs a round.", True, False),
    ("tz", "Time zone of the cadence", "Europe/Lisbon", None, False, False),
    ("size", "Group size", None, None, False, False),
    ("mode", "How people meet", None, None, False, False),
    ("overlap", "Shared working hours (minutes)", "60",
     "Hybrid: every pair shares this much of their working day, each in their own time zone. "
     "0: no such rule.", False, False),
    ("cross", "What pairs cross", None, None, False, False),
    ("offices", "Offices", "Lisbon, Berlin", "Comma-separated. Empty: any office.", True, False),
    ("venues", "Venues", "Lisbon: Kitchen, Café Lumen; Berlin: Roof",
     "Office: places, separated by commas; offices separated by semicolons.", True, True),
    ("cooldown", "Cool-down (weeks)", "12",
     "How long before the same people are suggested to each other again.", False, False),
    ("enrolment", "Who takes part", None, None, False, False),
    ("scope", "Channels in scope", "#coffee, #random", "Comma-separated. Empty: everyone.", True,
     False),
    ("tone", "Tone of the nudges", None, None, False, False),
    ("dormant", "Weight: dormant ties", "1", "Numbers, 0 or more: how much each kind of "
     "match counts.", True, False),
    ("friends", "Weight: friends of friends", "1", None, True, False),
    ("bridges", "Weight: bridges between groups", "1", None, True, False),
    ("acquaintances", "Weight: acquaintances", "1", None, True, False),
    ("fill", "Weight: random fill", "0.2", None, True, False),
]
