"""Tickets: the canonical model, importers that produce it, and the import pipeline."""

from ticketpilot.tickets.model import Message, Rejection, Role, Ticket

__all__ = ["Message", "Rejection", "Role", "Ticket"]
