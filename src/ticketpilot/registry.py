"""One registry shape for every pluggable part: importers, checks, providers, embedders...

A :class:`Registry` maps unique names to items in registration order. Built-ins register
exactly as a third party's plugin would, and the :class:`~ticketpilot.runtime.Runtime` holds one
registry of each kind, so the CLI, the API and tests can add or replace any of them::

    registry: Registry[Importer] = Registry("importer", key=lambda i: i.name)
    registry.register("csv", CsvImporter())   # or registry.add(CsvImporter()), named by key
    registry.get("csv")                       # the importer
    registry.get("xml")                       # RegistryError: unknown importer 'xml'; known: csv
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

from ticketpilot.errors import RegistryError

T = TypeVar("T")


class Registry(Generic[T]):
    """Named items of one kind, unique by name, iterated in registration order."""

    def __init__(
        self,
        kind: str,
        items: Iterable[tuple[str, T]] = (),
        *,
        key: Callable[[T], str] | None = None,
        error: Callable[[str], Exception] = RegistryError,
    ) -> None:
        self.kind = kind
        self._key = key
        self._error = error
        self._items: dict[str, T] = {}
        self.version = 0
        """Goes up with every change, so a cache built from the items knows when to rebuild."""
        for name, item in items:
            self.register(name, item)

    def register(self, name: str, item: T, *, replace: bool = False) -> T:
        """Add ``item`` as ``name``; a name already taken is an error unless ``replace``."""
        if not name:
            raise RegistryError(f"a {self.kind} needs a name")
        if name in self._items and not replace:
            raise RegistryError(f"a {self.kind} named {name!r} is already registered")
        self._items[name] = item
        self.version += 1
        return item

    def add(self, item: T, *, replace: bool = False) -> T:
        """Register ``item`` under the name the registry's ``key`` gives it."""
        if self._key is None:
            raise RegistryError(f"this {self.kind} registry names items itself: use register()")
        return self.register(self._key(item), item, replace=replace)

    def unregister(self, name: str) -> None:
        """Forget ``name``; an unknown name is an error."""
        self.get(name)
        del self._items[name]
        self.version += 1

    def get(self, name: str) -> T:
        """The item called ``name``; an unknown name is an error that lists the known ones."""
        try:
            return self._items[name]
        except KeyError:
            known = ", ".join(self._items) or "none"
            raise self._error(f"unknown {self.kind} {name!r}; known: {known}") from None

    def names(self) -> list[str]:
        """The names in registration order."""
        return list(self._items)

    def items(self) -> list[tuple[str, T]]:
        """(name, item) pairs in registration order."""
        return list(self._items.items())

    def copy(self) -> Registry[T]:
        """A new registry with the same items (changes to either stay their own)."""
        return Registry(self.kind, self._items.items(), key=self._key, error=self._error)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[T]:
        return iter(tuple(self._items.values()))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, {self.names()!r})"
