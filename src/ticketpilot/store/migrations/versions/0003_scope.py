"""Scope fields on tickets: the brand, queue and product that may partition history.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = ("brand", "queue", "product")


def upgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for name in _COLUMNS:
            batch.add_column(sa.Column(name, sa.String(255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
