"""The store: SQLite by default, PostgreSQL in production. The only package that imports SQLAlchemy.

Every query is scoped by tenant. Nothing here ever sees message text.
"""

from bot.store.errors import StoreError, UnknownTenant, DuplicateRound
from bot.store.store import Store, ImportResult, database_url

__all__ = ["Store", "StoreError", "UnknownTenant", "DuplicateRound", "ImportResult", "database_url"]
