"""Is this process able to serve: the database answers, the retrieval index opens (readiness)."""

from ticketpilot.health.service import Probe, Readiness, readiness

__all__ = ["Probe", "Readiness", "readiness"]
