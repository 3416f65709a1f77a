"""Slack OAuth installations and one-time states. Tokens arrive here already encrypted.

Installations are keyed the way slack_sdk's own stores key them
(slack_sdk/oauth/installation_store/sqlalchemy): enterprise id + team id, the team id absent
for an org-wide Enterprise Grid install, so the key is "E…/T…", "-/T…" (no Grid) or "E…/-"
(org-wide). An org-wide install is found for any workspace of its enterprise: the lookup drops
the team id when the request says is_enterprise_install, as slack_sdk's find_bot does (one
saved with its team id would never be found again: python-slack-sdk #1639).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, desc, select
from sqlalchemy.engine import Connection

from bot.store.base import StoreBase
from bot.store.ids import is_usable, usable_id
from bot.store.schema import oauth_states, slack_installations
from bot.store.sql import aware, insert_ignoring_duplicates, upsert
from bot.store.values import SlackInstall

FIELDS = ("app_id", "bot_id", "bot_user_id", "bot_scopes", "installer_user_id",
          "bot_token_encrypted")
MAX_STATE = 100  # the oauth_states.state column; ours are 32 characters


def install_key(enterprise_id: str | None, team_id: str | None,
                is_enterprise_install: bool | None = False) -> str:
    """The key of an installation: "{enterprise or -}/{team or -}", the team left out of an
    org-wide install's (slack_sdk: `if is_enterprise_install or team_id is None`)."""
    team = None if is_enterprise_install else team_id
    return f"{enterprise_id or '-'}/{team or '-'}"


def save(conn: Connection, tenant: str, values: dict, now: datetime) -> None:
    """Insert or replace an installation (a reinstall brings a new token) in one statement,
    so two OAuth completions for the same workspace at once cannot both insert."""
    org = values.get("is_enterprise_install") is True
    enterprise, team = values.get("enterprise_id"), None if org else values.get("team_id")
    for name, value in (("enterprise_id", enterprise), ("team_id", team)):
        if value is not None:
            usable_id(value, name)
    if enterprise is None and team is None:
        usable_id(None, "team_id")  # an installation names a workspace or an organisation
    usable_id(tenant, "tenant")
    upsert(conn, slack_installations, ["install_key"], {
        "install_key": install_key(enterprise, team, org), "tenant": tenant,
        "enterprise_id": enterprise, "team_id": team, "is_enterprise_install": org,
        "installed_at": now, **{k: values.get(k) for k in FIELDS}})


def find(conn: Connection, enterprise_id: str | None, team_id: str | None,
         is_enterprise_install: bool | None = False) -> SlackInstall | None:
    """The installation a request reached, as slack_sdk's find_bot finds it; None for ids no
    installation could have (a NUL byte, a list, 300 characters) rather than a query error."""
    if any(value is not None and not is_usable(value) for value in (enterprise_id, team_id)):
        return None
    key = install_key(enterprise_id, team_id, is_enterprise_install)
    row = conn.execute(select(slack_installations)
                       .where(slack_installations.c.install_key == key)).first()
    return _found(row)


def find_for_tenant(conn: Connection, tenant: str) -> SlackInstall | None:
    """The installation a tenant's nudges go out with (the latest, should a workspace have
    been installed both on its own and, later, inside its organisation)."""
    if not is_usable(tenant):
        return None
    row = conn.execute(select(slack_installations)
                       .where(slack_installations.c.tenant == tenant)
                       .order_by(desc(slack_installations.c.installed_at))).first()
    return _found(row)


def remove(conn: Connection, enterprise_id: str | None, team_id: str | None) -> None:
    """Delete one installation by its key (slack_sdk's delete_bot)."""
    if any(value is not None and not is_usable(value) for value in (enterprise_id, team_id)):
        return
    conn.execute(delete(slack_installations).where(
        slack_installations.c.install_key == install_key(enterprise_id, team_id)))


def remove_tenant(conn: Connection, tenant: str) -> None:
    """Delete every installation of a tenant: the app left it, its tokens go at once."""
    if is_usable(tenant):
        conn.execute(delete(slack_installations).where(slack_installations.c.tenant == tenant))


def _found(row) -> SlackInstall | None:
    if row is None:
        return None
    return SlackInstall(
        install_key=row.install_key, tenant=row.tenant, enterprise_id=row.enterprise_id,
        team_id=row.team_id, is_enterprise_install=row.is_enterprise_install,
        installed_at=aware(row.installed_at), **{k: getattr(row, k) for k in FIELDS})


def issue_state(conn: Connection, state: str, expires_at: datetime) -> None:
    conn.execute(insert_ignoring_duplicates(conn, oauth_states, ["state"])
                 .values(state=usable_id(state, "state"), expires_at=expires_at))


def consume_state(conn: Connection, state: object, now: datetime) -> bool:
    """True once for a live state; the row goes either way (states are single use). A state
    no column could hold (the browser sends whatever it likes) is simply not one of ours."""
    if not is_usable(state) or len(state) > MAX_STATE:
        return False
    row = conn.execute(select(oauth_states.c.expires_at).where(oauth_states.c.state == state)).first()
    conn.execute(delete(oauth_states).where(oauth_states.c.state == state))
    return row is not None and aware(row.expires_at) > now


class SlackInstalls(StoreBase):
    """Slack OAuth (multi-workspace): tokens arrive and leave encrypted."""

    def save_slack_install(self, tenant: str, values: dict, now: datetime) -> None:
        """An OAuth install (or reinstall) of `tenant`: the installation replaces any former
        one with its key, and the tenant is installed again (no longer due for the purge),
        in one transaction."""
        with self._write() as conn:
            save(conn, tenant, values, now)
            self._reinstate(conn, tenant, "slack")

    def slack_install(self, enterprise_id: str | None, team_id: str | None,
                      is_enterprise_install: bool | None = False) -> SlackInstall | None:
        """The installation a request reached (slack_sdk's find_bot); None if none."""
        with self.engine.connect() as conn:
            return find(conn, enterprise_id, team_id, is_enterprise_install)

    def slack_install_of(self, tenant: str) -> SlackInstall | None:
        """The installation a tenant's messages go out with; None if none."""
        with self.engine.connect() as conn:
            return find_for_tenant(conn, tenant)

    def remove_slack_install(self, enterprise_id: str | None, team_id: str | None) -> None:
        with self._write() as conn:
            remove(conn, enterprise_id, team_id)

    def remove_slack_installs_of(self, tenant: str) -> None:
        """The app left `tenant`: every token it had there goes at once."""
        with self._write() as conn:
            remove_tenant(conn, tenant)

    def issue_oauth_state(self, state: str, expires_at: datetime) -> None:
        with self._write() as conn:
            issue_state(conn, state, expires_at)

    def consume_oauth_state(self, state: str, now: datetime) -> bool:
        with self._write() as conn:
            return consume_state(conn, state, now)
