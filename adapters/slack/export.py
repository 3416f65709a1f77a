"""A standard Slack workspace export (users.json, channels.json, a folder per channel of daily
JSON files) read into the same interactions live events produce, with the same source ids, so
that importing an export and receiving the same messages live stores them once."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from adapters.slack.events import message_interactions
from bot.core.model import Interaction, Person
from bot.service.inbound import WeaktieError

CHANNEL_LISTS = ("channels.json", "groups.json")  # public and private channels


class ExportError(WeaktieError):
    """The file is not a readable Slack export; the message says which part and why."""


class SlackExport:
    """One export archive: its people, its team id, and its messages as interactions."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise ExportError(f"{self.path}: not a readable zip file ({exc})") from None
        self.users = self._json("users.json", required=True)
        self.channels = {c["name"]: c["id"] for name in CHANNEL_LISTS
                         for c in self._json(name, required=name == "channels.json") or []
                         if isinstance(c, dict) and "name" in c and "id" in c}
        self.days = sorted(n for n in self.zip.namelist() if _is_day(n, self.channels))
        self.done = 0

    def channel_names(self) -> dict[str, str]:
        """Channel id -> name, as the workspace names them (stored so reasons and program
        scopes read #general, not #C0JL6CGQ2)."""
        return {channel_id: name for name, channel_id in self.channels.items()}

    def team(self) -> str | None:
        """The workspace's team id, as live events name the tenant."""
        return next((u.get("team_id") for u in self.users if isinstance(u, dict)
                     and u.get("team_id")), None)

    def people(self) -> list[Person]:
        """Everyone in users.json but bots, with their name and time zone."""
        out = []
        for user in self.users:
            if not isinstance(user, dict) or user.get("is_bot") or not user.get("id"):
                continue
            profile = user.get("profile") if isinstance(user.get("profile"), dict) else {}
            name = profile.get("real_name") or user.get("real_name") or user.get("name") or ""
            out.append(Person(id=user["id"], name=str(name)[:200],
                              timezone=str(user.get("tz") or "UTC")))
        return out

    def fraction_read(self) -> float:
        return self.done / len(self.days) if self.days else 1.0

    def __iter__(self) -> Iterator[tuple[str, Interaction]]:
        for name in self.days:
            channel = self.channels[PurePosixPath(name).parent.name]
            for message in self._json(name, required=True):
                if isinstance(message, dict):
                    yield from message_interactions(channel, message)
            self.done += 1

    def _json(self, name: str, required: bool) -> Any:
        try:
            with self.zip.open(name) as stream:
                data = json.load(stream)
        except KeyError:
            if required:
                raise ExportError(f"{self.path}: {name} is missing; is this a Slack export?"
                                  ) from None
            return None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ExportError(f"{self.path}: {name} is not valid JSON ({exc})") from None
        if not isinstance(data, list):
            raise ExportError(f"{self.path}: {name} should hold a list")
        return data


def _is_day(name: str, channels: dict[str, str]) -> bool:
    """A channel's daily file: <channel name>/<YYYY-MM-DD>.json, for a channel we know."""
    path = PurePosixPath(name)
    return (len(path.parts) == 2 and path.suffix == ".json" and path.parent.name in channels
            and len(path.stem) == 10)
