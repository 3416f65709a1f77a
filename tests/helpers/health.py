"""Two offices of people who talk within their office, and two across: the network the health
tests in chat and on the command line read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Person

NOW = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


def org(store, tenant: str, per_office: int) -> list[str]:
    """Two offices; everyone talks within their office, and two people across."""
    ids = [f"U{office}{i:02d}" for office in "LB" for i in range(per_office)]
    people = [Person(i, name=f"Name {i}", office="Lisbon" if i[1] == "L" else "Berlin",
                     team="payments" if int(i[2:]) % 2 else "research") for i in ids]
    rows = []
    for n, a in enumerate(ids):
        for b in ids[n + 1:n + 3]:
            if a[1] == b[1]:
                rows.append((f"{a}{b}", Interaction(a, b, "reply", NOW - timedelta(days=3), "C1")))
    rows.append(("cross", Interaction(ids[0], ids[-1], "mention", NOW - timedelta(days=2), "C2")))
    store.import_interactions(tenant, people, rows)
    return ids
