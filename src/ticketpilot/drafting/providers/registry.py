"""The provider registry: names to factories; built-ins register exactly as a plugin would.

>>> register_provider("echo", EchoProvider)          # doctest: +SKIP
>>> create_provider("echo", model="echo-1")          # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ticketpilot.drafting.providers.base import Provider

ProviderFactory = Callable[..., Provider]

_factories: dict[str, ProviderFactory] = {}
_builtins_loaded = False


def register_provider(name: str, factory: ProviderFactory, *, replace: bool = False) -> None:
    """Make ``factory(**settings)`` available as provider ``name``."""
    _load_builtins()
    if name in _factories and not replace:
        raise ValueError(f"provider {name!r} is already registered")
    _factories[name] = factory


def unregister_provider(name: str) -> None:
    """Forget provider ``name`` (tests register fakes and remove them again)."""
    _factories.pop(name, None)


def provider_names() -> list[str]:
    """The registered provider names, sorted."""
    _load_builtins()
    return sorted(_factories)


def create_provider(name: str, **settings: Any) -> Provider:
    """Build provider ``name`` from its settings; unknown names list the known ones."""
    _load_builtins()
    try:
        factory = _factories[name]
    except KeyError:
        known = ", ".join(sorted(_factories)) or "none"
        raise ValueError(f"unknown provider {name!r}; registered: {known}") from None
    return factory(**settings)


def _load_builtins() -> None:
    global _builtins_loaded  # noqa: PLW0603 - one-time lazy registration
    if _builtins_loaded:
        return
    _builtins_loaded = True
    from ticketpilot.drafting.providers import extractive, openai_compatible

    extractive.register(register_provider)
    openai_compatible.register(register_provider)
