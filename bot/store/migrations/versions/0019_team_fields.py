"""teams from a Slack custom profile field a manager names: the tenant's field (label and id,
a workspace setting) and when each person's value was last read, with the team it gave

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""
import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def _key(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete="CASCADE",
                                   name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade() -> None:
    op.create_table(
        "team_fields",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("field_id", sa.String(length=64), nullable=True),
        sa.Column("named_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wait_until", sa.DateTime(timezone=True), nullable=True),
        _key("team_fields", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("tenant_id", name=op.f("pk_team_fields")),
    )
    op.create_table(
        "team_field_reads",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=True),
        _key("team_field_reads", "person_id", "people"),
        _key("team_field_reads", "tenant_id", "tenants"),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_team_field_reads")),
    )
    op.create_index("ix_team_field_reads_tenant_read", "team_field_reads",
                    ["tenant_id", "read_at"])


def downgrade() -> None:
    op.drop_index("ix_team_field_reads_tenant_read", table_name="team_field_reads")
    op.drop_table("team_field_reads")
    op.drop_table("team_fields")
