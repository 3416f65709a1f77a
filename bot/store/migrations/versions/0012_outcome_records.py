"""outcome records: what each round came to and each week's network health, kept beyond the raw
interactions

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _tenant() -> sa.Column:
    return sa.Column("tenant_id", sa.Integer(), nullable=False)


def _tenant_key(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_tenant_id_tenants"))


def upgrade() -> None:
    op.create_table(
        "round_records",
        sa.Column("round_id", sa.Integer(), autoincrement=False, nullable=False),
        _tenant(),
        sa.Column("program", sa.String(length=200), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("final", sa.Boolean(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        _tenant_key("round_records"),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_round_records")),
    )
    op.create_index("ix_round_records_tenant_program", "round_records",
                    ["tenant_id", "program", "due_at"])
    op.create_table(
        "health_snapshots",
        _tenant(),
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("week", sa.DateTime(timezone=True), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        _tenant_key("health_snapshots"),
        sa.PrimaryKeyConstraint("tenant_id", "scope", "week", name=op.f("pk_health_snapshots")),
    )


def downgrade() -> None:
    op.drop_table("health_snapshots")
    op.drop_index("ix_round_records_tenant_program", table_name="round_records")
    op.drop_table("round_records")
