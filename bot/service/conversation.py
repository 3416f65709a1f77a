"""Answering an employee: parse what they said, change their own data, say what happened."""

from __future__ import annotations

import json
from datetime import datetime

from bot.core.model import Person
from bot.errors import WeaktieError
from bot.service.admin import Gate, handle_admin
from bot.service.admin_words import is_admin
from bot.service.calendar_connect import NAMES as CALENDAR_NAMES
from bot.service.commands import Command, Reply, parse
from bot.service.meetups import agreed_slot
from bot.service.outbound import Home
from bot.service.own_outcomes import own_outcomes_text
from bot.store import Store
from bot.store.values import StoredNudge


def handle_request(store: Store, tenant: str, person: str, text: str, now: datetime,
                   platform: str, gate: Gate | None = None, platform_admin: bool = False,
                   public_url: str | None = None) -> str:
    """The reply to one message from `person`: their own data changes, or, for `admin ...`
    words from a community manager (bot/service/admin.py), the tenant's programs."""
    if is_admin(text):
        return handle_admin(store, tenant, person, text, now, platform, gate or Gate(),
                            platform_admin, public_url)
    parsed = parse(text, now)
    if isinstance(parsed, Reply):
        return parsed.text
    return _carry_out(store, tenant, person, parsed, now, platform)


def _carry_out(store: Store, tenant: str, person: str, command: Command, now: datetime,
               platform: str) -> str:
    change = _setting(command, now)
    if change is not None:
        values, answer = change
        store.update_person(tenant, person, platform, **values)
        return answer
    if command.name == "status":
        return _status(store.person(tenant, person), now)
    if command.name == "profile":  # platforms with forms show theirs instead of this text
        return (_status(store.person(tenant, person), now) + "\nChange it with `where`, `tz` "
                "and `hours`, or with the profile form (Slack: the Home tab).")
    if command.name == "why":
        return _why(store.latest_nudge(tenant, person))
    if command.name == "outcomes":
        return own_outcomes_text(store, tenant, person, now)
    if command.name == "export":
        data = store.export_person(tenant, person)
        return "I store nothing about you." if data is None else json.dumps(data, indent=2)
    if command.name == "forget":
        if store.has_tenant(tenant):  # someone never stored may still hold a dashboard session
            store.forget_person(tenant, person)
        return "Done: I have erased everything I knew about you."
    if command.name.startswith("calendar"):  # the service answers these (they need a provider)
        return ("Calendars are not set up on this install yet: ask whoever runs weaktie. "
                "Meanwhile I propose times within your `hours`.")
    raise ValueError(f"unhandled command {command.name!r}")  # parse() and this must agree


def _setting(command: Command, now: datetime) -> tuple[dict, str] | None:
    """The change to the person's own settings a command asks for, and what to say about it."""
    name, value = command.name, command.value
    if name == "join":
        return ({"enrolled": True, "paused_until": None, "idle_paused_at": None, "joined_at": now},
                "You're in! I'll suggest someone to meet in the next round. Say `help` any time.")
    if name == "leave":
        return {"enrolled": False}, "You're out of coffee rounds. Say `join` to come back."
    if name == "resume":
        return ({"enrolled": True, "paused_until": None, "idle_paused_at": None},
                "Welcome back: you're in the next round.")
    if name == "pause":
        return ({"paused_until": value},
                f"Paused until {value:%a %d %b} (UTC). Say `resume` to come back sooner.")
    if name == "where":
        return {"office": value}, f"Noted: you work from {value}."
    if name == "tz":
        return {"timezone": value}, f"Noted: your time zone is {value}."
    if name == "hours":
        start, end = value
        return ({"work_start": start, "work_end": end},
                f"Noted: you work {_clock(start)}–{_clock(end)} local time.")
    return None


def _status(person: Person | None, now: datetime) -> str:
    if person is None:
        return "You haven't joined yet. Say `join` to take part in coffee rounds."
    if not person.enrolled:
        state = "You're not taking part (say `join` to come back)."
    elif person.idle_paused:
        state = "You're paused because the last rounds went unanswered (say `resume` to come back)."
    elif person.paused_until and person.paused_until > now:
        state = f"You're paused until {person.paused_until:%a %d %b}."
    elif person.away_until and person.away_until > now:
        state = f"You're out of office until {person.away_until:%a %d %b}; rounds skip you till then."
    else:
        state = "You're in the next round."
    office = person.office or "not set (`where <office>`)"
    hours = f"{_clock(person.work_start)}–{_clock(person.work_end)}"
    return f"{state}\nOffice: {office}\nTime zone: {person.timezone}\nHours: {hours}"


