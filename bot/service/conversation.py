"""Answering an employee: parse what they said, change their own data, say what happened."""

from __future__ import annotations

import json
from datetime import datetime

from bot.core.model import Person
from bot.errors import WeaktieError
from bot.service.admin import EN, Gate, handle_admin
from bot.service.admin_words import is_admin
from bot.service.calendar_connect import NAMES as CALENDAR_NAMES
from bot.service.click_texts import answered_text, sorry_text, unclear_text
from bot.service.commands import Command, Reply, parse
from bot.service.language import Texts, day, named, texts, zone_name
from bot.service.meetups import agreed_slot
from bot.service.outbound import Home
from bot.service.own_outcomes import own_outcomes_text
from bot.service.reason_texts import reason_lines
from bot.service.whose_language import admin_language, reader, set_language
from bot.store import Store
from bot.store.values import StoredNudge


def handle_request(store: Store, tenant: str, person: str, text: str, now: datetime,
                   platform: str, gate: Gate | None = None, platform_admin: bool = False,
                   public_url: str | None = None, locale: str = "") -> str:
    """The reply to one message from `person`, in their language (`locale`: what their
    platform says they read): their own data changes, or, for `admin ...` words from a
    community manager (bot/service/admin.py), the tenant's programs."""
    says = reader(store, tenant, person, locale)
    if is_admin(text):
        said = admin_language(store, tenant, person, text, platform, gate or Gate(),
                              platform_admin, says)
        return said if said is not None else handle_admin(
            store, tenant, person, text, now, platform, gate or Gate(), platform_admin, public_url,
            says)
    parsed = parse(text, now, says)
    if isinstance(parsed, Reply):
        return parsed.text
    if parsed.name == "language":
        return set_language(store, tenant, person, platform, parsed.value, locale, says)
    return _carry_out(store, tenant, person, parsed, now, platform, says, locale)


def _carry_out(store: Store, tenant: str, person: str, command: Command, now: datetime,
               platform: str, says: Texts, locale: str) -> str:
    found = store.person(tenant, person) if command.name == "pause" else None
    change = _setting(command, now, says, found)
    if change is not None:
        values, answer = change
        store.update_person(tenant, person, platform, **values,
                            **({"locale": locale[:35]} if locale else {}))
        return answer
    if command.name == "status":
        return _status(store.person(tenant, person), now, says)
    if command.name == "profile":  # platforms with forms show theirs instead of this text
        return says.gettext("{status}\nChange it with `where`, `tz` and `hours`, or with the "
                            "profile form (Slack: the Home tab).",
                            status=_status(store.person(tenant, person), now, says))
    if command.name == "why":
        return _why(store.latest_nudge(tenant, person), says)
    if command.name == "outcomes":
        return own_outcomes_text(store, tenant, person, now, says)
    if command.name == "export":
        data = store.export_person(tenant, person)
        return says.gettext("I store nothing about you.") if data is None else \
            json.dumps(data, indent=2)
    if command.name == "forget":
        if store.has_tenant(tenant):  # someone never stored may still hold a dashboard session
            store.forget_person(tenant, person)
        return says.gettext("Done: I have erased everything I knew about you.")
    if command.name.startswith("calendar"):  # the service answers these (they need a provider)
        return says.gettext("Calendars are not set up on this install yet: ask whoever runs "
                            "weaktie. Meanwhile I propose times within your `hours`.")
    raise ValueError(f"unhandled command {command.name!r}")  # parse() and this must agree


def _setting(command: Command, now: datetime, says: Texts,
             found: Person | None) -> tuple[dict, str] | None:
    """The change to the person's own settings a command asks for, and what to say about it
    (`found`: the person as stored, whose time zone a date is written in)."""
    name, value = command.name, command.value
    if name == "join":
        return ({"enrolled": True, "paused_until": None, "idle_paused_at": None,
                 "joined_at": now},
                says.gettext("You're in! I'll suggest someone to meet in the next round. "
                             "Say `help` any time."))
    if name == "leave":
        return {"enrolled": False}, says.gettext(
            "You're out of coffee rounds. Say `join` to come back.")
    if name == "resume":
        return ({"enrolled": True, "paused_until": None, "idle_paused_at": None},
                says.gettext("Welcome back: you're in the next round."))
    if name == "pause":
        zone = found.timezone if found else "UTC"
        return ({"paused_until": value},
                says.ngettext("Paused for {n} day, until {day} ({zone}). Say `resume` to come "
                              "back sooner.",
                              "Paused for {n} days, until {day} ({zone}). Say `resume` to come "
                              "back sooner.", (value - now).days,
                              day=day(value, says.language, zone),
                              zone=zone_name(zone, says.language)))
    if name == "where":
        return {"office": value}, says.gettext("Noted: you work from {office}.", office=value)
    if name == "tz":
        return {"timezone": value}, says.gettext("Noted: your time zone is {zone}.", zone=value)
    if name == "hours":
        start, end = value
        return ({"work_start": start, "work_end": end},
                says.gettext("Noted: you work {start}–{end} local time.",
                             start=_clock(start), end=_clock(end)))
    return None


