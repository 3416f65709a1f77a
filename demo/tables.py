"""Rendering a planned round for people (terminal text) and for programs (JSON), and the
comparison table of scores (the demo, bench/quality.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.evaluation import Scores
from bot.core.model import Nudge, Person, RoundPlan, Slot
from bot.service.language import texts
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


def plan_text(plan: RoundPlan, people: Mapping[str, Person], limit: int | None = None) -> str:
    """Who meets whom, when (in each member's own time), where, and why."""
    shown = plan.nudges if limit is None else plan.nudges[:limit]
    lines: list[str] = []
    for number, nudge in enumerate(shown, 1):
        lines.extend(_nudge_lines(number, nudge, people))
        lines.append("")
    hidden = len(plan.nudges) - len(shown)
    if hidden > 0:
        lines.append(f"   ... and {hidden} more groups.")
    if plan.unmatched:
        names = ", ".join(_label(people, p) for p in plan.unmatched[:10])
        more = f" and {len(plan.unmatched) - 10} more" if len(plan.unmatched) > 10 else ""
        lines.append(f"   Not matched this round (first in line next time): {names}{more}.")
    return "\n".join(lines).rstrip() + "\n"


def _nudge_lines(number: int, nudge: Nudge, people: Mapping[str, Person]) -> list[str]:
    who = " & ".join(_who(people, m) for m in nudge.members)
    lines = [f"{number:>3}. {who}"]
    for i, reason in enumerate(reason_lines(nudge.reasons, texts(None))):
        lines.append(f"     {'why ' if i == 0 else '    '}  {reason}")
    zones = _zones(nudge.members, people)
    for i, slot in enumerate(nudge.slots):
        lines.append(f"     {'when' if i == 0 else '    '}  {_slot_text(slot, zones)}")
    if nudge.place:
        lines.append(f"     where {nudge.place}")
    return lines


def _who(people: Mapping[str, Person], pid: str) -> str:
    person = people.get(pid)
    if person is None:
        return pid
    where = ", ".join(x for x in (person.team, person.office) if x)
    return f"{person.label} ({where})" if where else person.label


def _label(people: Mapping[str, Person], pid: str) -> str:
    person = people.get(pid)
    return person.label if person else pid


def _zones(members: tuple[str, ...], people: Mapping[str, Person]) -> list[tuple[str, ZoneInfo]]:
    """The members' distinct time zones, in member order, each with a short place name."""
    seen: dict[str, ZoneInfo] = {}
    for member in members:
        name = people[member].timezone if member in people else "UTC"
        if name not in seen:
            try:
                seen[name] = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                seen[name] = ZoneInfo("UTC")
    return [(name.rsplit("/", 1)[-1].replace("_", " "), zone) for name, zone in seen.items()]


def _slot_text(slot: Slot, zones: list[tuple[str, ZoneInfo]]) -> str:
    first = slot.start.astimezone(zones[0][1])
    day = first.strftime("%a %d %b")
    times = [f"{_hhmm(slot.start, z)}–{_hhmm(slot.end, z)} {city}" for city, z in zones]
    return f"{day}  " + " · ".join(times)


def _hhmm(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def format_table(rows: Mapping[str, Scores]) -> str:
    """A plain-text table, one row per plan, shares as percentages; fits a terminal and a README."""
    header = ("", "groups", "crossing", "shared context", "every pair", "crossing + context",
              "already strong", "coverage")
    body = [(name, str(s.groups), *(f"{100 * v:.1f}%" for v in (
        s.crossing, s.shared_context, s.pair_context, s.crossing_with_context, s.strong,
        s.coverage)))
        for name, s in rows.items()]
    widths = [max(len(r[k]) for r in (header, *body)) for k in range(len(header))]
    lines = ["  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in
                       enumerate(zip(r, widths, strict=True))).rstrip() for r in (header, *body)]
    return "\n".join(lines)
