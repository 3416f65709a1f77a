"""invitations that change: `attempt` counts the events made for one meetup, so an event made
again (a new organiser, a meetup agreed again after a cancellation) has an idempotency key of
its own instead of colliding with the cancelled one (Google keeps deleted ids: a 409)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_events") as table:
        table.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("calendar_events") as table:
        table.drop_column("attempt")
