"""Once a week, per tenant: write down what its rounds came to and how its network looks, so the
trend survives the retention of raw interactions (bot/core/records.py; docs/outcomes.md).

Run by the clock (scheduler/jobs.py) and safe to run twice or in two clocks at once: everything is
computed as of the week's start (records.week_of), so twins compute the very same figures; the
tenant's own snapshot is kept last, by a unique key, and marks the week as done.
"""

from __future__ import annotations

from datetime import datetime

from bot.core.eligibility import eligible
from bot.core.health import snapshot
from bot.core.records import Answered, health_figures, is_final, round_figures, week_of
from bot.core.ties import TieParams, build_ties, communities, strong_threshold
from bot.service.network_health import SEED
from bot.service.round_outcomes import group_of
from bot.store import Store


def keep_week(store: Store, now: datetime) -> list[str]:
    """The tenants whose week was written down by this call."""
    week = week_of(now)
    return [tenant for tenant in store.tenant_names()
            if not store.has_health(tenant, week) and keep_tenant_week(store, tenant, week)]


def keep_tenant_week(store: Store, tenant: str, week: datetime) -> bool:
    people = store.people(tenant)
    interactions = list(store.interactions(tenant, until=week))
    ties = build_ties(interactions, week, TieParams())
    found = communities(ties, SEED)
    labels = {"community": {p: str(c) for p, c in found.items()},
              "team": {p.id: p.team for p in people.values() if p.team is not None},
              "office": {p.id: p.office for p in people.values() if p.office is not None}}
    for round_id, program, due in store.open_rounds(tenant):
        if due > week:
            continue  # planned ahead of the week taken: next week's record
        groups, unmatched = store.round_groups_of(round_id)
        figures = round_figures([Answered(group_of(g), g.said) for g in groups], unmatched,
                                labels, interactions, week)
        store.keep_round_record(tenant, round_id, program, due, figures, is_final(figures), week)
    threshold = strong_threshold(ties)
    # One snapshot per distinct set of people: a program that reaches everyone (the usual case in
    # a small tenant) has the tenant's own figures, computed once (2.7 s of 21 at 10,000 people).
    taken: dict[frozenset[str], dict] = {}

    def figures_of(reach) -> dict:
        key = frozenset(reach)
        if key not in taken:
            taken[key] = health_figures(snapshot(people.values(), key, ties, found, interactions,
                                                 week, threshold))
        return taken[key]

    for program, _state in store.programs(tenant):
        store.keep_health(tenant, program.name, week,
                          figures_of(eligible(people, program, ties.channels, week)))
    return store.keep_health(tenant, "", week, figures_of(people.keys()))
