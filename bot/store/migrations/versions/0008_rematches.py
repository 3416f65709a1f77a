"""re-matches within a round: one row per person re-matched, so a decline is re-matched once

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rematches",
        sa.Column("round_id", sa.Integer(),
                  sa.ForeignKey("rounds.id", ondelete="CASCADE", name="fk_rematches_round_id_rounds"),
                  nullable=False),
        sa.Column("person_id", sa.Integer(),
                  sa.ForeignKey("people.id", ondelete="CASCADE", name="fk_rematches_person_id_people"),
                  nullable=False),
        sa.Column("nudge_id", sa.Integer(),
                  sa.ForeignKey("nudges.id", ondelete="CASCADE", name="fk_rematches_nudge_id_nudges"),
                  nullable=False),
        sa.PrimaryKeyConstraint("round_id", "person_id", name="pk_rematches"),
    )


def downgrade() -> None:
    op.drop_table("rematches")
