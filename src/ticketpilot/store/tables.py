"""The database schema as SQLAlchemy Core tables; Alembic migrations create the same."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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
    Text,
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
