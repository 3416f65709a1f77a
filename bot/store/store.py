"""The Store: opens the database, migrates it, and offers tenant-scoped reads and writes."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: a SQLite clock simply leads
    fcntl = None

from sqlalchemy import create_engine, delete, event, func, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from bot.core.model import History, Interaction, Nudge, Observed, Person, RoundPlan
from bot.core.programs import Program, program_from_dict
from bot.store import (
    admin,
    admission,
    history,
    ingest,
    installs,
    lifecycle,
    outbox,
    places,
    profiles,
    reading,
    rounds,
)
from bot.store.errors import StoreError, UnknownTenant
from bot.store.ids import is_usable, usable_id
from bot.store.migrate import upgrade
from bot.store.schema import answered_events, interactions, tenants

DEFAULT_DB = "weaktie.db"
# A claimed send, cut off, is resumed by another process only this long after the claim: a
# leader that lost its lock mid-round may still have posts in flight (the fence stops new ones).
CLAIM_LEASE = timedelta(minutes=5)
FLYING = ("sending", "asking")
FENCE_FRESH = 1.0  # seconds a leadership check is reused by the sends of a tick
CLOCK_LOCK = 0x7765616B  # "weak": the advisory lock key of the clock's leader
ANSWERED_KEPT = timedelta(days=1)  # Slack retries an event within minutes
PURGE_AFTER = timedelta(days=30)  # an uninstalled workspace's data is kept this long, then erased


def database_url(db: str | None = None, environ: dict[str, str] | None = None) -> str:
    """`--db` (a URL or a file path) beats DATABASE_URL, which beats ./weaktie.db."""
    env = os.environ if environ is None else environ
    chosen = db or env.get("DATABASE_URL") or DEFAULT_DB
    if "://" in chosen:
        # Heroku-style URLs say postgres://; SQLAlchemy wants a driver name.
        if chosen.startswith(("postgres://", "postgresql://")):
            chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
        return chosen
    return f"sqlite:///{Path(chosen).resolve()}"


@dataclass(frozen=True, slots=True)
class ImportResult:
    people_added: int
    interactions_added: int
    interactions_seen: int


class Store:
    """One database. Open with Store.open(url); all methods are scoped by tenant name."""

    def __init__(self, engine: Engine):
        self.engine = engine
        # Who this process is when it claims a row to send; how long a row another process
        # claimed waits before this one resumes it (its sends must have ended by then).
        self.claimer = uuid.uuid4().hex[:16]
        self.claim_lease = CLAIM_LEASE
        self._fence_lock = threading.Lock()
        self._fence_checked = float("-inf")
        self._fence_ok = False

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect and migrate; a StoreError with a hint when the database cannot be reached."""
        try:
            engine = create_engine(url, future=True, pool_pre_ping=True)
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            raise StoreError(f"cannot use database URL {_safe(url)!r}: {exc}") from None
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)
        try:
            upgrade(engine)
        except OperationalError as exc:
            reason = str(exc.orig).strip().splitlines()[0]
            raise StoreError(
                f"cannot reach database {_safe(url)}: {reason}; check DATABASE_URL or --db"
            ) from None
        return cls(engine)

    def close(self) -> None:
        self.release_leadership()
        self.engine.dispose()

    # -- clock leadership: one process runs the clock, the others stand by -----------------

    def lead(self) -> bool:
        """Take (or keep) the clock's leadership. On PostgreSQL a session advisory lock held on
        a connection of its own: if this process dies, the lock goes with its connection and a
        standby takes over at its next tick. SQLite: a lock on a file beside the database,
        which the system drops when the process ends (`serve` and `clock` both started, say)."""
        if self.engine.dialect.name == "sqlite":
            return self._lead_by_file()
        if self.engine.dialect.name != "postgresql":
            return True
        if getattr(self, "_leader", None) is not None:
            if self._still_leading():
                return True
            # The session ended under a live process (a network cut, a failover): the server
            # dropped the lock and a standby may hold it now. Leading on would make two leaders.
            self.release_leadership()
        conn = self.engine.connect()
        if conn.scalar(text("select pg_try_advisory_lock(:key)"), {"key": CLOCK_LOCK}):
            conn.commit()
            self._leader = conn
            return True
        conn.close()
        return False

    def holds_leadership(self) -> bool:
        """Whether this process still leads, asked before each send of a tick (from several
        threads at once: one check at a time on the lock's connection, reused for a second)."""
        if self.engine.dialect.name != "postgresql":
            return True  # SQLite's file lock lives exactly as long as the process
        with self._fence_lock:
            now = time.monotonic()
            if now - self._fence_checked > FENCE_FRESH:
                self._fence_ok = getattr(self, "_leader", None) is not None and self._still_leading()
                self._fence_checked = now
            return self._fence_ok

    def _still_leading(self) -> bool:
        try:
            self._leader.scalar(text("select 1"))
            self._leader.commit()  # no transaction left open between ticks
            return True
        except SQLAlchemyError:
            return False

    def _lead_by_file(self) -> bool:
        if getattr(self, "_lock_file", None) is not None:
            return True
        path = self.engine.url.database
        if fcntl is None or not path or path == ":memory:":
            return True  # nothing another process could share
        handle = open(f"{path}.clock", "a+b")  # noqa: SIM115 - held for as long as we lead
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._lock_file = handle
        return True

    def release_leadership(self) -> None:
        handle = getattr(self, "_lock_file", None)
        if handle is not None:
            self._lock_file = None
            handle.close()
        conn = getattr(self, "_leader", None)
        if conn is not None:
            self._leader = None
            # Closing would hand the session, lock and all, back to the pool: end it instead.
            conn.invalidate()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise StoreError(f"database write failed, nothing was written: {exc.orig}") from None

    # -- tenants ----------------------------------------------------------------------------

    def tenant_names(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.scalars(select(tenants.c.name).order_by(tenants.c.name)))

    def has_tenant(self, name: str) -> bool:
        with self.engine.connect() as conn:
            return _find_tenant(conn, name) is not None

    def _tenant_id(self, conn: Connection, name: str) -> int:
        found = _find_tenant(conn, name)
        if found is None:
            known = ", ".join(self.tenant_names()) or "none yet; import some data first"
            raise UnknownTenant(f"unknown tenant {name!r} (known: {known})")
        return found

    def _ensure_tenant(self, conn: Connection, name: str, platform: str) -> int:
        usable_id(name, "tenant")
        found = _find_tenant(conn, name)
        if found is not None:
            return found
        values = {"name": name, "platform": platform, "created_at": datetime.now(UTC)}
        conn.execute(ingest.insert_ignoring_duplicates(conn, tenants, ["name"]).values(values))
        return _find_tenant(conn, name)

    def mark_installed(self, tenant: str, platform: str, now: datetime) -> None:
        """The app is (again) installed here: a workspace reinstalled within PURGE_AFTER gets
        its nudges again and is not purged."""
        with self._write() as conn:
            self._reinstate(conn, tenant, platform)

    def _reinstate(self, conn: Connection, tenant: str, platform: str) -> None:
        tenant_id = self._ensure_tenant(conn, tenant, platform)
        conn.execute(update(tenants).where(tenants.c.id == tenant_id)
                     .values(uninstalled_at=None))

    def reinstate(self, tenant: str) -> bool:
        """A tenant marked uninstalled is installed again (a new Slack bot token works for
        it); whether it had been marked. A tenant the store does not know stays unknown."""
        if not is_usable(tenant):
            return False
        with self._write() as conn:
            return conn.execute(update(tenants).where(tenants.c.name == tenant,
                                                      tenants.c.uninstalled_at.is_not(None))
                                .values(uninstalled_at=None)).rowcount > 0

    def mark_uninstalled(self, tenant: str, now: datetime) -> None:
        """The app was removed from this workspace: its data goes after PURGE_AFTER."""
        with self._write() as conn:
            conn.execute(update(tenants).where(tenants.c.name == tenant,
                                               tenants.c.uninstalled_at.is_(None))
                         .values(uninstalled_at=now))

    def first_time(self, key: str, now: datetime) -> bool:
        """Whether this is the first time any process answers the event `key` (one row each,
        until purge_answered; the insert that wins is the answer that goes out)."""
        with self._write() as conn:
            won = conn.execute(ingest.insert_ignoring_duplicates(conn, answered_events, ["key"])
                               .values(key=key[:200], at=now).returning(answered_events.c.key))
            return won.first() is not None

    def purge_answered(self, now: datetime) -> None:
        """Forget answered event ids older than ANSWERED_KEPT (the clock does it each tick,
        rather than every answer on its way out)."""
        with self._write() as conn:
            conn.execute(delete(answered_events).where(answered_events.c.at < now - ANSWERED_KEPT))

    def purge_uninstalled(self, now: datetime, after: timedelta = PURGE_AFTER) -> list[str]:
        """Delete every tenant uninstalled more than `after` ago, with all its data."""
        with self._write() as conn:
            gone = list(conn.scalars(select(tenants.c.name).where(
                tenants.c.uninstalled_at.is_not(None), tenants.c.uninstalled_at <= now - after)))
            conn.execute(delete(tenants).where(tenants.c.name.in_(gone)))
        return gone

    # -- Slack OAuth (multi-workspace): tokens arrive and leave encrypted -------------------

    def save_slack_install(self, tenant: str, values: dict, now: datetime) -> None:
        """An OAuth install (or reinstall) of `tenant`: the installation replaces any former
        one with its key, and the tenant is installed again (no longer due for the purge),
        in one transaction."""
        with self._write() as conn:
            installs.save(conn, tenant, values, now)
            self._reinstate(conn, tenant, "slack")

    def slack_install(self, enterprise_id: str | None, team_id: str | None,
                      is_enterprise_install: bool | None = False) -> dict | None:
        """The installation a request reached (slack_sdk's find_bot); None if none."""
        with self.engine.connect() as conn:
            return installs.find(conn, enterprise_id, team_id, is_enterprise_install)

    def slack_install_of(self, tenant: str) -> dict | None:
        """The installation a tenant's messages go out with; None if none."""
        with self.engine.connect() as conn:
            return installs.find_for_tenant(conn, tenant)

    def remove_slack_install(self, enterprise_id: str | None, team_id: str | None) -> None:
        with self._write() as conn:
            installs.remove(conn, enterprise_id, team_id)

    def remove_slack_installs_of(self, tenant: str) -> None:
        """The app left `tenant`: every token it had there goes at once."""
        with self._write() as conn:
            installs.remove_tenant(conn, tenant)

    def issue_oauth_state(self, state: str, expires_at: datetime) -> None:
        with self._write() as conn:
            installs.issue_state(conn, state, expires_at)

    def consume_oauth_state(self, state: str, now: datetime) -> bool:
        with self._write() as conn:
            return installs.consume_state(conn, state, now)

    # -- writes -----------------------------------------------------------------------------

    def import_interactions(
        self, tenant: str, people: Iterable[Person], observed: Iterable[tuple[str, Interaction]],
        progress: Callable[[int], None] | None = None, platform: str = "import",
        channel_names: dict[str, str] | None = None,
    ) -> ImportResult:
        """Store people, interactions and channel names in ONE transaction: any error leaves
        nothing behind."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            before = _count(conn, tenant_id)
            people_added = ingest.upsert_people(conn, tenant_id, people)
            seen, added_people = ingest.add_interactions(conn, tenant_id, observed, progress)
            ingest.name_channels(conn, tenant_id, channel_names or {})
            added = _count(conn, tenant_id) - before
        return ImportResult(people_added + added_people, added, seen)

    def record_interactions(self, tenant: str, observed: list[tuple[str, Interaction]],
                            platform: str) -> None:
        """Store a live event's interactions in one short transaction; a replayed source id is
        stored once (the tenant is created on its first event)."""
        self.record_many([(tenant, observed)], platform)

    def record_many(self, items: list[tuple[str, Observed | list[tuple[str, Interaction]]]],
                    platform: str) -> None:
        """Several events' interactions, of one or more tenants, in one transaction; of what
        each event showed, only what the tenant admits (bot/store/admission.py)."""
        by_tenant: dict[str, list[Observed]] = {}
        for tenant, observed in items:
            if not isinstance(observed, Observed):
                observed = Observed(tuple(observed))
            by_tenant.setdefault(tenant, []).append(observed)
        with self._write() as conn:
            for tenant in sorted(by_tenant):
                tenant_id = self._ensure_tenant(conn, tenant, platform)
                rows, external = admission.admit(conn, tenant_id, by_tenant[tenant])
                ingest.add_interactions(conn, tenant_id, rows)
                admission.mark_external(conn, tenant_id, external)

    def includes_guests(self, tenant: str) -> bool:
        """Whether the tenant stores people of other organisations (off unless it opts in)."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return tenant_id is not None and admission.includes_guests(conn, tenant_id)

    def set_include_guests(self, tenant: str, include: bool, platform: str) -> None:
        with self._write() as conn:
            admission.set_include_guests(conn, self._ensure_tenant(conn, tenant, platform),
                                         include)

    def name_channels(self, tenant: str, names: dict[str, str], platform: str) -> None:
        """What the platform calls these channels now (created, renamed, first seen)."""
        if not names:
            return
        with self._write() as conn:
            ingest.name_channels(conn, self._ensure_tenant(conn, tenant, platform), names)

    def channel_names(self, tenant: str) -> dict[str, str]:
        """Every known channel: id -> name (its id until a name is learned)."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return {} if tenant_id is None else reading.channel_names(conn, tenant_id)

    def save_round(self, tenant: str, program: Program, due_at: datetime, plan: RoundPlan,
                   now: datetime) -> int:
        """Store a planned round and its nudges; DuplicateRound if this one exists already."""
        with self._write() as conn:
            tenant_id = self._tenant_id(conn, tenant)
            return rounds.save_round(conn, tenant_id, program, due_at, plan, now)

    def save_program(self, tenant: str, program: Program, now: datetime) -> None:
        with self._write() as conn:
            rounds.save_program(conn, self._tenant_id(conn, tenant), program, now)

    def sync_programs(self, programs: Iterable[tuple[str, Program, str | None]], now: datetime,
                      platforms: dict[str, str]) -> list[str]:
        """Create or update programs kept in a file, all in one transaction (all or none): for
        each (tenant, program, state or None to keep), 'created', 'updated' or 'unchanged'. A
        tenant not stored yet is created on the platform `platforms` gives it, else UnknownTenant."""
        with self._write() as conn:
            return [rounds.sync_program(conn, self._ensure_tenant(conn, tenant, platforms[tenant])
                                        if tenant in platforms else self._tenant_id(conn, tenant),
                                        program, state, now)
                    for tenant, program, state in programs]

    def record_feedback(self, tenant: str, nudge_id: int, person: str, kind: str,
                        now: datetime, slot: int | None = None) -> None:
        """Store one answer to a nudge; 'met' also becomes a meeting interaction for the ties."""
        with self._write() as conn:
            rounds.record_feedback(conn, self._tenant_id(conn, tenant), nudge_id, person, kind,
                                   now, slot)

    def update_person(self, tenant: str, person: str, platform: str, **values) -> None:
        """Set a person's own settings (enrolled, paused_until, office, timezone, hours)."""
        with self._write() as conn:
            profiles.update_person(conn, self._ensure_tenant(conn, tenant, platform), person,
                                   values)

    def set_do_not_pair(self, tenant: str, person: str, others: list[str], platform: str) -> None:
        """Replace the people this person would rather not be paired with."""
        with self._write() as conn:
            profiles.set_do_not_pair(conn, self._ensure_tenant(conn, tenant, platform), person,
                                     others)

    def save_reference(self, tenant: str, person: str, reference: dict, platform: str,
                       now: datetime) -> None:
        """Where to reach a person proactively, replacing the last one (it can move)."""
        with self._write() as conn:
            profiles.save_reference(conn, self._ensure_tenant(conn, tenant, platform), person,
                                    reference, now)

    def sign_ins(self, tenant: str, members: list[str]) -> dict[str, str]:
        """Members' sign-in names, where known (Teams deep links)."""
        with self.engine.connect() as conn:
            return profiles.sign_ins(conn, self._tenant_id(conn, tenant), members)

    def reference(self, tenant: str, person: str) -> dict | None:
        with self.engine.connect() as conn:
            return profiles.reference(conn, self._tenant_id(conn, tenant), person)

    def move_member(self, tenant: str, nudge_id: int, person: str, before: str,
                    after: str) -> bool:
        """A member's own copy of a nudge (1:1 platforms): planned -> sending -> sent."""
        with self._write() as conn:
            return profiles.move_member(conn, self._tenant_id(conn, tenant), nudge_id, person,
                                        before, after)

    # -- where the Teams app lives (teams_places; personal installs are references) ------

    def add_teams_place(self, tenant: str, place: str, kind: str, now: datetime) -> bool:
        """The app is in this team or group chat (kind "team" or "groupChat"); whether the
        store had not known it."""
        with self._write() as conn:
            return places.add(conn, self._ensure_tenant(conn, tenant, "teams"), place, kind, now)

    def leave_teams_place(self, tenant: str, place: str) -> bool:
        """The app left a team or group chat; whether it still lives elsewhere in the tenant."""
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            if tenant_id is None:
                return False
            places.remove(conn, tenant_id, place)
            return places.anywhere(conn, tenant_id)

    def leave_teams_person(self, tenant: str, person: str) -> bool:
        """A person removed the app from their personal scope: their conversation reference
        goes; whether the app still lives elsewhere in the tenant."""
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            if tenant_id is None:
                return False
            places.forget_reference(conn, tenant_id, person)
            return places.anywhere(conn, tenant_id)

    def mark_external(self, tenant: str, ids: Iterable[str]) -> None:
        """These people (met already) are of another organisation (a roster's Teams guests)."""
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            if tenant_id is not None:
                admission.mark_external(conn, tenant_id, set(ids))

    def teams_places(self, tenant: str) -> list[tuple[str, str]]:
        """(place, kind) of every team and group chat the app is in."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return [] if tenant_id is None else places.listed(conn, tenant_id)

    def person(self, tenant: str, person: str) -> Person | None:
        """One person as the core sees them; None for someone we have not met."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return None if tenant_id is None else reading.person(conn, tenant_id, person)

    def latest_nudge(self, tenant: str, person: str) -> dict | None:
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return None if tenant_id is None else profiles.latest_nudge(conn, tenant_id, person)

    def export_person(self, tenant: str, person: str) -> dict | None:
        """Everything stored about one person, as plain data (their right of access)."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return None if tenant_id is None else profiles.export_person(conn, tenant_id, person)

    def answers(self, tenant: str, nudge_id: int) -> dict[str, tuple[str, int | None]]:
        """Each member's latest answer to a nudge: (kind, slot)."""
        with self.engine.connect() as conn:
            return rounds.answers(conn, self._tenant_id(conn, tenant), nudge_id)

    def tenant_of_nudge(self, nudge_id: int) -> str | None:
        with self.engine.connect() as conn:
            return rounds.tenant_of_nudge(conn, nudge_id)

    def nudge(self, tenant: str, nudge_id: int) -> dict | None:
        with self.engine.connect() as conn:
            found = rounds.load_nudges(conn, self._tenant_id(conn, tenant), None, only=nudge_id)
        return found[0] if found else None

    def scheduled_programs(self) -> list[tuple[str, Program, datetime]]:
        """Every program with a cadence: (tenant, program, when it was created)."""
        with self.engine.connect() as conn:
            return [(t, program_from_dict(settings), reading.aware(created))
                    for t, settings, created in rounds.scheduled_programs(conn)]

    def last_due(self, tenant: str, program: str) -> datetime | None:
        """When the program's latest round was due (None before its first)."""
        with self.engine.connect() as conn:
            return reading.aware(rounds.last_due(conn, tenant, program))

    def deliverable(self, platform: str) -> list[dict]:
        """Nudges on `platform` still to deliver (planned) or cut off mid-delivery (sending)."""
        with self.engine.connect() as conn:
            return self._resumable(rounds.in_states(conn, platform, ("planned", "sending")))

    def delivered(self, platform: str) -> list[dict]:
        """Nudges delivered and not yet asked "Did you meet?" (sent), or cut off asking."""
        with self.engine.connect() as conn:
            return self._resumable(rounds.in_states(conn, platform, ("sent", "asking")))

    def move_nudge(self, nudge_id: int, before: str, after: str, **values) -> bool:
        """planned -> sending -> sent (or failed), each step taken by exactly one sender."""
        with self._write() as conn:
            return rounds.move(conn, nudge_id, before, after, **self._claim(after), **values)

    def _claim(self, after: str) -> dict:
        """Taking a row for sending records who took it and when (wall-clock time, as the
        lease is measured in it whatever time a test pretends it is)."""
        return {"claimed_by": self.claimer, "claimed_at": datetime.now(UTC)} if after in FLYING \
            else {}

    def _resumable(self, rows: list[dict]) -> list[dict]:
        """Rows ready to send, and cut-off ones this process claimed itself or whose claim is
        older than the lease: another live process may still be sending those younger."""
        expired = datetime.now(UTC) - self.claim_lease
        return [r for r in rows if r["state"] not in FLYING or r["claimed_by"] in (None, self.claimer)
                or r["claimed_at"] is None or r["claimed_at"] <= expired]

    # -- the lifecycle after delivery: reminders, re-matches, idle pauses (the outbox) -------

    def plan_outbox(self, tenant: str, items: list[outbox.Item], now: datetime) -> int:
        """Plan messages to send once each; those planned before are left alone. How many new."""
        with self._write() as conn:
            return outbox.enqueue(conn, self._tenant_id(conn, tenant), items, now)

    def outbox_due(self, platform: str) -> list[dict]:
        """Outbox rows on `platform` to send (planned) or cut off mid-send (sending)."""
        with self.engine.connect() as conn:
            return self._resumable(outbox.due(conn, platform))

    def outbox(self, tenant: str) -> list[dict]:
        with self.engine.connect() as conn:
            return outbox.of_tenant(conn, self._tenant_id(conn, tenant))

    def move_outbox(self, row_id: int, before: str, after: str, **values) -> bool:
        """planned -> sending -> sent (failed, unknown), each step taken by exactly one sender."""
        with self._write() as conn:
            return outbox.move(conn, row_id, before, after, **self._claim(after), **values)

    # -- sends cut off where the platform keeps nothing to look in (bot/store/unknown.py; imported
    # in each method so that this block stays apart from the import line others edit) ---------

    def unknown_sends(self, tenant: str | None = None) -> list[dict]:
        """Every send marked `unknown` (of one tenant, or all): id, kind, tenant, person, at."""
        from bot.store import unknown
        with self.engine.connect() as conn:
            tenant_id = None if tenant is None else self._tenant_id(conn, tenant)
            return unknown.listed(conn, tenant_id)

    def mark_unknown_sent(self, ident: str, tenant: str | None = None) -> str | None:
        """Someone checked that it arrived: marked sent, nothing sent. None, or why not."""
        from bot.store import unknown
        found = unknown.parse(ident)
        if found is None:
            return unknown.BAD_IDENT
        with self._write() as conn:
            tenant_id = None if tenant is None else self._tenant_id(conn, tenant)
            return None if unknown.mark_sent(conn, tenant_id, found) else unknown.NOT_FOUND

    def resend_unknown(self, ident: str, tenant: str | None = None) -> str | None:
        """Put one unknown send back to be sent at the next delivery (one member's copy, never
        the whole group). None, or why not."""
        from bot.store import unknown
        found = unknown.parse(ident)
        if found is None:
            return unknown.BAD_IDENT
        with self._write() as conn:
            tenant_id = None if tenant is None else self._tenant_id(conn, tenant)
            return unknown.resend(conn, tenant_id, found)

    def unreminded(self, platform: str) -> list[dict]:
        """Delivered nudges someone accepted that have no reminder yet, with dated answers."""
        with self.engine.connect() as conn:
            return lifecycle.unreminded(conn, platform)

    def free_rounds(self, since: datetime) -> list[dict]:
        """Rounds where a decline since `since` left someone free, and who is free there."""
        with self.engine.connect() as conn:
            return lifecycle.free_rounds(conn, since)

    def save_rematch(self, tenant: str, round_id: int, nudge: Nudge, now: datetime) -> int | None:
        """A re-match's nudge, planned; None when a member was re-matched in the round before."""
        with self._write() as conn:
            return lifecycle.save_rematch(conn, self._tenant_id(conn, tenant), round_id, nudge,
                                          now)

    def turns(self, platform: str, since: datetime) -> list[dict]:
        """Delivered nudges since `since` per person, and whether they answered each."""
        with self.engine.connect() as conn:
            return lifecycle.turns(conn, platform, since)

    def last_pauses(self, platform: str) -> dict[tuple[str, str], datetime]:
        with self.engine.connect() as conn:
            return outbox.last_pauses(conn, platform)

    def pause_idle(self, tenant: str, person: str, round_id: int, now: datetime) -> bool:
        """Pause a quiet person and plan the note telling them; False if done before."""
        with self._write() as conn:
            return outbox.pause_idle(conn, self._tenant_id(conn, tenant), person, round_id, now)

    def forget_person(self, tenant: str, person: str) -> bool:
        """Erase everything about one person; False when there was nobody by that id. On
        SQLite the freed pages are zeroed (secure_delete) and the write-ahead log is emptied
        into the file at once, so no page of either holds their id or name afterwards;
        PostgreSQL keeps dead rows until VACUUM (see the operations docs)."""
        with self._write() as conn:
            found = history.forget_person(conn, self._tenant_id(conn, tenant), person)
        if found and self.engine.dialect.name == "sqlite":
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return found

    # -- reads ------------------------------------------------------------------------------

    def people(self, tenant: str) -> dict[str, Person]:
        with self.engine.connect() as conn:
            return reading.people(conn, self._tenant_id(conn, tenant))

    def interactions(self, tenant: str, until: datetime | None = None) -> Iterator[Interaction]:
        """Stream a tenant's interactions in time order (millions of rows, never all in memory)."""
        with self.engine.connect() as conn:
            yield from reading.interactions(conn, self._tenant_id(conn, tenant), until)

    def author_of(self, tenant: str, source_id: str) -> str | None:
        """Who posted the stored interaction with this source id (to attribute replies and
        reactions whose events do not say)."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return None if tenant_id is None else reading.author_of(conn, tenant_id, source_id)

    def interaction_count(self, tenant: str) -> int:
        with self.engine.connect() as conn:
            return _count(conn, self._tenant_id(conn, tenant))

    def latest_interaction(self, tenant: str) -> datetime | None:
        with self.engine.connect() as conn:
            return reading.latest_time(conn, self._tenant_id(conn, tenant))

    def program(self, tenant: str, name: str) -> Program | None:
        with self.engine.connect() as conn:
            return rounds.load_program(conn, self._tenant_id(conn, tenant), name)

    # -- community managers (bot/service/admin.py) --------------------------------------------------

    def programs(self, tenant: str) -> list[tuple[Program, str]]:
        """Every program of the tenant with its state ('active' or 'paused'), by name."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            rows = [] if tenant_id is None else admin.program_rows(conn, tenant_id)
        return [(program_from_dict(settings), state) for _, state, settings in rows]

    def create_program(self, tenant: str, program: Program, now: datetime, platform: str) -> bool:
        """Store a new program; False (and nothing written) when the name is taken."""
        with self._write() as conn:
            tenant_id = self._ensure_tenant(conn, tenant, platform)
            if rounds.load_program(conn, tenant_id, program.name) is not None:
                return False
            rounds.save_program(conn, tenant_id, program, now)
            return True

    def set_program_state(self, tenant: str, name: str, state: str, now: datetime) -> bool:
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return tenant_id is not None and admin.set_program_state(conn, tenant_id, name, state,
                                                                     now)

    def edit_program(self, tenant: str, program: Program, now: datetime) -> bool:
        """Replace an existing program's settings; False when there is no such program. A new
        cadence starts counting from now."""
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            if tenant_id is None or rounds.load_program(conn, tenant_id, program.name) is None:
                return False
            rounds.sync_program(conn, tenant_id, program, None, now)  # state kept as it is
            return True

    def delete_program(self, tenant: str, name: str) -> bool:
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return tenant_id is not None and admin.delete_program(conn, tenant_id, name)

    def grant_manager(self, tenant: str, person: str, by: str, now: datetime, platform: str) -> bool:
        with self._write() as conn:
            return admin.grant(conn, self._ensure_tenant(conn, tenant, platform), person, by, now)

    def revoke_manager(self, tenant: str, person: str) -> bool:
        with self._write() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return tenant_id is not None and admin.revoke(conn, tenant_id, person)

    def granted_managers(self, tenant: str) -> list[tuple[str, str]]:
        """(manager, granted by) of everyone a manager granted."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return [] if tenant_id is None else admin.granted(conn, tenant_id)

    def outcomes(self, tenant: str, program: str, last_rounds: int):
        """The latest rounds' nudges: (state, members, {member: kinds answered})."""
        with self.engine.connect() as conn:
            tenant_id = _find_tenant(conn, tenant)
            return [] if tenant_id is None else admin.outcomes(conn, tenant_id, program, last_rounds)

    def history(self, tenant: str, program: str) -> History:
        with self.engine.connect() as conn:
            return history.load_history(conn, self._tenant_id(conn, tenant), program)

    def nudges(self, tenant: str, round_id: int | None = None) -> list[dict]:
        """The stored nudges (of one round, or all), members as external ids, for display."""
        with self.engine.connect() as conn:
            return rounds.load_nudges(conn, self._tenant_id(conn, tenant), round_id)


def _find_tenant(conn: Connection, name: str) -> int | None:
    """The tenant's id, or None where asking about a tenant we never met is no error (nor
    about one no tenant could be named: a NUL byte, a list)."""
    if not is_usable(name):
        return None
    return conn.scalar(select(tenants.c.id).where(tenants.c.name == name))


def _count(conn: Connection, tenant_id: int) -> int:
    query = select(func.count()).select_from(interactions)
    return conn.scalar(query.where(interactions.c.tenant_id == tenant_id)) or 0


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Deleted rows are overwritten, not merely unlinked: forgetting a person must leave no page
    # holding their id or name (a free page would, for anyone reading the file).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _safe(url: str) -> str:
    """The URL without its password, for error messages."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        creds, host = rest.rsplit("@", 1)
        return f"{scheme}://{creds.split(':', 1)[0]}@{host}"
    return url
