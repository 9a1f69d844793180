"""The provider chain the charter's ``[model]`` section describes: retries, breaker, fallback.

``provider -> (retries, circuit breaker) -> fallback model -> human``: the primary provider is
wrapped in a ``ResilientProvider``; a ``fallback`` model on the same endpoint gets its own
breaker and is tried when the primary fails; when both fail the engine records a human fallback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ticketpilot.charter import Model
from ticketpilot.drafting.providers import Provider
from ticketpilot.drafting.providers.registry import Providers, create_provider
from ticketpilot.drafting.resilience import FallbackChain, ResilientProvider, RetryPolicy


def provider_chain(
    model: Model,
    environ: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    providers: Providers | None = None,
) -> Provider:
    """The chain for ``[model]``; ``transport`` lets tests put a loopback server behind it.

    Every factory gets the whole ``[model]`` connection settings and takes what it needs.
    """
    retry = RetryPolicy(max_retries=model.max_retries)

    def one(name: str) -> ResilientProvider:
        settings: dict[str, Any] = {
            "model": name,
            "base_url": model.base_url,
            "api_key_env": model.api_key_env,
            "timeout_s": model.timeout_s,
            "environ": environ,
            "transport": transport,
        }
        return ResilientProvider(
            create_provider(model.provider, providers, **settings), retry=retry
        )

    primary = one(model.name)
    if not model.fallback or model.fallback == model.name:
        return primary
    return FallbackChain([primary, one(model.fallback)])
