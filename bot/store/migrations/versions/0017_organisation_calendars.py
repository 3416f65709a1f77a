"""organisation-wide calendar consent (Microsoft 365): one grant per tenant naming the Entra
tenant that consented (no secret), and people's opt-outs from it

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _key(table: str, column: str, target: str, ondelete: str = "CASCADE"
         ) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "calendar_organisations",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=20), nullable=False),
        sa.Column("directory", sa.String(length=64), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True),
        _key("calendar_organisations", "tenant_id", "tenants"),
        _key("calendar_organisations", "granted_by", "people", "SET NULL"),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_calendar_organisations")),
    )
    op.create_table(
        "calendar_opt_outs",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _key("calendar_opt_outs", "person_id", "people"),
        _key("calendar_opt_outs", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_calendar_opt_outs")),
    )


def downgrade() -> None:
    op.drop_table("calendar_opt_outs")
    op.drop_table("calendar_organisations")
