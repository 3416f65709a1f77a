"""A small organisation (four people who reply to each other) with a weekly program."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.model import Interaction, Person
from bot.core.programs import Program

CREATED = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


WEEKLY = Program(name="coffee", cadence="0 10 * * mon", timezone="Europe/Lisbon")


def organised(store) -> None:
    people = [Person(p, name=p.title()) for p in ("ana", "bea", "cai", "dan")]
    rows = [(f"s{i}", Interaction(a, b, "reply", CREATED - timedelta(days=i), "#c"))
            for i, (a, b) in enumerate([("ana", "bea"), ("bea", "cai"), ("cai", "dan"),
                                        ("dan", "ana")] * 3)]
    store.import_interactions("acme", people, sorted(rows, key=lambda r: r[1].at))
    store.save_program("acme", WEEKLY, CREATED)
