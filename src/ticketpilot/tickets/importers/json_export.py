"""``.json`` files: the helpdesk that wrote the export is told from its first record.

Jira issues carry ``key`` and ``fields``; Intercom conversations ``conversation_parts`` or
``"type": "conversation"``; Freshdesk tickets a numeric ``status`` (or ``description_text``);
Zendesk tickets ``via`` or a word ``status``. Anything else is read as flat records, mapped like
JSON Lines. ``--format zendesk`` (and so on) skips the guess.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from typing import Any, ClassVar

from ticketpilot.tickets.importers.freshdesk import FreshdeskImporter
from ticketpilot.tickets.importers.generic_jsonl import FlatRecord, flat_tickets
from ticketpilot.tickets.importers.helpdesk import HelpdeskImporter
from ticketpilot.tickets.importers.helpdesk_json import JsonRecord, read_objects
from ticketpilot.tickets.importers.intercom import IntercomImporter
from ticketpilot.tickets.importers.jira import JiraImporter
from ticketpilot.tickets.importers.zendesk import ZendeskImporter
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.source import SourceFile


class JsonExportImporter:
    """Delegates a ``.json`` export to the helpdesk importer its first record matches."""

    name: ClassVar[str] = "json"
    description: ClassVar[str] = (
        "JSON export: Zendesk, Freshdesk, Intercom or Jira told from the first record, "
        "else flat records (array, wrapped list or lines)"
    )
    suffixes: ClassVar[tuple[str, ...]] = (".json",)

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        helpdesk = _helpdesk(source)
        if helpdesk is not None:
            yield from helpdesk.read(source, mapping)
        else:
            yield from flat_tickets(_flat(source), source, mapping)

    def system(self, source: SourceFile) -> str:
        """The system that wrote the file: the helpdesk it is told to be, else ``json``."""
        helpdesk = _helpdesk(source)
        return helpdesk.name if helpdesk is not None else self.name


def _helpdesk(source: SourceFile) -> HelpdeskImporter | None:
    with closing(read_objects(source)) as items:
        first = next((item.data for item in items if isinstance(item, JsonRecord)), None)
    return detect(first) if first is not None else None


def detect(record: dict[str, Any]) -> HelpdeskImporter | None:
    """The helpdesk importer whose export ``record`` looks like, or ``None``."""
    status = record.get("status")
    if "key" in record and isinstance(record.get("fields"), dict):
        return JiraImporter()
    if record.get("type") == "conversation" or "conversation_parts" in record:
        return IntercomImporter()
    if "description_text" in record or (isinstance(status, int) and "requester_id" in record):
        return FreshdeskImporter()
    if "via" in record or (isinstance(status, str) and "requester_id" in record):
        return ZendeskImporter()
    return None


def _flat(source: SourceFile) -> Iterator[FlatRecord]:
    for item in read_objects(source):
        yield item if isinstance(item, Rejection) else (item.line, item.data, item.raw)
