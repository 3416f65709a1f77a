"""The store: SQLite by default, PostgreSQL in production. The only package that imports SQLAlchemy.

Every query is scoped by tenant. Nothing here ever sees message text, nor the environment: the
shell (entrypoints/config.py) turns --db and DATABASE_URL into the URL `Store.open` takes.

One aggregate per module, each holding the SQL it runs and a class of the methods the service
calls: tenants, leadership (the clock's lock), installs (Slack OAuth), ingest (people and
interactions written), reading (read back as core values), profiles (one person's own data),
programs, rounds (and the nudges to deliver), outbox, after_round (reminders, re-matches, idle
pauses), unknown (sends cut off where nothing can be checked), languages (whose language a
reply is in), places (where the Teams app lives), managers. `Store` (store.py) is those
classes composed, over `StoreBase` (base.py: the engine, write transactions, tenant ids, send
claims). Why one composed object rather than
`store.rounds.…` sub-objects: the service holds one store and its calls read as they did
(`store.nudges(tenant)`), while each aggregate still reads, and is sized, on its own. What
comes back is a core value or a frozen value of values.py, never a row or a dict to re-parse.
"""

from bot.store.errors import DuplicateRound, StoreError, UnknownTenant
from bot.store.ingest import ImportResult
from bot.store.store import Store

__all__ = ["Store", "StoreError", "UnknownTenant", "DuplicateRound", "ImportResult"]
