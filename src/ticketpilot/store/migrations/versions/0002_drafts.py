"""Drafts and replays: every drafting call, and the shadow replays that group some of them.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "replays",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("sample", sa.Integer, nullable=False),
        sa.Column("summary", sa.JSON),
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("ticket_id", sa.String(255)),
        sa.Column("replay_id", sa.Integer, sa.ForeignKey("replays.id", ondelete="CASCADE")),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("provider", sa.String(64), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("prompt_version", sa.String(64), nullable=False),
        sa.Column("input_tokens", sa.Integer, nullable=False),
        sa.Column("output_tokens", sa.Integer, nullable=False),
        sa.Column("cost", sa.Float),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("retrieval_ms", sa.Float, nullable=False),
        sa.Column("generation_ms", sa.Float, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("top_score", sa.Float),
        sa.Column("citations", sa.JSON, nullable=False),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("draft_redacted", sa.Text),
    )
    op.create_index("ix_drafts_ticket_id", "drafts", ["ticket_id"])
    op.create_index("ix_drafts_replay_id", "drafts", ["replay_id"])


def downgrade() -> None:
    op.drop_index("ix_drafts_replay_id", "drafts")
    op.drop_index("ix_drafts_ticket_id", "drafts")
    op.drop_table("drafts")
    op.drop_table("replays")
