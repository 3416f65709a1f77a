"""Importers: CSV files in the common format become the same (source id, Interaction) pairs that
live platform events do. Validation happens row by row while streaming; the store wraps the whole
import in one transaction, so the first bad row aborts it and nothing is written."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from bot.core.model import KINDS, Interaction, Person, known_zone
from bot.service.inbound import WeaktieError

REQUIRED = ("timestamp", "actor", "kind")


class ImportFileError(WeaktieError, ValueError):
    """A file cannot be imported; the message names the file, the line and the problem."""


class CsvInteractions:
    """Iterates a common-format CSV (optionally .gz) as (source id, Interaction) pairs."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        if not self.path.is_file():
            raise ImportFileError(f"{self.path}: no such file")
        self.size = self.path.stat().st_size
        self._raw: io.BufferedReader | None = None

    def fraction_read(self) -> float:
        """How far through the file we are, by bytes of the file on disk (works for .gz too)."""
        if self._raw is None or self._raw.closed or not self.size:
            return 0.0
        return min(1.0, self._raw.tell() / self.size)

    def __iter__(self) -> Iterator[tuple[str, Interaction]]:
        with open(self.path, "rb") as raw, self._text(raw) as stream:
            self._raw = raw
            yield from self._rows(stream)

    def _text(self, raw: io.BufferedReader) -> io.TextIOBase:
        if self.path.suffix == ".gz":
            return gzip.open(raw, "rt", encoding="utf-8", newline="")
        return io.TextIOWrapper(raw, encoding="utf-8", newline="")

    def _rows(self, stream) -> Iterator[tuple[str, Interaction]]:
        try:
            reader = csv.DictReader(stream)
            _check_header(self.path, reader.fieldnames)
            seen: dict[str, int] = {}
            count = 0
            for row in reader:
                count += 1
                item = _interaction(row, lambda msg: self._error(reader.line_num, msg))
                yield _source_id(item, seen), item
        except (UnicodeDecodeError, gzip.BadGzipFile, EOFError, csv.Error) as exc:
            raise ImportFileError(f"{self.path}: not a readable CSV file ({exc})") from None
        if count == 0:
            raise ImportFileError(f"{self.path}: the file has no interactions (only a header?)")

    def _error(self, line: int, message: str) -> ImportFileError:
        return ImportFileError(f"{self.path} line {line}: {message}")


def _check_header(path: Path, fields: list[str] | None) -> None:
    if not fields:
        raise ImportFileError(f"{path}: the file is empty; expected a header "
                              "'timestamp,actor,target,kind,channel'")
    missing = [name for name in REQUIRED if name not in fields]
    if missing:
        raise ImportFileError(f"{path} line 1: missing column(s) {', '.join(missing)}; "
                              "expected 'timestamp,actor,target,kind,channel'")


def _interaction(row: dict, error) -> Interaction:
    if None in row:
        raise error("more fields than the header has")
    actor = (row.get("actor") or "").strip()
    target = (row.get("target") or "").strip() or None
    kind = (row.get("kind") or "").strip()
    channel = (row.get("channel") or "").strip() or None
    if not actor:
        raise error("actor is empty")
    if kind not in KINDS:
        raise error(f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    if kind not in ("message", "join", "leave") and target is None:
        raise error(f"a {kind} needs a target")
    if target == actor:
        raise error(f"{actor} interacts with themselves")
    return Interaction(actor, target, kind, _timestamp(row.get("timestamp") or "", error), channel)


def _timestamp(text: str, error) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise error(f"bad timestamp {text!r} (expected ISO 8601 such as "
                    "2015-06-01T08:00:40Z)") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _source_id(item: Interaction, seen: dict[str, int]) -> str:
    """A stable id from the row's content and its repeat count, so a re-import adds nothing."""
    key = "\x1f".join((item.at.isoformat(), item.actor, item.target or "", item.kind,
                       item.channel or ""))
    digest = hashlib.blake2b(key.encode(), digest_size=12).hexdigest()
    seen[digest] = seen.get(digest, 0) + 1
    return f"csv:{digest}:{seen[digest]}"


def read_people(path: str | Path) -> list[Person]:
    """people.csv: `id` plus optional `team`, `name`, `location` (office), `timezone`."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}: no such file")
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        if not reader.fieldnames or "id" not in reader.fieldnames:
            raise ImportFileError(f"{path} line 1: expected a header with an 'id' column")
        people, ids = [], set()
        for row in reader:
            person = _person(row, lambda msg: ImportFileError(f"{path} line {reader.line_num}: {msg}"))
            if person.id in ids:
                raise ImportFileError(f"{path} line {reader.line_num}: {person.id} is listed twice")
            ids.add(person.id)
            people.append(person)
    return people


def _person(row: dict, error) -> Person:
    pid = (row.get("id") or "").strip()
    if not pid:
        raise error("id is empty")
    zone = (row.get("timezone") or "").strip() or "UTC"
    if not known_zone(zone):
        raise error(f"unknown time zone {zone!r} (use an IANA name such as Europe/Paris)")
    return Person(id=pid, name=(row.get("name") or "").strip(),
                  team=(row.get("team") or "").strip() or None,
                  office=(row.get("location") or "").strip() or None, timezone=zone)
