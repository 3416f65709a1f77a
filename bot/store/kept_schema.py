"""The tables of kept aggregates, on the same metadata as bot/store/schema.py (which is full)."""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table

from bot.store.schema import metadata

# Kept aggregates (0012, bot/store/records.py): counts and labels only, never a person, erased
# with their tenant. A round's record is rewritten weekly until `final`, and is not tied to the
# rounds table, so it outlives a deleted program. A health snapshot is one row per (tenant,
# scope: "" or a program's name, week): two clocks taking the same week write it once.
round_records = Table(
    "round_records", metadata,
    Column("round_id", Integer, primary_key=True, autoincrement=False),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("program", String(200), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("final", Boolean, nullable=False, default=False),
    Column("figures", JSON, nullable=False),
    Index("ix_round_records_tenant_program", "tenant_id", "program", "due_at"),
)
health_snapshots = Table(
    "health_snapshots", metadata,
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("scope", String(200), primary_key=True),
    Column("week", DateTime(timezone=True), primary_key=True),  # the snapshot's `now`
    Column("figures", JSON, nullable=False),
)
