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

# The web dashboard's sign-in (0013, bot/store/dashboard.py). Only a digest of each token is kept,
# so a copy of the database opens nothing. A link is single-use and short; a session lasts a
# working day. Both name the manager by platform id (their way out: `forget me`, or the clock's
# purge once expired) and carry what the platform said of them when the link was asked for.
dashboard_links = Table(
    "dashboard_links", metadata,
    Column("digest", String(64), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("person", String(200), nullable=False),
    Column("platform", String(20), nullable=False),
    Column("platform_admin", Boolean, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)
dashboard_sessions = Table(
    "dashboard_sessions", metadata,
    Column("digest", String(64), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("person", String(200), nullable=False),
    Column("platform", String(20), nullable=False),
    Column("platform_admin", Boolean, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_dashboard_sessions_person", "tenant_id", "person"),
)

# Calendars (0014, bot/store/calendars.py): one connection per person, its tokens sealed with
# WEAKTIE_SECRET_KEY (never stored in the clear), erased with the person. A connect attempt is a
# short-lived state (its digest) holding the PKCE verifier, sealed too, until the provider calls
# back. Nothing of anyone's calendar is kept: free/busy is read when needed and dropped.
calendar_connections = Table(
    "calendar_connections", metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("provider", String(20), nullable=False),
    Column("account", String(320), nullable=False),  # the calendar id the provider names
    Column("tokens", String(8000), nullable=False),  # sealed JSON: access, refresh, expiry
    Column("connected_at", DateTime(timezone=True), nullable=False),
    Column("refused_at", DateTime(timezone=True)),  # the provider refused the grant; told once
)
calendar_states = Table(
    "calendar_states", metadata,
    Column("digest", String(64), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("provider", String(20), nullable=False),
    Column("verifier", String(400), nullable=False),  # sealed PKCE code_verifier
    Column("expires_at", DateTime(timezone=True), nullable=False),
    # who the link was made for, as their platform knows them (0016: {"address": their Slack
    # or Teams sign-in address, "directory_id": their Entra object id}), so a link forwarded
    # to someone else connects nothing
    Column("expect", JSON),
)
# A planned nudge whose members' calendars were read before it went out (0014): once per nudge,
# with who was checked (the nudge says whose calendar it heeded). No busy time is kept.
nudge_calendar_checks = Table(
    "nudge_calendar_checks", metadata,
    Column("nudge_id", ForeignKey("nudges.id", ondelete="CASCADE"), primary_key=True),
    Column("checked_at", DateTime(timezone=True), nullable=False),
    Column("checked", JSON, nullable=False),  # member ids whose free/busy was read
)
# One real invitation per confirmed meetup (0014), in the organiser's calendar: planned when
# everyone accepts a time, created by the clock with the provider's idempotency key (a retry
# after a crash finds the same event), cancelled when a member declines afterwards, updated
# when a member of a larger group does, handed to another organiser when theirs leaves (0015:
# `attempt` counts the events made for the meetup, so a new one gets a key of its own).
calendar_events = Table(
    "calendar_events", metadata,
    Column("nudge_id", ForeignKey("nudges.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("organiser_id", ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("slot", Integer, nullable=False),
    # planned, created, update, move, cancel, cancelled, failed (bot/store/calendar_events.py)
    Column("state", String(20), nullable=False),
    Column("event_id", String(1024)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("attempt", Integer, nullable=False, server_default="0"),
)
# Organisation-wide consent for Microsoft 365 (0017, bot/store/calendar_organisation.py): an
# Entra administrator consented to weaktie's application permission for their whole tenant, so
# the bot reads free/busy with an app-only token (client credentials) for members who connected
# nothing of their own. Only the Entra tenant id is kept, no secret and no token (the app's own
# secret is a setting). A person's opt-out (`calendar disconnect`) is a row of its own, erased
# with them (`forget me`) and undone by `calendar connect`.
calendar_organisations = Table(
    "calendar_organisations", metadata,
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("provider", String(20), nullable=False),
    Column("directory", String(64), nullable=False),  # the Entra tenant id that consented
    Column("granted_by", ForeignKey("people.id", ondelete="SET NULL")),  # the manager
    Column("granted_at", DateTime(timezone=True), nullable=False),
    Column("refused_at", DateTime(timezone=True)),  # the token endpoint refused it since
    # when people's departments were last read from the directory as their teams (0018)
    Column("teams_read_at", DateTime(timezone=True)),
)
calendar_opt_outs = Table(
    "calendar_opt_outs", metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
# Teams from a Slack custom profile field a manager named (0019, bot/store/profile_fields.py):
# the label as the workspace shows it and the field's id, a workspace setting, not anyone's
# data; the id is None while no field of the workspace has that label any more. `checked_at`:
# when the workspace's fields were last read; `wait_until`: Slack said to wait (a 429, or a
# permission it refused). Each person's read is a row of its own, erased with them (`forget
# me`): when, and the team the field gave (so an empty field later clears only that team, never
# one from a people file or Microsoft 365).
team_fields = Table(
    "team_fields", metadata,
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("label", String(200), nullable=False),
    Column("field_id", String(64)),
    Column("named_at", DateTime(timezone=True), nullable=False),
    Column("checked_at", DateTime(timezone=True)),
    Column("wait_until", DateTime(timezone=True)),
)
team_field_reads = Table(
    "team_field_reads", metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("read_at", DateTime(timezone=True), nullable=False),
    Column("team", String(200)),  # what the field gave; None: it was empty
    Index("ix_team_field_reads_tenant_read", "tenant_id", "read_at"),
)
