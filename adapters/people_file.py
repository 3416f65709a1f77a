"""An HR export of people (`weaktie import people FILE`): who works in which team and office,
in which time zone and hours, without any interaction. A row names a person by `id` (as the
platform or an earlier import knows them) or by `email` (matched with the sign-in name weaktie
knows, such as a Teams user principal name). Only these columns are read; an export's other
columns (names, titles, salaries...) are never looked at. An empty cell leaves what is stored.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.core.model import known_zone, parse_hours
from bot.service.inbound import WeaktieError

KEYS = ("id", "email")
READ = ("team", "office", "location", "timezone", "hours")
LONGEST = 200  # a team's or an office's name, as the store holds it


class PeopleFileError(WeaktieError, ValueError):
    """The file cannot be imported; the message names the file, the line and the problem."""


@dataclass(frozen=True, slots=True)
class ProfileRow:
    """One person's row: `by` is "id" or "email"; `values` the store's columns to set."""

    by: str
    key: str
    values: dict[str, Any]


def read_profiles(path: str | Path) -> list[ProfileRow]:
    """Every row, checked; the first bad one raises PeopleFileError (nothing is written)."""
    path = Path(path)
    if not path.is_file():
        raise PeopleFileError(f"{path}: no such file")
    try:
        return _read(path)
    except UnicodeDecodeError as exc:  # an export saved as Latin-1 or UTF-16, say
        raise PeopleFileError(f"{path}: not UTF-8 text (byte {exc.start}); save it as "
                              "CSV UTF-8") from None
    except csv.Error as exc:
        raise PeopleFileError(f"{path}: not a CSV file ({exc})") from None


def _read(path: Path) -> list[ProfileRow]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        header = {name.strip().lower() for name in reader.fieldnames or ()}
        if not header & set(KEYS):
            raise PeopleFileError(f"{path} line 1: expected a header with an 'id' or an "
                                  "'email' column")
        rows, seen = [], set()
        for raw in reader:
            line = reader.line_num
            row = _row({(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()
                        if isinstance(v, str)},
                       lambda msg, line=line: PeopleFileError(f"{path} line {line}: {msg}"))
            same = (row.by, row.key.lower() if row.by == "email" else row.key)  # ids: as given
            if same in seen:
                raise PeopleFileError(f"{path} line {line}: {row.key} is listed twice")
            seen.add(same)
            rows.append(row)
    return rows


def _row(cells: dict[str, str], error) -> ProfileRow:
    by = next((k for k in KEYS if cells.get(k)), None)
    if by is None:
        raise error("neither an id nor an email")
    key = cells[by]
    if len(key) > 320 or not key.isprintable() or (by == "email" and "@" not in key):
        raise error(f"{by} {key[:40]!r} is not one")
    values: dict[str, Any] = {}
    for column, field in (("team", "team"), ("office", "office"), ("location", "office")):
        if cells.get(column):
            if len(cells[column]) > LONGEST or not cells[column].isprintable():
                raise error(f"{column}: at most {LONGEST} printable characters")
            values[field] = cells[column]
    if cells.get("timezone"):
        if not known_zone(cells["timezone"]):
            raise error(f"unknown time zone {cells['timezone']!r} (use an IANA name such as "
                        "Europe/Paris)")
        values["timezone"] = cells["timezone"]
    if cells.get("hours"):
        hours = parse_hours(cells["hours"])
        if hours is None:
            raise error(f"hours {cells['hours']!r}: like 9-17 or 8:30-16:30, at least an hour")
        values["work_start"], values["work_end"] = hours
    return ProfileRow(by, key, values)
