"""Recognizers by name, in a :class:`~ticketpilot.registry.Registry`; built-ins and plugins alike.

:func:`ticketpilot.pii.recognizers.default_recognizers` gives a new registry holding the
built-ins; add a plugin with ``registry.add(MyRecognizer())`` or replace a built-in with
``registry.add(MyRecognizer(), replace=True)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ticketpilot.pii.recognizer import Recognizer
from ticketpilot.registry import Registry

Recognizers = Registry[Recognizer]
"""PII recognizers by name, in the order they run."""


def _name(recognizer: Recognizer) -> str:
    if not recognizer.name:
        raise ValueError(f"{type(recognizer).__name__} has no name")
    return recognizer.name


def recognizer_registry(recognizers: Iterable[Recognizer] = ()) -> Recognizers:
    """A registry holding ``recognizers``; each is registered under its own ``name``."""
    registry: Recognizers = Registry("recognizer", key=_name)
    for recognizer in recognizers:
        registry.add(recognizer)
    return registry


def entity_types(registry: Recognizers) -> frozenset[str]:
    """Every entity type some registered recognizer reports."""
    return frozenset(t for r in registry for t in r.entity_types)
