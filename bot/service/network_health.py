"""`admin health`: this week's picture of the tenant's network, in a few lines a manager reads
in chat (bot/core/health.py computes it; docs/health.md defines each figure). Aggregates only:
a figure over fewer than MIN_PEOPLE people is "not shown", and nothing names a person.

Computed from the stored interactions on each ask; the weekly snapshots that keep the trend
beyond the retention of raw interactions are issue 13's next step.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.health import HealthSnapshot, snapshot, suggestions
from bot.core.outcomes import MIN_PEOPLE
from bot.core.ties import TieParams, build_ties, communities, strong_threshold
from bot.store import Store

SEED = 0  # communities are detected with a fixed seed, so two asks in a row agree


def health(store: Store, tenant: str, now: datetime) -> HealthSnapshot:
    """The snapshot over everyone the tenant knows, as of `now`."""
    people = store.people(tenant)
    interactions = list(store.interactions(tenant, until=now))
    ties = build_ties(interactions, now, TieParams())
    return snapshot(people.values(), people.keys(), ties, communities(ties, SEED), interactions,
                    now, strong_threshold(ties))


def health_text(found: HealthSnapshot) -> str:
    """The reply: shares in words, suppressed figures said to be so, then what to act on."""
    if found.people < MIN_PEOPLE:
        return (f"Network health: fewer than {MIN_PEOPLE} people are known here, so no figure "
                "is shown (it could describe someone in particular).")
    across = [f"community: {_share(found.across_communities)}"]
    if found.across_teams is not None:
        across.append(f"team: {_share(found.across_teams)}")
    if found.across_offices is not None:
        across.append(f"office: {_share(found.across_offices)}")
    lines = [f"Network health this week ({found.people} people):",
             "• with a tie to another " + "; ".join(across),
             f"• with no direct interaction in 60 days: {_share(found.isolated)}",
             f"• weak ties per person (median): {_number(found.weak_ties_median)}",
             f"• new ties this week: {_number(found.new_ties)}"]
    ideas = suggestions(found)
    if ideas:
        lines += ["Where a program could help:"] + [f"• {idea.text}" for idea in ideas]
    lines.append(f"Figures over fewer than {MIN_PEOPLE} people are not shown.")
    return "\n".join(lines)


def _share(value: float | None) -> str:
    return "not shown" if value is None else f"{value:g}%"


def _number(value: float | int | None) -> str:
    return "not shown" if value is None else f"{value:g}"
