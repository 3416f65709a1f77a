"""Clock leadership: one process runs the clock, the others stand by."""

from __future__ import annotations

import threading
import time

try:
    import fcntl
except ImportError:  # Windows: a SQLite clock simply leads
    fcntl = None

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.store.base import StoreBase

FENCE_FRESH = 1.0  # seconds a leadership check is reused by the sends of a tick
CLOCK_LOCK = 0x7765616B  # "weak": the advisory lock key of the clock's leader


class Leadership(StoreBase):
    """Who leads the clock; the sends of a tick ask before each send whether it still does."""

    def __init__(self, engine: Engine):
        super().__init__(engine)
        self._fence_lock = threading.Lock()
        self._fence_checked = float("-inf")
        self._fence_ok = False

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
