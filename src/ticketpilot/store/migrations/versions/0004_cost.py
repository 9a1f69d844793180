"""The budget ledger: spend per period, reservations of calls in flight, alerts recorded once.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "budget_periods",
        sa.Column("period", sa.String(32), primary_key=True),
        sa.Column("settled", sa.BigInteger, nullable=False),
        sa.Column("reserved", sa.BigInteger, nullable=False),
        sa.Column("requests", sa.Integer, nullable=False),
        sa.Column("lane", sa.SmallInteger, nullable=False),
        sa.Column("lane_hard", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "budget_reservations",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("lane", sa.SmallInteger, nullable=False),
        sa.Column("amount", sa.BigInteger, nullable=False),
        sa.Column("actual", sa.BigInteger),
        sa.Column("state", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("settled_at", sa.DateTime),
    )
    op.create_index("ix_budget_reservations_period", "budget_reservations", ["period"])
    op.create_index("ix_budget_reservations_held", "budget_reservations", ["state", "expires_at"])
    op.create_table(
        "budget_alerts",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.Column("delivery", sa.Text),
        sa.UniqueConstraint("period", "kind", name="uq_budget_alerts_period_kind"),
    )


def downgrade() -> None:
    op.drop_table("budget_alerts")
    op.drop_index("ix_budget_reservations_held", "budget_reservations")
    op.drop_index("ix_budget_reservations_period", "budget_reservations")
    op.drop_table("budget_reservations")
    op.drop_table("budget_periods")
