"""Text generation providers behind one interface, and the registry that names them."""

from ticketpilot.drafting.providers.base import (
    Attempt,
    ChatMessage,
    CircuitOpen,
    EmptyResponse,
    Generation,
    GenerationRequest,
    MalformedResponse,
    Provider,
    ProviderError,
    ProviderRejected,
    ProviderServerError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from ticketpilot.drafting.providers.registry import (
    create_provider,
    provider_names,
    register_provider,
    unregister_provider,
)

__all__ = [
    "Attempt",
    "ChatMessage",
    "CircuitOpen",
    "EmptyResponse",
    "Generation",
    "GenerationRequest",
    "MalformedResponse",
    "Provider",
    "ProviderError",
    "ProviderRejected",
    "ProviderServerError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "create_provider",
    "provider_names",
    "register_provider",
    "unregister_provider",
]
