"""`admin outcomes`: did the meetups leave lasting ties? The groups of a program's latest rounds
are read from the store, judged by the pure rule of bot/core/lasting.py (docs/outcomes.md), and
said in a few lines. Aggregates only: a rate over fewer than MIN_PEOPLE people is not shown.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.lasting import Group, Lasting, lasting
from bot.core.lifecycle import common_slot
from bot.core.outcomes import MIN_PEOPLE
from bot.core.records import quarters, shown_round
from bot.service import rounds as service
from bot.service.language import ENGLISH, Texts, texts
from bot.service.program_reports import DEFAULT_ROUNDS
from bot.service.trends import shown, trend
from bot.store import Store
from bot.store.values import RoundGroup

EN = texts(ENGLISH)
DIDNT = frozenset({"declined", "not_met"})  # answers that say the group did not meet


def group_of(found: RoundGroup) -> Group:
    """A stored group as the rule reads it: met when someone said so; did not meet when someone
    declined or said they didn't, or nobody answered at all (accepted, never confirmed:
    neither); its window opens at the slot all accepted, else when it was suggested."""
    met = any("met" in kinds for kinds in found.said.values())
    silent = not any(found.said.values())
    didnt = not met and (silent or any(kinds & DIDNT for kinds in found.said.values()))
    agreed = common_slot(found.members, found.latest)
    reference = found.slots[agreed].start if agreed is not None and agreed < len(found.slots) \
        else found.suggested
    return Group(found.members, met, didnt, reference, found.suggested)


def lasting_ties(store: Store, tenant: str, program: str, now: datetime,
                 last_rounds: int = DEFAULT_ROUNDS) -> Lasting:
    groups = [group_of(g) for g in store.round_groups(tenant, program, last_rounds)]
    return lasting(groups, list(store.interactions(tenant, until=now)), now)


def outcomes_text(program: str, last_rounds: int, found: Lasting, says: Texts = EN) -> str:
    head = says.ngettext("`{name}`, last round", "`{name}`, last {n} rounds", last_rounds,
                         name=program)
    if found.groups == 0:
        return says.ngettext(
            "{head}: no group's eight weeks have passed yet ({n} still running), so nothing can "
            "be said about lasting ties.",
            "{head}: no group's eight weeks have passed yet ({n} still running), so nothing can "
            "be said about lasting ties.", found.pending, head=head)
    if found.met is None:
        return says.ngettext(
            "{head}: {n} group's eight weeks have passed, but too few people (under {least} on "
            "a side) to show lasting ties without singling anyone out.{pending}",
            "{head}: {n} groups' eight weeks have passed, but too few people (under {least} on "
            "a side) to show lasting ties without singling anyone out.{pending}", found.groups,
            head=head, least=MIN_PEOPLE, pending=_pending(found, says))
    return says.gettext(
        "{head}, groups whose eight weeks have passed:\n"
        "• still talking after meeting: {met}\n"
        "• still talking, groups that did not meet: {not_met}\n"
        "• random groups of the same people, same weeks: {base}{pending}", head=head,
        met=shown(found.met, says), not_met=shown(found.not_met, says),
        base=shown(found.base, says), pending=_pending(found, says))


def _pending(found: Lasting, says: Texts) -> str:
    if not found.pending:
        return ""
    return says.ngettext("\n{n} group is still within its eight weeks.",
                         "\n{n} groups are still within their eight weeks.", found.pending)


def outcomes(store, tenant, person, command, now, platform, gate, says: Texts = EN) -> str:
    """The manager command (bot/service/admin.py applies the gate first)."""
    program = service.program_for(store, tenant, command.name)
    last = command.settings.get("rounds", DEFAULT_ROUNDS)
    text = outcomes_text(program.name, last, lasting_ties(store, tenant, program.name, now, last),
                         says)
    return text + trend_text(store.round_records(tenant, program.name), says)


def trend_text(records, says: Texts = EN) -> str:
    """The kept records by quarter, in words (nothing when no round's record is final yet)."""
    found = quarters([(due, figures) for _program, due, _final, figures in records])
    if found is None:
        return ""
    latest, before = found
    return says.gettext("\nKept records by quarter: still talking after meeting {trend}.",
                        trend=trend(latest.met, before.met, says))


def kept_rounds(records) -> list[dict]:
    """Each kept round record as a manager may read it (JSON-ready; suppressed cells None)."""
    return [{"due": due.isoformat(), "final": final, **shown_round(figures)}
            for _program, due, final, figures in records]
