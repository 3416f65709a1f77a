"""`admin health`: this week's picture of the tenant's network, in a few lines a manager reads
in chat (bot/core/health.py computes it; docs/health.md defines each figure). Aggregates only:
a figure over fewer than MIN_PEOPLE people is "not shown", and nothing names a person.

Computed from the stored interactions on each ask; the trend comes from the weekly snapshots
the clock keeps (bot/service/outcome_records.py), which outlive the raw interactions.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core.health import HealthSnapshot, Suggestion, snapshot, suggestions
from bot.core.outcomes import MIN_PEOPLE
from bot.core.records import QUARTER
from bot.core.ties import TieParams, build_ties, communities, strong_threshold
from bot.service.language import ENGLISH, Texts, number, percent, texts
from bot.service.trends import shown, trend
from bot.store import Store

EN = texts(ENGLISH)
SEED = 0  # communities are detected with a fixed seed, so two asks in a row agree


def health(store: Store, tenant: str, now: datetime) -> HealthSnapshot:
    """The snapshot over everyone the tenant knows, as of `now`."""
    people = store.people(tenant)
    interactions = list(store.interactions(tenant, until=now))
    ties = build_ties(interactions, now, TieParams())
    return snapshot(people.values(), people.keys(), ties, communities(ties, SEED), interactions,
                    now, strong_threshold(ties))


def answer(store, tenant, person, command, now, platform, gate, says: Texts = EN) -> str:
    """The manager command (bot/service/admin.py applies the gate first)."""
    return health_text(health(store, tenant, now), store.health_series(tenant), says)


def health_text(found: HealthSnapshot, kept: list[tuple[datetime, dict]] = (),
                says: Texts = EN) -> str:
    """The reply: shares in words, suppressed figures said to be so, then what to act on.
    `kept`: the tenant's weekly snapshots (week, figures), for the share a quarter ago."""
    if found.people < MIN_PEOPLE:
        return says.gettext("Network health: fewer than {least} people are known here, so no "
                            "figure is shown (it could describe someone in particular).",
                            least=MIN_PEOPLE)
    then = quarter_ago(kept, found.now)
    across = [says.gettext("community: {share}", share=_moved(
        found.across_communities, then, "across_communities", says))]
    if found.across_teams is not None:
        across.append(says.gettext("team: {share}", share=_moved(
            found.across_teams, then, "across_teams", says)))
    if found.across_offices is not None:
        across.append(says.gettext("office: {share}", share=_moved(
            found.across_offices, then, "across_offices", says)))
    lines = [says.ngettext("Network health this week ({n} person):",
                           "Network health this week ({n} people):", found.people),
             says.gettext("• with a tie to another {shares}",
                          shares=says.pgettext("list", "; ").join(across)),
             says.gettext("• with no direct interaction in 60 days: {share}",
                          share=shown(found.isolated, says)),
             says.gettext("• weak ties per person (median): {count}",
                          count=_number(found.weak_ties_median, says)),
             says.gettext("• new ties this week: {count}", count=_number(found.new_ties, says))]
    ideas = suggestions(found)
    if ideas:
        lines += [says.gettext("Where a program could help (`admin draft N` drafts one, "
                               "paused):")]
        lines += [f"{n}. {idea_text(idea, says)}" for n, idea in enumerate(ideas, 1)]
    lines.append(says.gettext("Figures over fewer than {least} people are not shown.",
                              least=MIN_PEOPLE))
    return "\n".join(lines)


def idea_text(idea: Suggestion, says: Texts = EN) -> str:
    """An idea of bot/core/health.py in the manager's language (its `text` is the English)."""
    if says.language == "en":
        return idea.text
    if idea.kind == "bridge":
        a, b = idea.offices or idea.teams
        return says.ngettext("{a} and {b} share {n} tie among {people} people",
                             "{a} and {b} share {n} ties among {people} people", idea.ties,
                             a=a, b=b, people=number(idea.people, says.language))
    share, [label] = percent(idea.share, says.language), idea.offices or idea.teams
    if idea.offices:
        return says.gettext("{share} of the {label} office has no tie outside it", share=share,
                            label=label)
    return says.gettext("{share} of the {label} team has no tie outside it", share=share,
                        label=label)


def _number(value: float | int | None, says: Texts) -> str:
    return says.gettext("not shown") if value is None else number(value, says.language)


def quarter_ago(kept, now: datetime) -> dict | None:
    """The kept snapshot closest to a quarter before `now` (within four weeks of it), or None."""
    aim = now - QUARTER
    near = [(abs(week - aim), figures) for week, figures in kept
            if abs(week - aim) <= timedelta(weeks=4)]
    return min(near, key=lambda found: found[0])[1] if near else None


def _moved(value: float | None, then: dict | None, key: str, says: Texts) -> str:
    if then is None or value is None:
        return shown(value, says)
    return trend(value, then.get(key), says, quarter_ago=True)
