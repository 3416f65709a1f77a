"""What a manager reads without changing anything: `admin preview` (the round a program would
plan now, as shares) and `admin stats` (how its last rounds went). Counts and shares only, never
who: below MIN_PEOPLE people, no figure that could single anyone out."""

from __future__ import annotations

from bot.core.eligibility import eligible
from bot.core.evaluation import score_groups
from bot.core.outcomes import MIN_PEOPLE, summarize
from bot.core.overlap import without_overlap
from bot.core.programs import Program
from bot.core.ties import TieParams, build_ties, communities, strong_threshold
from bot.service import rounds as service
from bot.service import scope
from bot.store import Store

DEFAULT_ROUNDS = 4  # stats and outcomes look at this many latest rounds unless asked otherwise


def preview(store, tenant, person, command, now, platform, gate) -> str:
    planned = service.plan_round_now(store, tenant, command.name, now, dry_run=True)
    work, program = planned.work, planned.program
    if not work.eligible:
        return f"`{program.name}` would reach nobody right now: " + nobody(store, tenant, program)
    if len(work.eligible) < MIN_PEOPLE:
        return (f"`{program.name}` would reach {len(work.eligible)} people right now: too few to "
                f"show more without singling anyone out (at least {MIN_PEOPLE}).")
    groups = [g.members for g in work.groups]
    labels = {p: str(c) for p, c in work.communities.items()}
    scores = score_groups(groups, work.eligible, work.ties.graph, work.ties.channels, labels,
                          strong_threshold(work.ties))
    kinds: dict[str, int] = {}
    by_pair = {c.pair: c.kind for c in work.candidates}
    for group in work.groups:
        kind = by_pair.get(group.pairs[0], "fill") if group.pairs else "fill"
        kinds[kind] = kinds.get(kind, 0) + 1
    placed = sum(len(g) for g in groups)
    return "\n".join([
        f"Preview of `{program.name}` (nothing is sent):",
        f"• {placed} of {len(work.eligible)} people in {len(groups)} groups "
        f"({100 * scores.coverage:.0f}% placed)",
        f"• {100 * scores.shared_context:.0f}% of groups share context (a tie, a go-between or a "
        f"small channel); {100 * scores.crossing:.0f}% cross communities; "
        f"{100 * scores.strong:.0f}% already close",
        "• Mostly: " + ", ".join(f"{n} {KIND_WORDS.get(k, k)}" for k, n in
                                 sorted(kinds.items(), key=lambda kv: -kv[1])),
        *_overlap_line(store, tenant, program, work.eligible, now)])


def _overlap_line(store: Store, tenant: str, program: Program, reached, now) -> list[str]:
    """How many people the shared-working-hours rule leaves without any possible partner."""
    if program.in_person or not program.overlap_minutes:
        return []
    alone = without_overlap(store.people(tenant), reached, program, now)
    need = program.overlap_minutes
    if not alone:
        return [f"• Everyone shares a {need}-minute working overlap with someone eligible"]
    return [f"• {alone} {'person shares' if alone == 1 else 'people share'} no {need}-minute "
            f"working overlap with anyone eligible: they get no partner (`admin edit "
            f"{program.name} overlap=...` lowers it; `overlap=0` turns the rule off)"]


KIND_WORDS = {"dormant": "dormant ties", "friend_of_friend": "friends of friends",
              "bridge": "bridges", "acquaintance": "acquaintances", "fill": "fresh introductions"}


def nobody(store: Store, tenant: str, program: Program) -> str:
    """Why a program reaches nobody, in the settings a manager can change."""
    limits = []
    if program.scope:
        limits.append(f"nobody has been seen in {scope.shown(program, store.channel_names(tenant))}")
    if program.offices:
        limits.append(f"nobody works from {', '.join(program.offices)}")
    if program.enrolment == "opt-in":
        limits.append("nobody has said `join` yet (opt-in)")
    return ("; or ".join(limits) or "nobody is taking part or available") + \
        f". Change it with `admin edit {program.name}`."


def stats(store, tenant, person, command, now, platform, gate) -> str:
    program = service.program_for(store, tenant, command.name)
    last = command.settings.get("rounds", DEFAULT_ROUNDS)
    found = store.outcomes(tenant, program.name, last)
    ties = build_ties(store.interactions(tenant, until=now), now,
                      TieParams(half_life_days=program.half_life_days))
    reach = eligible(store.people(tenant), program, ties.channels, now)
    summary = summarize(found, last, len(reach), communities(ties, program.seed))
    if summary is None:
        return (f"Not enough people in `{program.name}`'s last {last} rounds to show figures "
                f"without singling anyone out (at least {MIN_PEOPLE}).")
    return "\n".join([
        f"`{program.name}`, last {last} rounds ({summary.groups} groups, {summary.people} people):",
        f"• Participation: {summary.participation:.0f}% of the {summary.eligible} people it reaches",
        f"• Accepted a time: {summary.acceptance:.0f}% of members; declined: {summary.declined:.0f}%",
        f"• Meetings confirmed: {summary.confirmed:.0f}% of groups",
        f"• Groups crossing communities: {summary.crossing:.0f}%"])
