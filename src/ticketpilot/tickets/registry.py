"""The importer registry: one importer per export format, built-ins registered like plugins.

An importer turns a :class:`~ticketpilot.tickets.source.SourceFile` into a stream of
:class:`Ticket` or :class:`Rejection`; the pipeline does batching, storage and quarantine.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar, Protocol

from ticketpilot.errors import ImportFileError
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


class ImporterRegistry:
    """Importers by name; :meth:`for_file` picks one by suffix when no format is given."""

    def __init__(self) -> None:
        self._importers: dict[str, Importer] = {}

    def register(self, importer: Importer) -> None:
        if importer.name in self._importers:
            raise ValueError(f"an importer named {importer.name!r} is already registered")
        self._importers[importer.name] = importer

    def names(self) -> list[str]:
        return sorted(self._importers)

    def get(self, name: str) -> Importer:
        try:
            return self._importers[name]
        except KeyError:
            raise ImportFileError(
                f"unknown format {name!r}; formats are {', '.join(self.names())}"
            ) from None

    def for_file(self, source: SourceFile) -> Importer:
        matches = [i for i in self._importers.values() if source.suffix in i.suffixes]
        if not matches:
            raise ImportFileError(
                f"cannot tell the format of {source.path.name} from its suffix; "
                f"pass --format ({', '.join(self.names())})"
            )
        return matches[0]

    def __iter__(self) -> Iterator[Importer]:
        return iter(self._importers[name] for name in self.names())


def default_registry() -> ImporterRegistry:
    """A registry holding every built-in importer."""
    from ticketpilot.tickets.importers import register_builtins

    registry = ImporterRegistry()
    register_builtins(registry)
    return registry
