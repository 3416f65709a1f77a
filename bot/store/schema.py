"""The tables. Metadata only: no column anywhere holds message text.

Interaction times are epoch milliseconds (BigInteger): the table holds millions of rows and
integers load several times faster than timestamps on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    false,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})

tenants = Table(
    "tenants", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("platform", String(20), nullable=False, default="import"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Set when the app is uninstalled; the tenant's data is purged PURGE_AFTER later (0003).
    # A reinstall clears it (0011).
    Column("uninstalled_at", DateTime(timezone=True)),
    # 0011: whether people of other organisations (Slack Connect, Teams guests and federated
    # users) are stored at all; off unless the tenant opts in. Programs pair them only when
    # they say so too.
    Column("include_guests", Boolean, nullable=False, default=False, server_default=false()),
    # 0020: the language a manager set for everyone whose choice and platform say nothing
    Column("language", String(8)),
)

people = Table(
    "people", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("display_name", String(200), nullable=False, default=""),
    Column("team", String(200)),
    Column("office", String(200)),
    Column("timezone", String(64), nullable=False, default="UTC"),
    Column("work_start", Integer, nullable=False, default=540),
    Column("work_end", Integer, nullable=False, default=1020),
    Column("workdays", String(20), nullable=False, default="0,1,2,3,4"),
    Column("enrolled", Boolean, nullable=False, default=True),
    Column("paused_until", DateTime(timezone=True)),
    # Teams: the sign-in name (UPN) for deep links to a group chat and a meeting (0006).
    Column("sign_in", String(320)),
    # 0007: out of office until (from their platform status); paused by the clock after three
    # unanswered rounds (until they say `resume`); when they said `join` (opt-in programs).
    Column("away_until", DateTime(timezone=True)),
    Column("idle_paused_at", DateTime(timezone=True)),
    Column("joined_at", DateTime(timezone=True)),
    # 0011: someone of another organisation (stored only when the tenant includes guests).
    Column("external", Boolean, nullable=False, default=False, server_default=false()),
    # 0020: the language they chose (`language fr`), and the locale their platform last said
    # they read ("fr-FR"); bot/service/language.py: choose
    Column("language", String(8)),
    Column("locale", String(35)),
    UniqueConstraint("tenant_id", "external_id"),
)

do_not_pair = Table(
    "do_not_pair", metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("other_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)

channels = Table(
    "channels", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("external_id", String(200), nullable=False),
    Column("name", String(200), nullable=False, default=""),
    UniqueConstraint("tenant_id", "external_id"),
)

interactions = Table(
    "interactions", metadata,
    Column("id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("actor_id", ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("target_id", ForeignKey("people.id", ondelete="CASCADE")),
    Column("kind", String(16), nullable=False),
    Column("channel_id", ForeignKey("channels.id", ondelete="CASCADE")),
    Column("ts", BigInteger, nullable=False),
    # Unique per tenant so that a replayed event or a re-imported file is stored once. A digest
    # of the event's natural key (bot/store/keys.py, 0011): bounded whatever a platform sends,
    # and nothing anyone typed (an emoji's name, say) can be read back out of it.
    Column("source_id", String(32), nullable=False),
    UniqueConstraint("tenant_id", "source_id"),
    Index("ix_interactions_tenant_ts", "tenant_id", "ts"),
    Index("ix_interactions_actor", "actor_id"),
    Index("ix_interactions_target", "target_id"),
)

programs = Table(
    "programs", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("settings", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # 0007: `active` or `paused` (a paused program plans no rounds; its settings are kept).
    Column("state", String(20), nullable=False, default="active", server_default="active"),
    UniqueConstraint("tenant_id", "name"),
)

rounds = Table(
    "rounds", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("program_id", ForeignKey("programs.id", ondelete="CASCADE"), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("state", String(20), nullable=False, default="planned"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("program_id", "due_at"),
)

round_unmatched = Table(
    "round_unmatched", metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)

# One nudge per group: the plan is data. Slots are UTC ISO strings; reasons are the plain-word
# explanations shown to the members (names of people, channels; never message content).
nudges = Table(
    "nudges", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), nullable=False),
    Column("score", Float, nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("slots", JSON, nullable=False),
    Column("place", String(300)),
    Column("state", String(20), nullable=False, default="planned"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # Where the nudge was posted (platform-specific, opaque here) and when; see migration 0002.
    Column("delivery_ref", String(200)),
    Column("sent_at", DateTime(timezone=True)),
    # Who claimed it for sending, and when (0010): another process resumes it only after a lease.
    Column("claimed_by", String(40)),
    Column("claimed_at", DateTime(timezone=True)),
)

nudge_members = Table(
    "nudge_members", metadata,
    Column("nudge_id", ForeignKey("nudges.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("position", Integer, nullable=False, default=0),
    Column("state", String(20), nullable=False, default="planned"),
    Column("sent_at", DateTime(timezone=True)),
)

feedback = Table(
    "feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("nudge_id", ForeignKey("nudges.id", ondelete="CASCADE"), nullable=False),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("slot", Integer),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_feedback_nudge", "nudge_id"),
)


# Slack installations through OAuth (multi-workspace mode), keyed the way slack_sdk keys them:
# enterprise id + team id, the team id empty for an org-wide (Enterprise Grid) install (0011).
# `tenant` is the tenant its events are filed under: the workspace's team id, or the
# organisation's enterprise id for an org-wide install. The bot token is stored encrypted by
# the caller (WEAKTIE_SECRET_KEY); this table never sees it in the clear.
slack_installations = Table(
    "slack_installations", metadata,
    Column("id", Integer, primary_key=True),
    Column("install_key", String(100), nullable=False, unique=True),  # "E…/T…", "-" when absent
    Column("tenant", String(200), nullable=False),
    Column("enterprise_id", String(40)),
    Column("team_id", String(40)),
    Column("is_enterprise_install", Boolean, nullable=False, default=False, server_default=false()),
    Column("app_id", String(40)),
    Column("bot_id", String(40)),
    Column("bot_user_id", String(40)),
    Column("bot_scopes", String(1000)),
    Column("installer_user_id", String(40)),
    Column("bot_token_encrypted", String(2000), nullable=False),
    Column("installed_at", DateTime(timezone=True), nullable=False),
    Index("ix_slack_installations_tenant", "tenant"),
)

# OAuth `state` values issued by /slack/install and consumed once by /slack/oauth_redirect.
oauth_states = Table(
    "oauth_states", metadata,
    Column("state", String(100), primary_key=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)


# Where a person can be reached proactively (Teams: a ConversationReference as JSON, kept fresh
# on every turn because its serviceUrl is regional). Opaque to everything but the adapter.
conversation_refs = Table(
    "conversation_refs", metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("reference", JSON, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)


# Community managers granted by another manager (0007). WEAKTIE_MANAGERS and workspace admins
# are managers without a row here; see bot/service/admin.py.
managers = Table(
    "managers", metadata,
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("granted_by", String(200), nullable=False),
    Column("granted_at", DateTime(timezone=True), nullable=False),
)

# Messages the clock sends besides nudges and "Did you meet?" (reminders, "you're paused"),
# each exactly once: unique per tenant and key, claimed planned -> sending -> sent like a nudge.
outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("key", String(200), nullable=False),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE")),
    Column("nudge_id", ForeignKey("nudges.id", ondelete="CASCADE")),
    Column("payload", JSON, nullable=False),
    Column("state", String(20), nullable=False, default="planned"),
    Column("delivery_ref", String(200)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    Column("claimed_by", String(40)),  # as nudges' (0010)
    Column("claimed_at", DateTime(timezone=True)),
    UniqueConstraint("tenant_id", "key"),
    Index("ix_outbox_state", "state"),
)

# Who was re-matched in a round after a decline (0008): at most once per person and round, so a
# second clock, or the same clock again, cannot pair a freed person twice.
rematches = Table(
    "rematches", metadata,
    Column("round_id", ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True),
    Column("person_id", ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    Column("nudge_id", ForeignKey("nudges.id", ondelete="CASCADE"), nullable=False),
)


# Events this deployment has answered (0009), shared by every web process: Slack retries an event
# that was slow to be acknowledged, perhaps to another process, and a DM must be answered once.
# Kept a day (Slack retries within minutes), holding an event id and nothing of its content.
answered_events = Table(
    "answered_events", metadata,
    Column("key", String(200), primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Index("ix_answered_events_at", "at"),
)


# Where the Teams app is installed in a tenant besides personal chats (0011): each team and group
# chat, so that removing it from one team of several is not an uninstall. Personal installs are
# the people with a conversation reference. The tenant is uninstalled when none is left.
teams_places = Table(
    "teams_places", metadata,
    Column("tenant_id", ForeignKey("tenants.id", ondelete="CASCADE"), primary_key=True),
    Column("place", String(200), primary_key=True),  # a team's id, or a group chat's
    Column("kind", String(20), nullable=False),  # "team" or "groupChat"
    Column("installed_at", DateTime(timezone=True), nullable=False),
)


# The kept aggregates of 0012 (round records, health snapshots) are in bot/store/kept_schema.py.
