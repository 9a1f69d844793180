"""Built-in importers, registered through the same registry a plugin would use."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ticketpilot.tickets.registry import ImporterRegistry


def register_builtins(registry: ImporterRegistry) -> None:
    """Register every importer that ships with ticketpilot."""
    from ticketpilot.tickets.importers.generic_csv import CsvImporter
    from ticketpilot.tickets.importers.generic_jsonl import JsonlImporter

    for importer in (CsvImporter(), JsonlImporter()):
        registry.register(importer)
