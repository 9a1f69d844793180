"""Storage: SQLAlchemy Core tables, Alembic migrations, and one repository per concept."""

from ticketpilot.store.engine import create_engine_for, database_url_for, migrate

__all__ = ["create_engine_for", "database_url_for", "migrate"]
