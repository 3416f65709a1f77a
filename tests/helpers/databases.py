"""Throw-away PostgreSQL databases: a new, empty one per test session (each xdist worker its
own) or per test that needs one of its own."""

from __future__ import annotations

import functools
import time
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text


@contextmanager
def throwaway_database(server_url: str, prefix: str):
    """A new, empty database on the server of `server_url`, dropped afterwards."""
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'create database "{name}"'))
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'drop database if exists "{name}" with (force)'))
        admin.dispose()


def empty_tables(url: str) -> None:
    """Leave a session's shared PostgreSQL database empty for the next test."""
    import bot.store.kept_schema  # noqa: F401  (its tables join the metadata)
    from bot.store.schema import metadata
    engine = create_engine(url)
    with engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        conn.execute(text(f"truncate {names} restart identity cascade"))
    engine.dispose()


def wait_for_no_leader(url: str, timeout: float = 10) -> None:
    """Return once no session of this PostgreSQL database holds the clock's advisory lock.

    A store that closed, or a clock that was killed, lets go of the lock when its server
    process ends, a moment after the client is gone: the next test on the same database (each
    test worker shares one) would otherwise find the lead taken. A lock still held after
    `timeout` is a leak, and fails the test that left it."""
    from bot.store.leadership import CLOCK_LOCK
    deadline = time.monotonic() + timeout
    while True:
        with _observer(url).connect() as conn:
            held = conn.scalar(text(
                "select count(*) from pg_locks where locktype = 'advisory' and granted "
                "and objid = :key and database = "
                "(select oid from pg_database where datname = current_database())"),
                {"key": CLOCK_LOCK})
        if not held:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the clock's lock is still held {timeout}s after the test")
        time.sleep(0.02)


@functools.cache
def _observer(url: str):
    """One engine per database for the checks between tests (a new one per test costs a
    connection each time); its idle connection holds no lock."""
    return create_engine(url)
