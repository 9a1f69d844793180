"""The database schema as SQLAlchemy Core tables; Alembic migrations create the same."""

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
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("format", String(32), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("rows_read", Integer, nullable=False, default=0),
    Column("inserted", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False, default="running"),
    Column("source", String(64)),
    Column("pid", Integer),
    Column("host", String(255)),
    Column("heartbeat_at", DateTime),
)

tickets = Table(
    "tickets",
    metadata,
    Column("id", String(255), primary_key=True),
    Column("subject", Text, nullable=False, default=""),
    Column("body", Text, nullable=False, default=""),
    Column("channel", String(64)),
    Column("category", String(255), index=True),
    Column("tags", Text, nullable=False, default=""),
    Column("priority", String(32)),
    Column("language", String(16)),
    Column("customer_ref", String(255)),
    Column("created_at", DateTime, index=True),
    Column("first_response_at", DateTime),
    Column("resolved_at", DateTime),
    Column("status", String(32)),
    Column("csat", Float),
    Column("content_hash", String(32), nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id"), nullable=True),
    Column("brand", String(255)),  # migration 0003: what may partition history ([scope])
    Column("queue", String(255)),
    Column("product", String(255)),
    Column("source", String(64)),
)

messages = Table(
    "messages",
    metadata,
    Column(
        "ticket_id", String(255), ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("seq", Integer, primary_key=True),
    Column("role", String(16), nullable=False),
    Column("public", Boolean, nullable=False, default=True),
    Column("created_at", DateTime),
    Column("author_ref", String(255)),
    Column("body", Text, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="CASCADE"), nullable=False),
    Column("line", Integer, nullable=False),
    Column("ticket_id", String(255)),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Index("ix_quarantine_import", "import_id"),
)

baselines = Table(
    "baselines",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("computed_at", DateTime, nullable=False),
    Column("figures", JSON, nullable=False),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime, nullable=False),
    Column("ticket_id", String(255)),
    Column("replay_id", Integer, ForeignKey("replays.id", ondelete="CASCADE")),
    Column("outcome", String(16), nullable=False),
    Column("reasons", JSON, nullable=False),
    Column("flags", JSON, nullable=False),
    Column("provider", String(64), nullable=False),
    Column("model", String(128), nullable=False),
    Column("prompt_version", String(64), nullable=False),
    Column("input_tokens", Integer, nullable=False),
    Column("output_tokens", Integer, nullable=False),
    Column("cost", Float),
    Column("latency_ms", Float, nullable=False),
    Column("retrieval_ms", Float, nullable=False),
    Column("generation_ms", Float, nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("top_score", Float),
    Column("citations", JSON, nullable=False),
    Column("checks", JSON, nullable=False),
    Column("draft_redacted", Text),
    Index("ix_drafts_ticket_id", "ticket_id"),
    Index("ix_drafts_replay_id", "replay_id"),
)

replays = Table(
    "replays",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("sample", Integer, nullable=False),
    Column("summary", JSON),
)

# --- the budget ledger (cost.ledger, store.budget): amounts in nano-units of the currency ------

budget_periods = Table(
    "budget_periods",
    metadata,
    Column("period", String(32), primary_key=True),
    Column("settled", BigInteger, nullable=False, default=0),
    Column("reserved", BigInteger, nullable=False, default=0),
    Column("requests", Integer, nullable=False, default=0),
    Column("lane", SmallInteger, nullable=False, default=0),
    Column("lane_hard", BigInteger, nullable=False, default=0),
    Column("updated_at", DateTime, nullable=False),
)

budget_reservations = Table(
    "budget_reservations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(32), nullable=False),
    Column("model", String(128), nullable=False),
    Column("lane", SmallInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("actual", BigInteger),
    Column("state", String(8), nullable=False),  # held | expired | settled
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("settled_at", DateTime),
    Index("ix_budget_reservations_period", "period"),
    Index("ix_budget_reservations_held", "state", "expires_at"),
)

budget_alerts = Table(
    "budget_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("period", String(32), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("detail", JSON, nullable=False),
    Column("delivery", Text),
    UniqueConstraint("period", "kind", name="uq_budget_alerts_period_kind"),
)

# --- drift monitoring (monitor.service, store.drift_alerts) ------------------------------------

drift_alerts = Table(
    "drift_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("fingerprint", String(255), nullable=False, unique=True),
    Column("detector", String(64), nullable=False),
    Column("subject", String(255), nullable=False),
    Column("started_on", DateTime),
    Column("detected_on", DateTime, nullable=False),
    Column("raised_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Column("statistic", Float, nullable=False),
    Column("threshold", Float, nullable=False),
    Column("message", Text, nullable=False),
    Column("details", JSON, nullable=False),
    Column("acknowledged_at", DateTime),
    Index("ix_drift_alerts_detected_on", "detected_on"),
)

# --- the controlled pilot (pilot.service, store.pilot_tickets, store.pilot_events) ------------
# ``pilot`` separates the live pilot ("live") from a rehearsal on simulated tickets
# ("rehearsal"), so a rehearsal never mixes with real feedback.

pilot_tickets = Table(
    "pilot_tickets",
    metadata,
    Column("pilot", String(16), primary_key=True),
    Column("ticket_id", String(255), primary_key=True),  # a tickets.id for the live pilot
    Column("arm", String(16), nullable=False),  # treatment | control | outside
    Column("assigned_at", DateTime, nullable=False),
    Column("category", String(255)),
    Column("source", String(64), nullable=False),
    # the design that assigned it: SHA-256 of the salt (never the salt) and the two shares
    Column("salt_hash", String(16), nullable=False),
    Column("treatment_share", Float, nullable=False),
    Column("control_share", Float, nullable=False),
    Column("first_view_at", DateTime),  # handling time starts here
    Column("viewer", String(255)),
    Column("draft_id", Integer, ForeignKey("drafts.id", ondelete="SET NULL")),
    Column("replied_at", DateTime),  # the first reply outcome stored
    # a treatment ticket's prompt / model variant, and the experiment that assigned it (0009)
    Column("experiment", String(64)),
    Column("variant", String(32)),
    Index("ix_pilot_tickets_queue", "pilot", "replied_at", "arm"),
)

pilot_events = Table(
    "pilot_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("pilot", String(16), nullable=False),
    Column("idempotency_key", String(255), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("ticket_id", String(255), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("actor", String(255)),
    Column("prompt_version", String(64)),
    Column("payload", JSON, nullable=False),
    UniqueConstraint("pilot", "idempotency_key", name="uq_pilot_events_key"),
    Index("ix_pilot_events_ticket", "pilot", "ticket_id"),
)

# one row per held-out ticket of a replay: what the default drafter did (the pilot simulator's
# input; the replay summary keeps only the aggregates)
replay_results = Table(
    "replay_results",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("replay_id", Integer, ForeignKey("replays.id", ondelete="CASCADE"), nullable=False),
    Column("ticket_id", String(255), nullable=False),
    Column("category", String(255)),
    Column("delivered", Boolean, nullable=False),
    Column("similarity", Float),
    Column("grounding_failed", Boolean, nullable=False),
    Column("latency_ms", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("draft_chars", Integer, nullable=False),
    Column("reply_chars", Integer, nullable=False),
    Column("edit_distance", Integer),
    Index("ix_replay_results_replay", "replay_id"),
)

# --- access (migration 0008): API tokens stored hashed, and the service's signing secret -------

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(128), nullable=False),
    Column("role", String(16), nullable=False),
    Column("token_hash", String(64), nullable=False),  # SHA-256 hex of the token; never the token
    Column("prefix", String(16), nullable=False),  # its first characters, to recognise it by
    Column("created_at", DateTime, nullable=False),
    Column("last_used_at", DateTime),
    Column("revoked_at", DateTime),
    UniqueConstraint("token_hash", name="uq_api_tokens_hash"),
    Index("ix_api_tokens_name", "name"),
)

service_secrets = Table(
    "service_secrets",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(128), nullable=False),
    Column("created_at", DateTime, nullable=False),
)
