"""The stores a command opens (all closed as it ends), and the SQLite files a failed command
must not leave behind."""

from __future__ import annotations

from pathlib import Path

from bot.errors import WeaktieError
from bot.store import Store
from entrypoints import config

_OPENED: list[Store] = []  # every store this command opened, closed as it ends


def open_store(args) -> Store:
    """The store the command's --db (else DATABASE_URL, else ./weaktie.db) names."""
    return open_url(config.load(args.db).database_url)


def open_url(url: str) -> Store:
    store = Store.open(url)
    _OPENED.append(store)
    return store


def close_stores() -> None:
    while _OPENED:
        _OPENED.pop().close()


# A failed command must not leave a database behind in a folder that had none (`weaktie round
# --tenant nope` in a fresh folder): the files SQLite and the clock's lock may create.
SQLITE_FILES = ("", "-wal", "-shm", "-journal", ".clock")


def absent_files(args) -> list[Path]:
    """When the command's SQLite database does not exist yet, its files (the database first);
    else none: the companions of an existing database belong to whoever else has it open."""
    if not hasattr(args, "db"):
        return []
    try:
        url = config.database_url(args.db)
    except WeaktieError:
        return []
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return []
    main_file = url.removeprefix("sqlite:///").split("?", 1)[0]
    if Path(main_file).exists():
        return []
    return [Path(main_file + suffix) for suffix in SQLITE_FILES
            if not Path(main_file + suffix).exists()]


def remove_if_empty(created: list[Path]) -> None:
    """Remove the database files the failed command created, unless it stored a tenant (data
    someone may want, such as a round stored before its sending failed)."""
    if not created or not created[0].exists():
        return
    try:
        store = Store.open(f"sqlite:///{created[0]}")
        try:
            holds_data = bool(store.tenant_names())
        finally:
            store.close()
    except WeaktieError:
        holds_data = False  # not even a usable database: nothing in it to keep
    if holds_data:
        return
    for path in created:
        path.unlink(missing_ok=True)
