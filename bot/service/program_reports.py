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
from bot.service.language import ENGLISH, Texts, number, percent, texts
from bot.store import Store

EN = texts(ENGLISH)
DEFAULT_ROUNDS = 4  # stats and outcomes look at this many latest rounds unless asked otherwise


def preview(store, tenant, person, command, now, platform, gate, says: Texts = EN) -> str:
    planned = service.plan_round_now(store, tenant, command.name, now, dry_run=True)
    work, program = planned.work, planned.program
    if not work.eligible:
        return says.gettext("`{name}` would reach nobody right now: {why}", name=program.name,
                            why=nobody(store, tenant, program, says))
    if len(work.eligible) < MIN_PEOPLE:
        return says.ngettext(
            "`{name}` would reach {n} person right now: too few to show more without singling "
            "anyone out (at least {least}).",
            "`{name}` would reach {n} people right now: too few to show more without singling "
            "anyone out (at least {least}).", len(work.eligible), name=program.name,
            least=MIN_PEOPLE)
    groups = [g.members for g in work.groups]
    labels = {p: str(c) for p, c in work.communities.items()}
    scores = score_groups(groups, work.eligible, work.ties.graph, work.ties.channels, labels,
                          strong_threshold(work.ties))
    kinds: dict[str, int] = {}
    by_pair = {c.pair: c.kind for c in work.candidates}
    for group in work.groups:
        kind = by_pair.get(group.pairs[0], "fill") if group.pairs else "fill"
        kinds[kind] = kinds.get(kind, 0) + 1
    placed, language = sum(len(g) for g in groups), says.language
    return "\n".join([
        says.gettext("Preview of `{name}` (nothing is sent):", name=program.name),
        says.ngettext("• {placed} of {n} person in {groups} groups ({share} placed)",
                      "• {placed} of {n} people in {groups} groups ({share} placed)",
                      len(work.eligible), placed=number(placed, language),
                      groups=number(len(groups), language),
                      share=percent(100 * scores.coverage, language)),
        says.gettext("• {context} of groups share context (a tie, a go-between or a small "
                     "channel); {crossing} cross communities; {strong} already close",
                     context=percent(100 * scores.shared_context, language),
                     crossing=percent(100 * scores.crossing, language),
                     strong=percent(100 * scores.strong, language)),
        says.gettext("• Mostly: {kinds}", kinds=", ".join(
            kind_words(k, n, says) for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))),
        *_overlap_line(store, tenant, program, work.eligible, now, says)])


def _overlap_line(store: Store, tenant: str, program: Program, reached, now,
                  says: Texts) -> list[str]:
    """How many people the shared-working-hours rule leaves without any possible partner."""
    if program.in_person or not program.overlap_minutes:
        return []
    alone = without_overlap(store.people(tenant), reached, program, now)
    need = program.overlap_minutes
    if not alone:
        return [says.gettext("• Everyone shares a {need}-minute working overlap with someone "
                             "eligible", need=need)]
    return [says.ngettext(
        "• {n} person shares no {need}-minute working overlap with anyone eligible: they get "
        "no partner (`admin edit {name} overlap=...` lowers it; `overlap=0` turns the rule off)",
        "• {n} people share no {need}-minute working overlap with anyone eligible: they get "
        "no partner (`admin edit {name} overlap=...` lowers it; `overlap=0` turns the rule off)",
        alone, need=need, name=program.name)]


def kind_words(kind: str, n: int, says: Texts) -> str:
    """How many groups of one kind of match: "3 bridges" / "3 ponts"."""
    if kind == "dormant":
        return says.ngettext("{n} dormant tie", "{n} dormant ties", n)
    if kind == "friend_of_friend":
        return says.ngettext("{n} friend of friends", "{n} friends of friends", n)
    if kind == "bridge":
        return says.ngettext("{n} bridge", "{n} bridges", n)
    if kind == "acquaintance":
        return says.ngettext("{n} acquaintance", "{n} acquaintances", n)
    if kind == "fill":
        return says.ngettext("{n} fresh introduction", "{n} fresh introductions", n)
    return f"{n} {kind}"


def nobody(store: Store, tenant: str, program: Program, says: Texts = EN) -> str:
    """Why a program reaches nobody, in the settings a manager can change."""
    limits = []
    if program.scope:
        limits.append(says.gettext("nobody has been seen in {channels}",
                                   channels=scope.shown(program, store.channel_names(tenant))))
    if program.offices:
        limits.append(says.gettext("nobody works from {offices}",
                                   offices=", ".join(program.offices)))
    if program.enrolment == "opt-in":
        limits.append(says.gettext("nobody has said `join` yet (opt-in)"))
    why = says.gettext("; or ").join(limits) or says.gettext(
        "nobody is taking part or available")
    return says.gettext("{why}. Change it with `admin edit {name}`.", why=why, name=program.name)


def stats(store, tenant, person, command, now, platform, gate, says: Texts = EN) -> str:
    program = service.program_for(store, tenant, command.name)
    last = command.settings.get("rounds", DEFAULT_ROUNDS)
    found = store.outcomes(tenant, program.name, last)
    ties = build_ties(store.interactions(tenant, until=now), now,
                      TieParams(half_life_days=program.half_life_days))
    reach = eligible(store.people(tenant), program, ties.channels, now)
    summary = summarize(found, last, len(reach), communities(ties, program.seed))
    if summary is None:
        return says.ngettext(
            "Not enough people in `{name}`'s last round to show figures without singling "
            "anyone out (at least {least}).",
            "Not enough people in `{name}`'s last {n} rounds to show figures without singling "
            "anyone out (at least {least}).", last, name=program.name, least=MIN_PEOPLE)
    language = says.language
    return "\n".join([
        says.ngettext("`{name}`, last round ({groups} groups, {people} people):",
                      "`{name}`, last {n} rounds ({groups} groups, {people} people):", last,
                      name=program.name, groups=number(summary.groups, language),
                      people=number(summary.people, language)),
        says.gettext("• Participation: {share} of the {eligible} people it reaches",
                     share=percent(summary.participation, language),
                     eligible=number(summary.eligible, language)),
        says.gettext("• Accepted a time: {accepted} of members; declined: {declined}",
                     accepted=percent(summary.acceptance, language),
                     declined=percent(summary.declined, language)),
        says.gettext("• Meetings confirmed: {share} of groups",
                     share=percent(summary.confirmed, language)),
        says.gettext("• Groups crossing communities: {share}",
                     share=percent(summary.crossing, language))])
