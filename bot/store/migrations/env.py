"""Alembic environment: runs on the connection the store hands over (no alembic.ini needed)."""

from alembic import context

import bot.store.kept_schema  # noqa: F401  (its tables join the metadata)
from bot.store.schema import metadata


def run() -> None:
    connection = context.config.attributes["connection"]
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
