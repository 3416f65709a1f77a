"""The store: SQLite by default, PostgreSQL in production. The only package that imports SQLAlchemy.

Every query is scoped by tenant. Nothing here ever sees message text.
"""

from bot.store.errors import DuplicateRound, StoreError, UnknownTenant
from bot.store.store import ImportResult, Store

__all__ = ["Store", "StoreError", "UnknownTenant", "DuplicateRound", "ImportResult"]
