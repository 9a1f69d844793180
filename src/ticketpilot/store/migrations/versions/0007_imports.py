"""Import sources and owners: the source each ticket came from, and who runs each import.

``tickets.source`` names the system a ticket's id belongs to (``--source``, else the format):
the same id from another source is a collision, not an update. Tickets imported before this
revision get the format of the import that wrote them. ``imports`` records the source, and the
process id, host and last heartbeat of the import, so a later run can tell one that was killed
(its process gone) from one still running.

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("source", sa.String(64)))
    op.add_column("imports", sa.Column("source", sa.String(64)))
    op.add_column("imports", sa.Column("pid", sa.Integer))
    op.add_column("imports", sa.Column("host", sa.String(255)))
    op.add_column("imports", sa.Column("heartbeat_at", sa.DateTime))
    op.execute("UPDATE imports SET source = format")
    op.execute(
        "UPDATE tickets SET source = (SELECT imports.format FROM imports "
        "WHERE imports.id = tickets.import_id) WHERE import_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("imports") as imports:
        for column in ("heartbeat_at", "host", "pid", "source"):
            imports.drop_column(column)
    with op.batch_alter_table("tickets") as tickets:
        tickets.drop_column("source")
