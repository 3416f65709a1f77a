"""Throw-away PostgreSQL databases: a new, empty one per test session (each xdist worker its
own) or per test that needs one of its own."""

from __future__ import annotations

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
    from bot.store.schema import metadata
    engine = create_engine(url)
    with engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        conn.execute(text(f"truncate {names} restart identity cascade"))
    engine.dispose()
