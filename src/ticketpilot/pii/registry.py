"""The recognizer registry: built-ins and plugins register the same way."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ticketpilot.pii.recognizer import Recognizer


class RecognizerRegistry:
    """An ordered set of recognizers, unique by name.

    ``default_registry()`` gives a new registry holding the built-ins; add a plugin with
    ``registry.register(MyRecognizer())`` or replace a built-in with ``replace=True``.
    """

    def __init__(self, recognizers: Iterable[Recognizer] = ()) -> None:
        self._by_name: dict[str, Recognizer] = {}
        self._plans: dict[frozenset[str] | None, tuple[Recognizer, ...]] = {}
        for recognizer in recognizers:
            self.register(recognizer)

    def register(self, recognizer: Recognizer, *, replace: bool = False) -> Recognizer:
        """Add ``recognizer``; a name already taken is an error unless ``replace`` is true."""
        if not recognizer.name:
            raise ValueError(f"{type(recognizer).__name__} has no name")
        if recognizer.name in self._by_name and not replace:
            raise ValueError(f"a recognizer named {recognizer.name!r} is already registered")
        self._by_name[recognizer.name] = recognizer
        self._plans.clear()
        return recognizer

    def unregister(self, name: str) -> None:
        """Remove the recognizer called ``name`` (KeyError when there is none)."""
        del self._by_name[name]
        self._plans.clear()

    def __getitem__(self, name: str) -> Recognizer:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Recognizer]:
        return iter(tuple(self._by_name.values()))

    def __len__(self) -> int:
        return len(self._by_name)

    @property
    def entity_types(self) -> frozenset[str]:
        """Every entity type some registered recognizer reports."""
        return frozenset(t for r in self._by_name.values() for t in r.entity_types)

    def for_entities(self, entities: frozenset[str] | None) -> tuple[Recognizer, ...]:
        """The recognizers that report any of ``entities`` (all of them for None); cached."""
        plan = self._plans.get(entities)
        if plan is None:
            plan = tuple(
                r
                for r in self._by_name.values()
                if entities is None or not entities.isdisjoint(r.entity_types)
            )
            self._plans[entities] = plan
        return plan


def default_registry() -> RecognizerRegistry:
    """A new registry holding every built-in recognizer."""
    from ticketpilot.pii.recognizers import register_builtins

    registry = RecognizerRegistry()
    register_builtins(registry)
    return registry