def _status(person: Person | None, now: datetime, says: Texts) -> str:
    if person is None:
        return says.gettext("You haven't joined yet. Say `join` to take part in coffee rounds.")
    language, zone = says.language, person.timezone
    if not person.enrolled:
        state = says.gettext("You're not taking part (say `join` to come back).")
    elif person.idle_paused:
        state = says.gettext("You're paused because the last rounds went unanswered "
                             "(say `resume` to come back).")
    elif person.paused_until and person.paused_until > now:
        state = says.gettext("You're paused until {day}.",
                             day=day(person.paused_until, language, zone))
    elif person.away_until and person.away_until > now:
        state = says.gettext("You're out of office until {day}; rounds skip you till then.",
                             day=day(person.away_until, language, zone))
    else:
        state = says.gettext("You're in the next round.")
    office = person.office or says.gettext("not set (`where <office>`)")
    return says.gettext(
        "{state}\nOffice: {office}\nTime zone: {zone}\nHours: {start}–{end}\n"
        "Language: {language}", state=state, office=office, zone=zone,
        start=_clock(person.work_start), end=_clock(person.work_end), language=named(language))


def _why(nudge: StoredNudge | None, says: Texts) -> str:
    if nudge is None:
        return says.gettext("You have no suggestion yet: it comes with the next round.")
    return says.gettext("Why I suggested this meeting:\n{reasons}",
                        reasons="\n".join(f"• {r}" for r in reason_lines(nudge.reasons, says)))


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


# The answers a nudge's buttons record; the replies are bot/service/click_texts.py's
ANSWERED = frozenset({"accepted", "another_time", "declined", "met", "not_yet", "not_met"})


def answer_nudge(store: Store, tenant: str, person: str, value: str, kind: str,
                 now: datetime, says: Texts | None = None) -> tuple[str, int | None]:
    """A click on a nudge's button becomes feedback from that person (others' clicks change
    nothing and are told so). Returns the reply (in `says`' language), and the agreed slot
    once every member has accepted the same one."""
    says = says or texts(None)
    nudge, _, slot_text = value.partition(":")
    if kind not in ANSWERED or not _number(nudge, 2**31 - 1) or \
            not (slot_text == "" or _number(slot_text, 99)):
        return unclear_text(says), None
    slot = int(slot_text) if slot_text else None
    try:
        store.record_feedback(tenant, int(nudge), person, kind, now, slot)
    except WeaktieError as exc:
        return sorry_text(exc, says), None
    agreed = agreed_slot(store, tenant, int(nudge)) if kind == "accepted" else None
    return answered_text(kind, says), agreed


def nudge_of(value: str) -> int | None:
    """The nudge a button's value ("12" or "12:1") is about, when it can name one."""
    nudge = value.partition(":")[0]
    return int(nudge) if _number(nudge, 2**31 - 1) else None


def _number(text: str, largest: int) -> bool:
    """ASCII digits naming a number the store can hold (a nudge id is a 32-bit key; SQLite
    raised OverflowError on 99999999999999999999)."""
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= largest


def home(store: Store, tenant: str, person: str, now: datetime,
         calendars: bool = False, says: Texts = EN) -> Home:
    """A person's home screen, in their language; `calendars`: whether this install offers
    calendars."""
    found = store.person(tenant, person)
    link = store.calendars(tenant, [person]).get(person) if calendars else None
    calendar = None if not calendars else (CALENDAR_NAMES.get(link.provider, link.provider)
                                           if link else "")
    if found is None:
        return Home(person, False, None, None, "UTC", "09:00-17:00", (), None, calendar,
                    says.language)
    paused = found.paused_until if found.paused_until and found.paused_until > now else None
    return Home(person, found.enrolled, day(paused, says.language, found.timezone)
                if paused else None, found.office,
                found.timezone, f"{_clock(found.work_start)}-{_clock(found.work_end)}",
                tuple(sorted(found.do_not_pair)), store.latest_nudge(tenant, person), calendar,
                says.language)


def save_profile(store: Store, tenant: str, person: str, form: dict, now: datetime,
                 platform: str, says: Texts = EN) -> dict[str, str]:
    """Check and store the profile form; returns {field: problem}, in the reader's language,
    and stores nothing if any."""
    errors: dict[str, str] = {}
    values: dict = {"office": form.get("office", "").strip() or None}
    zone = parse(f"tz {form.get('tz', '').strip()}", now)
    if isinstance(zone, Reply):
        errors["tz"] = says.gettext("Use a time zone such as Europe/Lisbon or "
                                    "America/New_York.")
    else:
        values["timezone"] = zone.value
    hours = parse(f"hours {form.get('hours', '').strip()}", now)
    if isinstance(hours, Reply):
        errors["hours"] = says.gettext("Use a range such as 9-17 or 8:30-16:30, at least an "
                                       "hour long.")
    else:
        values["work_start"], values["work_end"] = hours.value
    if errors:
        return errors
    store.update_person(tenant, person, platform, **values)
    store.set_do_not_pair(tenant, person, list(form.get("avoid") or []), platform)
    return {}
