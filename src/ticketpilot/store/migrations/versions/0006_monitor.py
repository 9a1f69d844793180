"""Drift alerts: every change a drift detector raised, kept once per fingerprint.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drift_alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("fingerprint", sa.String(255), nullable=False, unique=True),
        sa.Column("detector", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(255), nullable=False),
        sa.Column("started_on", sa.DateTime),
        sa.Column("detected_on", sa.DateTime, nullable=False),
        sa.Column("raised_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
        sa.Column("statistic", sa.Float, nullable=False),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("details", sa.JSON, nullable=False),
        sa.Column("acknowledged_at", sa.DateTime),
    )
    op.create_index("ix_drift_alerts_detected_on", "drift_alerts", ["detected_on"])


def downgrade() -> None:
    op.drop_index("ix_drift_alerts_detected_on", "drift_alerts")
    op.drop_table("drift_alerts")
