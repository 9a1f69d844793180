"""Experiments: the prompt / model variant a treatment ticket was assigned, with the experiment's
name (a renamed experiment is a new one; tickets of the old one are not counted in the new).

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pilot_tickets") as batch:
        batch.add_column(sa.Column("experiment", sa.String(64)))
        batch.add_column(sa.Column("variant", sa.String(32)))


def downgrade() -> None:
    with op.batch_alter_table("pilot_tickets") as batch:
        batch.drop_column("variant")
        batch.drop_column("experiment")
