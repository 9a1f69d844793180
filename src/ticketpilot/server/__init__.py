"""The HTTP server process: ``ticketpilot serve`` runs uvicorn with N workers (service.py)."""
