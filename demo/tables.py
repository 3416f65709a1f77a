"""Rendering a planned round for people (terminal text) and for programs (JSON), and the
comparison table of scores (the demo, bench/quality.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import format_percent

from bot.core.evaluation import Scores
from bot.core.model import Nudge, Person, RoundPlan, Slot
from bot.service.language import Texts, texts, zone_name
from bot.service.reason_texts import reason_lines


def plan_json(plan: RoundPlan) -> dict:
    """`{"groups": [...], "unmatched": [...]}` with members as imported and UTC ISO slots."""
    return {
        "groups": [{
            "members": list(n.members),
            "score": round(n.score, 4),
            "reasons": reason_lines(n.reasons, texts(None), limit=len(n.reasons)),
            "slots": [{"start": s.start.isoformat(), "end": s.end.isoformat()} for s in n.slots],
            "place": n.place,
        } for n in plan.nudges],
        "unmatched": list(plan.unmatched),
    }


def plan_text(plan: RoundPlan, people: Mapping[str, Person], limit: int | None = None,
              language: str = "en") -> str:
    """Who meets whom, when (in each member's own time), where, and why, in `language`."""
    t = texts(language)
    shown = plan.nudges if limit is None else plan.nudges[:limit]
    lines: list[str] = []
    for number, nudge in enumerate(shown, 1):
        lines.extend(_nudge_lines(number, nudge, people, t))
        lines.append("")
    hidden = len(plan.nudges) - len(shown)
    if hidden > 0:
        lines.append("   " + t.ngettext("... and {n} more group.", "... and {n} more groups.",
                                        hidden))
    if plan.unmatched:
        names = ", ".join(_label(people, p) for p in plan.unmatched[:10])
        rest = len(plan.unmatched) - 10
        lines.append("   " + (t.ngettext(
            "Not matched this round (first in line next time): {names} and {n} more.",
            "Not matched this round (first in line next time): {names} and {n} more.",
            rest, names=names) if rest > 0 else t.gettext(
            "Not matched this round (first in line next time): {names}.", names=names)))
    return "\n".join(lines).rstrip() + "\n"


def _nudge_lines(number: int, nudge: Nudge, people: Mapping[str, Person], t: Texts
                 ) -> list[str]:
    who = " & ".join(_who(people, m) for m in nudge.members)
    lines = [f"{number:>3}. {who}"]
    why, when, where = (t.pgettext("demo plan", "why"), t.pgettext("demo plan", "when"),
                        t.pgettext("demo plan", "where"))
    width = max(len(why), len(when), len(where))
    for i, reason in enumerate(reason_lines(nudge.reasons, t)):
        lines.append(f"     {(why if i == 0 else '').ljust(width)} {reason}")
    zones = _zones(nudge.members, people, t.language)
    for i, slot in enumerate(nudge.slots):
        lines.append(f"     {(when if i == 0 else '').ljust(width)} "
                     f"{_slot_text(slot, zones, t.language)}")
    if nudge.place:
        lines.append(f"     {where.ljust(width)} {nudge.place}")
    return lines


def moment(when: datetime, language: str) -> str:
    """A moment in UTC as the demo prints it: "Fri 04 Dec 2026 20:27" / "ven. 04 déc. 2026 20:27"."""
    return format_datetime(when, "EEE dd MMM y HH:mm", tzinfo=ZoneInfo("UTC"), locale=language)


def _who(people: Mapping[str, Person], pid: str) -> str:
    person = people.get(pid)
    if person is None:
        return pid
    where = ", ".join(x for x in (person.team, person.office) if x)
    return f"{person.label} ({where})" if where else person.label


def _label(people: Mapping[str, Person], pid: str) -> str:
    person = people.get(pid)
    return person.label if person else pid


def _zones(members: tuple[str, ...], people: Mapping[str, Person], language: str
           ) -> list[tuple[str, ZoneInfo]]:
    """The members' distinct time zones, in member order, each with a short place name (as
    the language names the city in French: "Lisbonne")."""
    seen: dict[str, ZoneInfo] = {}
    for member in members:
        name = people[member].timezone if member in people else "UTC"
        if name not in seen:
            try:
                seen[name] = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                seen[name] = ZoneInfo("UTC")
    if language == "en":
        return [(name.rsplit("/", 1)[-1].replace("_", " "), zone) for name, zone in seen.items()]
    return [(zone_name(name, language), zone) for name, zone in seen.items()]


def _slot_text(slot: Slot, zones: list[tuple[str, ZoneInfo]], language: str) -> str:
    day = format_datetime(slot.start, "EEE dd MMM", tzinfo=zones[0][1], locale=language)
    times = [f"{_hhmm(slot.start, z)}–{_hhmm(slot.end, z)} {city}" for city, z in zones]
    return f"{day}  " + " · ".join(times)


def _hhmm(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def format_table(rows: Mapping[str, Scores], t: Texts | None = None) -> str:
    """A plain-text table, one row per plan, shares as percentages (as `t`'s language writes
    them); fits a terminal and a README."""
    t = t or texts(None)
    header = ("", t.pgettext("score table", "groups"), t.pgettext("score table", "crossing"),
              t.pgettext("score table", "shared context"), t.pgettext("score table", "every pair"),
              t.pgettext("score table", "crossing + context"),
              t.pgettext("score table", "already strong"), t.pgettext("score table", "coverage"))
    body = [(name, str(s.groups), *(_percent(v, t.language) for v in (
        s.crossing, s.shared_context, s.pair_context, s.crossing_with_context, s.strong,
        s.coverage)))
        for name, s in rows.items()]
    widths = [max(len(r[k]) for r in (header, *body)) for k in range(len(header))]
    lines = ["  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in
                       enumerate(zip(r, widths, strict=True))).rstrip() for r in (header, *body)]
    return "\n".join(lines)


def _percent(share: float, language: str) -> str:
    """0.931 -> "93.1%" / "93,1 %": the language's own percent pattern, with one decimal."""
    pattern = Locale.parse(language).percent_formats[None].pattern.replace("0", "0.0", 1)
    return format_percent(share, pattern, locale=language)
