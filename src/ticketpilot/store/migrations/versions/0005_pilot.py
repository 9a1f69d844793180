"""The controlled pilot: pilot tickets with their arm, pilot events idempotent by key, and the
replay's per-ticket results the pilot simulator reads.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pilot_tickets",
        sa.Column("pilot", sa.String(16), primary_key=True),
        sa.Column("ticket_id", sa.String(255), primary_key=True),
        sa.Column("arm", sa.String(16), nullable=False),
        sa.Column("assigned_at", sa.DateTime, nullable=False),
        sa.Column("category", sa.String(255)),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("salt_hash", sa.String(16), nullable=False),
        sa.Column("treatment_share", sa.Float, nullable=False),
        sa.Column("control_share", sa.Float, nullable=False),
        sa.Column("first_view_at", sa.DateTime),
        sa.Column("viewer", sa.String(255)),
        sa.Column("draft_id", sa.Integer, sa.ForeignKey("drafts.id", ondelete="SET NULL")),
        sa.Column("replied_at", sa.DateTime),
    )
    op.create_index("ix_pilot_tickets_queue", "pilot_tickets", ["pilot", "replied_at", "arm"])
    op.create_table(
        "pilot_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("pilot", sa.String(16), nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("ticket_id", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(255)),
        sa.Column("prompt_version", sa.String(64)),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.UniqueConstraint("pilot", "idempotency_key", name="uq_pilot_events_key"),
    )
    op.create_index("ix_pilot_events_ticket", "pilot_events", ["pilot", "ticket_id"])
    op.create_table(
        "replay_results",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "replay_id",
            sa.Integer,
            sa.ForeignKey("replays.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ticket_id", sa.String(255), nullable=False),
        sa.Column("category", sa.String(255)),
        sa.Column("delivered", sa.Boolean, nullable=False),
        sa.Column("similarity", sa.Float),
        sa.Column("grounding_failed", sa.Boolean, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("draft_chars", sa.Integer, nullable=False),
        sa.Column("reply_chars", sa.Integer, nullable=False),
        sa.Column("edit_distance", sa.Integer),
    )
    op.create_index("ix_replay_results_replay", "replay_results", ["replay_id"])


def downgrade() -> None:
    op.drop_index("ix_replay_results_replay", "replay_results")
    op.drop_table("replay_results")
    op.drop_index("ix_pilot_events_ticket", "pilot_events")
    op.drop_table("pilot_events")
    op.drop_index("ix_pilot_tickets_queue", "pilot_tickets")
    op.drop_table("pilot_tickets")
