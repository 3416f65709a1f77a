"""a connect link names who it is for: `calendar_states.expect` holds the sign-in address and
Entra object id the platform gave for the person who asked, so a consent by anyone else (a
forwarded link) connects nothing

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_states") as table:
        table.add_column(sa.Column("expect", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_states") as table:
        table.drop_column("expect")
