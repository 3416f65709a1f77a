"""first contact: bounded source ids, Slack installations keyed by enterprise and team, where
the Teams app lives, and people of other organisations

- interactions.source_id becomes the digest of its natural key (bot/store/keys.py): 32 hex
  characters whatever the platform sent, and no user-chosen text (emoji names) left in it;
- slack_installations is keyed like slack_sdk's stores (enterprise id + team id, the team
  empty for an org-wide install) and names the tenant it serves;
- teams_places: the teams and group chats the Teams app is installed in;
- people.external, tenants.include_guests: Slack Connect users, Teams guests and federated
  users are stored only when the tenant opts in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

LENGTH = 32  # as bot/store/keys.py: a migration keeps its own copy of the rule it applied


def _digest(natural: str) -> str:
    return hashlib.sha256(natural.encode("utf-8", "surrogatepass")).hexdigest()[:LENGTH]


def upgrade() -> None:
    bind = op.get_bind()
    _digest_source_ids(bind)
    with op.batch_alter_table("interactions") as batch:
        batch.alter_column("source_id", type_=sa.String(length=LENGTH),
                           existing_type=sa.String(length=80), existing_nullable=False)
    # Plain ALTERs, never a batch: on SQLite a batch rebuilds the table, and dropping the old
    # tenants or people table cascades to every row that refers to it.
    op.add_column("tenants", sa.Column("include_guests", sa.Boolean(), nullable=False,
                                       server_default=sa.false()))
    op.add_column("people", sa.Column("external", sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    _rekey_slack_installations(bind)
    op.create_table(
        "teams_places",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE",
                                name=op.f("fk_teams_places_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("tenant_id", "place", name=op.f("pk_teams_places")),
    )


def _digest_source_ids(bind) -> None:
    """Every stored source id becomes its digest, in SQL on PostgreSQL (pgcrypto is not needed:
    sha256() is built in since 11) and through a Python function on SQLite."""
    if bind.dialect.name == "postgresql":
        bind.execute(sa.text(
            "update interactions set source_id = "
            f"substr(encode(sha256(convert_to(source_id, 'UTF8')), 'hex'), 1, {LENGTH})"))
        return
    raw = bind.connection.driver_connection
    raw.create_function("weaktie_digest", 1, _digest, deterministic=True)
    bind.execute(sa.text("update interactions set source_id = weaktie_digest(source_id)"))


def _rekey_slack_installations(bind) -> None:
    old = sa.Table("slack_installations", sa.MetaData(), autoload_with=bind)  # typed rows
    rows = [dict(r._mapping) for r in bind.execute(sa.select(old))]
    op.drop_table("slack_installations")
    table = op.create_table(
        "slack_installations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("install_key", sa.String(length=100), nullable=False),
        sa.Column("tenant", sa.String(length=200), nullable=False),
        sa.Column("enterprise_id", sa.String(length=40), nullable=True),
        sa.Column("team_id", sa.String(length=40), nullable=True),
        sa.Column("is_enterprise_install", sa.Boolean(), nullable=False,
                  server_default=sa.false()),
        sa.Column("app_id", sa.String(length=40), nullable=True),
        sa.Column("bot_id", sa.String(length=40), nullable=True),
        sa.Column("bot_user_id", sa.String(length=40), nullable=True),
        sa.Column("bot_scopes", sa.String(length=1000), nullable=True),
        sa.Column("installer_user_id", sa.String(length=40), nullable=True),
        sa.Column("bot_token_encrypted", sa.String(length=2000), nullable=False),
        sa.Column("installed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slack_installations")),
        sa.UniqueConstraint("install_key", name=op.f("uq_slack_installations_install_key")),
    )
    op.create_index("ix_slack_installations_tenant", "slack_installations", ["tenant"])
    # Installs made before were per workspace: their tenant is the team id, as before.
    op.bulk_insert(table, [{**row, "install_key": f"{row['enterprise_id'] or '-'}/{row['team_id']}",
                            "tenant": row["team_id"], "is_enterprise_install": False}
                           for row in rows])


def downgrade() -> None:
    op.drop_table("teams_places")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("external")
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("include_guests")
    # Digests cannot be turned back into natural keys; the column keeps them, wider again.
    with op.batch_alter_table("interactions") as batch:
        batch.alter_column("source_id", type_=sa.String(length=80),
                           existing_type=sa.String(length=LENGTH), existing_nullable=False)
