"""The services the edges call: import data, plan a round. The only caller of core and store."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.core.model import Interaction, Person
from bot.core.programs import Program
from bot.core.rounds import RoundWork, plan_round
from bot.errors import UnknownProgram
from bot.store import ImportResult, Store

DEFAULT_PROGRAM = "default"


@dataclass(frozen=True, slots=True)
class PlannedRound:
    """A planned round: the work behind it, and its id in the store (None on a dry run)."""

    program: Program
    work: RoundWork
    round_id: int | None


def import_data(store: Store, tenant: str, people: Iterable[Person],
                observed: Iterable[tuple[str, Interaction]],
                progress: Callable[[int], None] | None = None,
                platform: str = "import",
                channel_names: dict[str, str] | None = None) -> ImportResult:
    """People, interactions and channel names from a file, in one transaction (a bad row
    writes nothing)."""
    return store.import_interactions(tenant, people, observed, progress, platform,
                                     channel_names)


def import_profiles(store: Store, tenant: str, rows: Iterable[tuple[str, str, dict]]):
    """Teams, offices, time zones and hours from an HR export, in one transaction."""
    return store.import_profiles(tenant, rows)


def record_many(store: Store, items: list[tuple[str, list[tuple[str, Interaction]]]],
                platform: str) -> None:
    """Store what platform events say about who interacted with whom (never what was said)."""
    store.record_many(items, platform)


def program_for(store: Store, tenant: str, name: str | None) -> Program:
    """The named program; without a name, the stored default or the built-in default."""
    wanted = name or DEFAULT_PROGRAM
    program = store.program(tenant, wanted)
    if program is not None:
        return program
    if wanted == DEFAULT_PROGRAM:
        return Program()
    raise UnknownProgram(f"tenant {tenant!r} has no program {wanted!r}; "
                         f"leave out --program to use the default one")


def plan_round_now(store: Store, tenant: str, program_name: str | None, now: datetime,
                   dry_run: bool = False) -> PlannedRound:
    """Plan one round from everything stored up to `now`; store it unless this is a dry run."""
    program = program_for(store, tenant, program_name)
    people = store.people(tenant)
    history = store.history(tenant, program.name)
    work = plan_round(people, store.interactions(tenant, until=now), history, program, now,
                      channel_names=store.channel_names(tenant))
    round_id = None if dry_run else store.save_round(tenant, program, now, work.plan, now)
    return PlannedRound(program, work, round_id)
