"""Providers by name: factories in a :class:`~ticketpilot.registry.Registry`.

The built-ins register exactly as a plugin would, through its ``register`` hook::

    providers = default_providers()
    providers.register("echo", EchoProvider)
    create_provider("echo", providers, model="echo-1")
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ticketpilot.drafting.providers import extractive, openai_compatible
from ticketpilot.drafting.providers.base import Provider
from ticketpilot.registry import Registry

ProviderFactory = Callable[..., Provider]
"""``factory(**settings)`` builds a provider; settings are the charter's ``[model]`` values."""

Providers = Registry[ProviderFactory]
"""Provider factories by name."""


def default_providers() -> Providers:
    """A new registry holding the built-in providers."""
    registry: Providers = Registry("provider")
    for module in (extractive, openai_compatible):
        module.register(registry.register)
    return registry


def create_provider(name: str, registry: Providers | None = None, **settings: Any) -> Provider:
    """Build provider ``name`` from its settings; an unknown name lists the known ones."""
    factories = registry if registry is not None else default_providers()
    return factories.get(name)(**settings)
