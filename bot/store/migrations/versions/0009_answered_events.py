"""answered events: a retried Slack event is answered once, whichever web process it reaches

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "answered_events",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_answered_events"),
    )
    op.create_index("ix_answered_events_at", "answered_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_answered_events_at", table_name="answered_events")
    op.drop_table("answered_events")
