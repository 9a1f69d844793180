"""``.json`` files: the helpdesk that wrote the export is told from its first record.

Jira issues carry ``key`` and ``fields``; Intercom conversations ``conversation_parts`` or
``"type": "conversation"``; Freshdesk tickets a numeric ``status`` (or ``description_text``);
Zendesk tickets ``via`` or a word ``status``. Anything else is read as flat records, mapped like
JSON Lines. ``--format zendesk`` (and so on) skips the guess.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any, ClassVar

from ticketpilot.tickets.importers.freshdesk import FreshdeskImporter
from ticketpilot.tickets.importers.generic_jsonl import dotted
from ticketpilot.tickets.importers.helpdesk import HelpdeskImporter
from ticketpilot.tickets.importers.helpdesk_json import JsonRecord, read_objects
from ticketpilot.tickets.importers.intercom import IntercomImporter
from ticketpilot.tickets.importers.jira import JiraImporter
from ticketpilot.tickets.importers.zendesk import ZendeskImporter
from ticketpilot.tickets.mapping import ALIASES, FIELDS, ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.rows import RowBuilder
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
        with closing(read_objects(source)) as items:
            first = next((item.data for item in items if isinstance(item, JsonRecord)), None)
        helpdesk = detect(first) if first is not None else None
        if helpdesk is not None:
            yield from helpdesk.read(source, mapping)
        else:
            yield from _flat(source, mapping)


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


def _flat(source: SourceFile, mapping: ColumnMapping) -> Iterator[tuple[int, Ticket | Rejection]]:
    builder: RowBuilder | None = None
    for item in read_objects(source):
        if isinstance(item, Rejection):
            yield item.line, item
            continue
        if builder is None:
            names = [*item.data, *FIELDS, *ALIASES, *(column for column, _ in mapping.pairs)]
            resolved = mapping.resolve(dict.fromkeys(names))
            resolved.require("id")
            builder = RowBuilder(resolved, encoding=source.encoding)
        yield item.line, builder.build(_getter(item.data), item.line, _constant(item.raw))


def _getter(record: dict[str, Any]) -> Callable[[str], Any]:
    return lambda column: dotted(record, column)


def _constant(text: str) -> Callable[[], str]:
    return lambda: text
