"""calendars: one sealed connection per person, short-lived connect states (PKCE), and which
planned nudges had their members' calendars read, and the invitations of confirmed meetups

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _key(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "calendar_connections",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("account", sa.String(length=320), nullable=False),
        sa.Column("tokens", sa.String(length=8000), nullable=False),
        sa.Column("connected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True),
        _key("calendar_connections", "person_id", "people"),
        _key("calendar_connections", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_calendar_connections")),
    )
    op.create_table(
        "calendar_states",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("verifier", sa.String(length=400), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        _key("calendar_states", "tenant_id", "tenants"),
        _key("calendar_states", "person_id", "people"),
        sa.PrimaryKeyConstraint("digest", name=op.f("pk_calendar_states")),
    )


    op.create_table(
        "nudge_calendar_checks",
        sa.Column("nudge_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked", sa.JSON(), nullable=False),
        _key("nudge_calendar_checks", "nudge_id", "nudges"),
        sa.PrimaryKeyConstraint("nudge_id", name=op.f("pk_nudge_calendar_checks")),
    )
    op.create_table(
        "calendar_events",
        sa.Column("nudge_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("organiser_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("event_id", sa.String(length=1024), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        _key("calendar_events", "nudge_id", "nudges"),
        _key("calendar_events", "tenant_id", "tenants"),
        _key("calendar_events", "organiser_id", "people"),
        sa.PrimaryKeyConstraint("nudge_id", name=op.f("pk_calendar_events")),
    )


def downgrade() -> None:
    op.drop_table("calendar_events")
    op.drop_table("nudge_calendar_checks")
    op.drop_table("calendar_states")
    op.drop_table("calendar_connections")
