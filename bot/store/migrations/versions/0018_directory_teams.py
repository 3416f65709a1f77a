"""teams from the directory: when the Microsoft 365 organisation's departments were last read
as people's teams (`calendar_organisations.teams_read_at`), so the clock reads them once a day

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calendar_organisations") as table:
        table.add_column(sa.Column("teams_read_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("calendar_organisations") as table:
        table.drop_column("teams_read_at")
