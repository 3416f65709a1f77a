"""dashboard access: single-use sign-in links and the sessions they open (digests only)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def _columns(table: str) -> list:
    return [
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("platform_admin", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{table}_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("digest", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table("dashboard_links", *_columns("dashboard_links"),
                    sa.Column("used_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table("dashboard_sessions", *_columns("dashboard_sessions"))
    op.create_index("ix_dashboard_sessions_person", "dashboard_sessions", ["tenant_id", "person"])


def downgrade() -> None:
    op.drop_index("ix_dashboard_sessions_person", table_name="dashboard_sessions")
    op.drop_table("dashboard_sessions")
    op.drop_table("dashboard_links")
