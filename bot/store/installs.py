"""Slack OAuth installations and one-time states. Tokens arrive here already encrypted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from bot.store.ingest import insert_ignoring_duplicates
from bot.store.reading import aware
from bot.store.schema import oauth_states, slack_installations

FIELDS = ("enterprise_id", "app_id", "bot_id", "bot_user_id", "bot_scopes", "installer_user_id",
          "bot_token_encrypted")


def save(conn: Connection, team_id: str, values: dict, now: datetime) -> None:
    """Replace the workspace's installation (a reinstall brings a new token)."""
    key = f"{values.get('enterprise_id') or '-'}/{team_id}"
    conn.execute(delete(slack_installations).where(slack_installations.c.install_key == key))
    conn.execute(insert(slack_installations).values(
        install_key=key, tenant=team_id, team_id=team_id, installed_at=now,
        **{k: values.get(k) for k in FIELDS}))


def find(conn: Connection, team_id: str) -> dict | None:
    row = conn.execute(select(slack_installations)
                       .where(slack_installations.c.team_id == team_id)).first()
    if row is None:
        return None
    return {**row._asdict(), "installed_at": aware(row.installed_at)}


def remove(conn: Connection, team_id: str) -> None:
    conn.execute(delete(slack_installations).where(slack_installations.c.team_id == team_id))


def issue_state(conn: Connection, state: str, expires_at: datetime) -> None:
    conn.execute(insert_ignoring_duplicates(conn, oauth_states, ["state"])
                 .values(state=state, expires_at=expires_at))


def consume_state(conn: Connection, state: str, now: datetime) -> bool:
    """True once for a live state; the row goes either way (states are single use)."""
    row = conn.execute(select(oauth_states.c.expires_at).where(oauth_states.c.state == state)).first()
    conn.execute(delete(oauth_states).where(oauth_states.c.state == state))
    return row is not None and aware(row.expires_at) > now
