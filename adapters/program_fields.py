"""The program form's fields as a manager sees them, in their language, for the Slack modal and
the Teams card alike (names as bot.service.admin_words.FORM_FIELDS, plus `name`). A select's
values stay the program's English values ("warm"); only what the manager reads is translated."""

from __future__ import annotations

from bot.service.language import ENGLISH, Texts, texts

EN = texts(ENGLISH)


def choices(says: Texts = EN) -> dict[str, list[tuple[str, str]]]:
    """Each select's (value, text) options."""
    return {"size": [("2", says.gettext("Pairs")), ("3", says.gettext("Groups of 3")),
                     ("4", says.gettext("Groups of 4"))],
            "mode": [("hybrid", says.gettext("Hybrid (remote is fine)")),
                     ("in-person", says.gettext("In person, at a venue"))],
            "enrolment": [("opt-out", says.gettext("Everyone in scope (opt-out)")),
                          ("opt-in", says.gettext("Only people who say join (opt-in)"))],
            "tone": [("warm", says.pgettext("tone choice", "Warm")),
                     ("brief", says.pgettext("tone choice", "Brief")),
                     ("playful", says.pgettext("tone choice", "Playful"))],
            "cross": [("auto", says.gettext("Teams where most people have one (auto)")),
                      ("teams", says.gettext("Teams: never two of one team")),
                      ("communities", says.gettext("Circles seen in who talks with whom")),
                      ("off", says.gettext("Nothing in particular"))]}


CHOICES = choices()  # the English options; their values are the same in every language


def fields(says: Texts = EN) -> list[tuple[str, str, str | None, str | None, bool, bool]]:
    """(field, label, placeholder, hint, optional, multiline); selects take their options from
    `choices`. Placeholders are examples of values, which stay as a program holds them."""
    return [
        ("name", says.gettext("Program name"), "coffee",
         says.gettext("Letters, digits, - and _. A new name makes a new program."), False, False),
        ("cadence", says.gettext("When rounds run"), "every other week mon 10:00",
         says.gettext("weekly mon 10:00 · every other week mon 10:00 · monthly 1st tue 09:30 · or a cron "
           "line such as 0 10 * * mon. Empty: only when someone runs a round."), True, False),
        ("tz", says.gettext("Time zone of the cadence"), "Europe/Lisbon", None, False, False),
        ("size", says.gettext("Group size"), None, None, False, False),
        ("mode", says.gettext("How people meet"), None, None, False, False),
        ("overlap", says.gettext("Shared working hours (minutes)"), "60",
         says.gettext("Hybrid: every pair shares this much of their working day, each in their own time "
           "zone. 0: no such rule."), False, False),
        ("cross", says.gettext("What pairs cross"), None, None, False, False),
        ("offices", says.gettext("Offices"), "Lisbon, Berlin",
         says.gettext("Comma-separated. Empty: any office."), True, False),
        ("venues", says.gettext("Venues"), "Lisbon: Kitchen, Café Lumen; Berlin: Roof",
         says.gettext("Office: places, separated by commas; offices separated by semicolons."), True, True),
        ("cooldown", says.gettext("Cool-down (weeks)"), "12",
         says.gettext("How long before the same people are suggested to each other again."), False, False),
        ("enrolment", says.gettext("Who takes part"), None, None, False, False),
        ("scope", says.gettext("Channels in scope"), "#coffee, #random",
         says.gettext("Comma-separated. Empty: everyone."), True, False),
        ("tone", says.gettext("Tone of the nudges"), None, None, False, False),
        ("dormant", says.gettext("Weight: dormant ties"), "1",
         says.gettext("Numbers, 0 or more: how much each kind of match counts."), True, False),
        ("friends", says.gettext("Weight: friends of friends"), "1", None, True, False),
        ("bridges", says.gettext("Weight: bridges between groups"), "1", None, True, False),
        ("acquaintances", says.gettext("Weight: acquaintances"), "1", None, True, False),
        ("fill", says.gettext("Weight: random fill"), "0.2", None, True, False),
    ]


FIELDS = fields()
