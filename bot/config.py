"""Settings from the environment; the only module that reads os.environ."""

from __future__ import annotations

import os
from dataclasses import dataclass

from bot.store import database_url


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str


def load(db: str | None = None) -> Settings:
    """`--db` wins over DATABASE_URL, which wins over ./weaktie.db."""
    return Settings(database_url=database_url(db, dict(os.environ)))
