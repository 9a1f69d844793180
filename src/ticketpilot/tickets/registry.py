"""Importers: one per export format, held in a :class:`~ticketpilot.registry.Registry`.

An importer turns a :class:`~ticketpilot.tickets.source.SourceFile` into a stream of
:class:`Ticket` or :class:`Rejection`; the pipeline does batching, storage and quarantine. The
built-ins register in :func:`ticketpilot.tickets.importers.default_importers` as a plugin would.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import ClassVar, Protocol

from ticketpilot.errors import ImportFileError
from ticketpilot.registry import Registry
from ticketpilot.tickets.mapping import ColumnMapping
from ticketpilot.tickets.model import Rejection, Ticket
from ticketpilot.tickets.source import SourceFile


class Importer(Protocol):
    """A format: its name, the suffixes it claims, and how it reads a file."""

    name: ClassVar[str]
    description: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def read(
        self, source: SourceFile, mapping: ColumnMapping
    ) -> Iterator[tuple[int, Ticket | Rejection]]:
        """Yield (line number, ticket or rejection) per record, in file order."""
        ...


Importers = Registry[Importer]
"""The import formats by name."""


def importer_registry(importers: Iterable[Importer] = ()) -> Importers:
    """A registry of ``importers``; an unknown format is an :class:`ImportFileError`."""
    registry: Importers = Registry("format", error=ImportFileError)
    for importer in importers:
        registry.register(importer.name, importer)
    return registry


def importer_for(registry: Importers, source: SourceFile, fmt: str | None = None) -> Importer:
    """The importer named ``fmt``, else the first that claims the file's suffix."""
    if fmt:
        return registry.get(fmt)
    matches = [i for i in registry if source.suffix in i.suffixes]
    if not matches:
        raise ImportFileError(
            f"cannot tell the format of {source.path.name} from its suffix; "
            f"pass --format ({', '.join(sorted(registry.names()))})"
        )
    return matches[0]
