"""languages: the language a person chose (`language fr`), the locale their platform last said
they read (`people.locale`, e.g. "fr-FR"), and the default a manager set for the organisation
(`tenants.language`); all nullable: nothing known means the next in line decides

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("people") as table:
        table.add_column(sa.Column("language", sa.String(8), nullable=True))
        table.add_column(sa.Column("locale", sa.String(35), nullable=True))
    with op.batch_alter_table("tenants") as table:
        table.add_column(sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tenants") as table:
        table.drop_column("language")
    with op.batch_alter_table("people") as table:
        table.drop_column("locale")
        table.drop_column("language")
