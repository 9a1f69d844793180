"""Built-in importers, registered through the same registry a plugin would use.

Generic formats claim their suffixes; ``json`` claims ``.json`` and hands each file to the
helpdesk importer its first record matches. The helpdesk importers and ``twcs`` claim no
suffix of their own: ``--format NAME`` picks them directly.
"""

from __future__ import annotations

from ticketpilot.tickets.importers.freshdesk import FreshdeskImporter
from ticketpilot.tickets.importers.generic_csv import CsvImporter
from ticketpilot.tickets.importers.generic_jsonl import JsonlImporter
from ticketpilot.tickets.importers.intercom import IntercomImporter
from ticketpilot.tickets.importers.jira import JiraImporter
from ticketpilot.tickets.importers.json_export import JsonExportImporter
from ticketpilot.tickets.importers.parquet import ParquetImporter
from ticketpilot.tickets.importers.twcs import TwcsImporter
from ticketpilot.tickets.importers.zendesk import ZendeskImporter
from ticketpilot.tickets.registry import Importers, importer_registry


def default_importers() -> Importers:
    """A new registry holding every importer that ships with ticketpilot."""
    return importer_registry(
        (
            CsvImporter(),
            JsonlImporter(),
            JsonExportImporter(),
            ParquetImporter(),
            ZendeskImporter(),
            FreshdeskImporter(),
            IntercomImporter(),
            JiraImporter(),
            TwcsImporter(),
        )
    )
