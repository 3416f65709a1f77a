"""`weaktie demo`: reads a dataset's files (--data DIR) or has one generated, picks the demo's
database, and hands both to demo.demo, which plans, compares and prints."""

from __future__ import annotations

from pathlib import Path

from bot.errors import WeaktieError
from entrypoints.config import database_url

DEMO_DB = "weaktie-demo.db"


def demo(args) -> int:
    from demo import demo as the_demo  # the package demo/, not this module
    data = _dataset(Path(args.data)) if args.data else the_demo.generated(args.people, args.seed)
    again = f" --data {args.data}" if args.data else ""
    again += f" --lang {args.lang}" if args.lang != "en" else ""
    return the_demo.run_demo(data, _fresh_db(args.db), args.show, args.seed, again, args.lang)


def _dataset(folder: Path):
    """The folder's interactions (read as the store imports them) and its people.csv if any."""
    from adapters.imports import CsvInteractions, read_people
    from demo.demo import dataset
    found = [folder / n for n in ("interactions.csv.gz", "interactions.csv") if (folder / n).is_file()]
    if not found:
        raise WeaktieError(f"{folder}: expected interactions.csv.gz or interactions.csv "
                           "in the common format (see docs/operations.md)")
    people = read_people(folder / "people.csv") if (folder / "people.csv").is_file() else []
    return dataset(folder.name, people, CsvInteractions(found[0]))


def _fresh_db(db: str | None) -> str:
    """The demo's own SQLite file, recreated each run, unless --db names another database."""
    if db:
        return database_url(db, {})
    path = Path(DEMO_DB)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return database_url(str(path), {})
