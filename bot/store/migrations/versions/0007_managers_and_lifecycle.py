"""community managers and the nudge lifecycle: program state, granted managers, the outbox of
reminders and notices, and people's out-of-office, idle pause and opt-in

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("state", sa.String(length=20), nullable=False,
                                   server_default="active"))
    with op.batch_alter_table("people") as batch:
        batch.add_column(sa.Column("away_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("idle_paused_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("joined_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "managers",
        sa.Column("person_id", sa.Integer(),
                  sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_managers_person_id_people"),
                  nullable=False),
        sa.Column("granted_by", sa.String(length=200), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name="pk_managers"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.Integer(),
                  sa.ForeignKey("tenants.id", ondelete="CASCADE", name="fk_outbox_tenant_id_tenants"),
                  nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.Integer(),
                  sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_outbox_person_id_people")),
        sa.Column("nudge_id", sa.Integer(),
                  sa.ForeignKey("nudges.id", ondelete="CASCADE", name="fk_outbox_nudge_id_nudges")),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("delivery_ref", sa.String(length=200)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
        sa.UniqueConstraint("tenant_id", "key", name="uq_outbox_tenant_id"),
    )
    op.create_index("ix_outbox_state", "outbox", ["state"])


def downgrade() -> None:
    op.drop_index("ix_outbox_state", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("managers")
    with op.batch_alter_table("people") as batch:
        batch.drop_column("joined_at")
        batch.drop_column("idle_paused_at")
        batch.drop_column("away_until")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("state")
