"""Helpers for tests that run real `weaktie clock` processes: a Slack workspace whose round
fell due a moment ago, starting and killing clocks, and counting what reached Slack."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text

from bot.core.model import Interaction, Person
from bot.core.programs import Program
from bot.store import Store
from bot.store.leadership import CLOCK_LOCK
from bot.store.values import StoredNudge
from tests.standins.slack import SlackWebApi

TEAM = "T1"
ZONE = "Europe/Lisbon"
HEARTBEAT = "0.2"
DONE = ("sent", "failed")


def workspace(store: Store, people: int, missed_days: int = 1, seed: int = 5) -> datetime:
    """A Slack workspace of `people` who talk in pairs and threes, and a daily program whose
    time passed two minutes ago (in its own zone) and `missed_days` times in all since it was
    created, with no clock running. Returns the due time of the one round that must follow."""
    rng = random.Random(seed)
    ids = [f"U{i:04d}" for i in range(people)]
    now = datetime.now(UTC)
    rows = []
    for i in range(people * 4):
        a, b = rng.sample(ids, 2)
        rows.append((f"m{i}", Interaction(a, b, "reply", now - timedelta(hours=i + 1), "C1")))
    store.import_interactions(TEAM, [Person(p, name=p) for p in ids],
                              sorted(rows, key=lambda r: r[1].at), platform="slack")
    due = (now - timedelta(minutes=2)).astimezone(ZoneInfo(ZONE)).replace(second=0,
                                                                            microsecond=0)
    program = Program(name="coffee", cadence=f"{due.minute} {due.hour} * * *", timezone=ZONE,
                      days_ahead=7)
    store.save_program(TEAM, program, due - timedelta(days=missed_days, minutes=1))
    return due.astimezone(UTC)


def clock_command() -> list[str]:
    script = Path(sys.executable).with_name("weaktie")
    return [str(script)] if script.exists() else [sys.executable, "-m", "entrypoints.cli"]


class Clocks:
    """Real `weaktie clock` processes against one database and one Slack stand-in."""

    def __init__(self, url: str, slack: SlackWebApi, logs: Path) -> None:
        self.url, self.slack, self.logs = url, slack, logs
        self.running: dict[str, subprocess.Popen] = {}
        self.started = 0
        self.kills = 0

    def start(self, name: str | None = None) -> str:
        self.started += 1
        name = name or f"clock{self.started}"
        url = self.url
        if url.startswith("postgresql"):  # names each session, to tell which clock leads
            url += ("&" if "?" in url else "?") + f"application_name={name}"
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("SLACK_", "MICROSOFT_", "WEAKTIE_"))}
        # The stand-in answers within a fraction of a second, so a send another clock claimed
        # has ended 3 s later: that is the claim lease here (five minutes in production).
        env.update(DATABASE_URL=url, SLACK_BOT_TOKEN="xoxb-test",
                   SLACK_SIGNING_SECRET="not-used-by-the-clock", SLACK_API_URL=self.slack.api_url,
                   WEAKTIE_CLAIM_LEASE="3")
        log = (self.logs / f"{name}.log").open("ab")
        self.running[name] = subprocess.Popen(
            [*clock_command(), "clock", "--heartbeat", HEARTBEAT], env=env, stdout=log,
            stderr=subprocess.STDOUT, cwd=Path(__file__).parents[2])
        log.close()
        return name

    def kill(self, name: str) -> None:
        self._end(name)
        self.kills += 1

    def stop_all(self) -> None:
        """End the clocks still running (the test is over: not counted as kills)."""
        for name in list(self.running):
            self._end(name)

    def _end(self, name: str) -> None:
        process = self.running.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def alive(self, name: str) -> bool:
        return self.running[name].poll() is None

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")


def wait_until_done(store: Store, clocks: Clocks, timeout: float = 60) -> list[StoredNudge]:
    """The round's nudges once every one is sent or failed (a live clock keeps working)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        nudges = store.nudges(TEAM)
        if nudges and all(n.state in DONE for n in nudges):
            return nudges
        time.sleep(0.1)
    logs = "\n".join(f"--- {n}\n{clocks.log(n)[-2000:]}" for n in clocks.running)
    raise AssertionError(f"nudges not done after {timeout}s: "
                         f"{[(n.id, n.state) for n in store.nudges(TEAM)]}\n{logs}")


def leader(url: str, clocks: Clocks | None = None) -> str | None:
    """The clock holding the lead, if any: on PostgreSQL the application name of the session
    holding the advisory lock; on SQLite the process holding the lock file (Linux)."""
    if url.startswith("sqlite"):
        return _file_lock_holder(Path(url.split("///", 1)[1] + ".clock"), clocks)
    found = leader_session(url)
    return found[0] if found else None


def _file_lock_holder(path: Path, clocks: Clocks | None) -> str | None:
    if not path.exists() or clocks is None:
        return None
    inode = path.stat().st_ino
    pids = {str(p.pid): name for name, p in clocks.running.items()}
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()  # id: FLOCK ADVISORY WRITE pid major:minor:inode start end
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5].endswith(f":{inode}"):
            return pids.get(fields[4])
    return None


def leader_session(url: str) -> tuple[str, int] | None:
    """(application name, server pid) of the session holding the clock's advisory lock."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(text(
                "select a.application_name, a.pid from pg_locks l join pg_stat_activity a "
                "on a.pid = l.pid where l.locktype = 'advisory' and l.granted "
                "and l.objid = :key and l.database = "
                "(select oid from pg_database where datname = current_database())"),
                {"key": CLOCK_LOCK}).first()
            return None if row is None else (row[0], row[1])
    finally:
        engine.dispose()


def end_session(url: str, pid: int) -> None:
    """End a server session as a network cut or a database failover would: the client lives."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            conn.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        engine.dispose()


def rounds_planned(store: Store) -> list[datetime]:
    with store.engine.connect() as conn:
        return [_utc(d) for d in conn.scalars(text("select due_at from rounds order by id"))]


def _utc(moment) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class Tally:
    """What reached Slack, against what the store says."""

    nudges: int
    deliveries: int
    duplicates: list[int]  # nudge ids Slack accepted more than once
    lost: list[int]  # sent in the store, yet never accepted; or never delivered at all
    unknown: list[int]  # failed: a person must look (the stand-in refuses nothing)
    mismatched: list[int]  # the store's delivery_ref points at some other message

    def line(self, kills: int) -> str:
        return (f"{kills} kills, {self.nudges} nudges, {self.deliveries} deliveries, "
                f"{len(self.duplicates)} duplicates, {len(self.lost)} lost, "
                f"{len(self.unknown)} unknown")


def tally(nudges: list[StoredNudge], slack: SlackWebApi) -> Tally:
    posts = [p for p in list(slack.accepted) if p.kind == "weaktie_nudge"]
    count: dict[int, int] = {}
    for post in posts:
        count[post.nudge] = count.get(post.nudge, 0) + 1
    where = {post.nudge: f"{post.channel}/{post.ts}" for post in posts}
    sent = [n for n in nudges if n.state == "sent"]
    return Tally(
        nudges=len(nudges), deliveries=len(posts),
        duplicates=sorted(n for n, c in count.items() if c > 1),
        lost=sorted([n.id for n in sent if n.id not in count]
                    + [n.id for n in nudges if n.state not in ("sent", "failed")]),
        unknown=sorted(n.id for n in nudges if n.state == "failed"),
        mismatched=sorted(n.id for n in sent if where.get(n.id) != n.delivery_ref))