def _why(nudge: StoredNudge | None) -> str:
    if nudge is None:
        return "You have no suggestion yet: it comes with the next round."
    return "Why I suggested this meeting:\n" + "\n".join(f"• {r}" for r in nudge.reasons)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


ANSWERED = {"accepted": "Great, you accepted. I'll confirm once everyone has.",
            "another_time": "New times are on their way to everyone.",
            "declined": "No problem: you're back in the pool for the next round.",
            "met": "Wonderful! I'll remember that you two (or three) know each other now.",
            "not_yet": "Noted: not yet. I hope you find a moment.",
            "not_met": "Thanks for telling me: I'll keep that in mind for the next round."}
UNCLEAR = "Sorry, I did not understand that answer."
# "Another time" when no new times go out (bot/service/another_time.py)
ANOTHER_TIME = {
    "none": ("I found no time that suits everyone in the next {days} days. Propose one to "
             "the others in your chat."),
    "no_more": ("I've offered new times {offers} times already, so no more from me: say a "
                "time that suits you to the others in your chat."),
}


def answer_nudge(store: Store, tenant: str, person: str, value: str, kind: str,
                 now: datetime) -> tuple[str, int | None]:
    """A click on a nudge's button becomes feedback from that person (others' clicks change
    nothing and are told so). Returns the reply, and the agreed slot once every member has
    accepted the same one."""
    nudge, _, slot_text = value.partition(":")
    if kind not in ANSWERED or not _number(nudge, 2**31 - 1) or \
            not (slot_text == "" or _number(slot_text, 99)):
        return UNCLEAR, None
    slot = int(slot_text) if slot_text else None
    try:
        store.record_feedback(tenant, int(nudge), person, kind, now, slot)
    except WeaktieError as exc:
        return f"Sorry: {exc}.", None
    return ANSWERED[kind], agreed_slot(store, tenant, int(nudge)) if kind == "accepted" else None


def nudge_of(value: str) -> int | None:
    """The nudge a button's value ("12" or "12:1") is about, when it can name one."""
    nudge = value.partition(":")[0]
    return int(nudge) if _number(nudge, 2**31 - 1) else None


def _number(text: str, largest: int) -> bool:
    """ASCII digits naming a number the store can hold (a nudge id is a 32-bit key; SQLite
    raised OverflowError on 99999999999999999999)."""
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= largest


def home(store: Store, tenant: str, person: str, now: datetime,
         calendars: bool = False) -> Home:
    """A person's home screen; `calendars`: whether this install offers calendars."""
    found = store.person(tenant, person)
    link = store.calendars(tenant, [person]).get(person) if calendars else None
    calendar = None if not calendars else (CALENDAR_NAMES.get(link.provider, link.provider)
                                           if link else "")
    if found is None:
        return Home(person, False, None, None, "UTC", "09:00-17:00", (), None, calendar)
    paused = found.paused_until if found.paused_until and found.paused_until > now else None
    return Home(person, found.enrolled, f"{paused:%a %d %b}" if paused else None, found.office,
                found.timezone, f"{_clock(found.work_start)}-{_clock(found.work_end)}",
                tuple(sorted(found.do_not_pair)), store.latest_nudge(tenant, person), calendar)


def save_profile(store: Store, tenant: str, person: str, form: dict, now: datetime,
                 platform: str) -> dict[str, str]:
    """Check and store the profile form; returns {field: problem} and stores nothing if any."""
    errors: dict[str, str] = {}
    values: dict = {"office": form.get("office", "").strip() or None}
    zone = parse(f"tz {form.get('tz', '').strip()}", now)
    if isinstance(zone, Reply):
        errors["tz"] = "Use a time zone such as Europe/Lisbon or America/New_York."
    else:
        values["timezone"] = zone.value
    hours = parse(f"hours {form.get('hours', '').strip()}", now)
    if isinstance(hours, Reply):
        errors["hours"] = "Use a range such as 9-17 or 8:30-16:30, at least an hour long."
    else:
        values["work_start"], values["work_end"] = hours.value
    if errors:
        return errors
    store.update_person(tenant, person, platform, **values)
    store.set_do_not_pair(tenant, person, list(form.get("avoid") or []), platform)
    return {}
