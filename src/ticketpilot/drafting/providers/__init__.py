"""Text generation providers behind one interface (the registry that names them is in
:mod:`ticketpilot.drafting.providers.registry`)."""

from ticketpilot.drafting.providers.base import (
    Attempt,
    ChatMessage,
    CircuitOpen,
    EmptyResponse,
    Generation,
    GenerationRequest,
    MalformedResponse,
    NoUsableReply,
    Provider,
    ProviderError,
    ProviderRejected,
    ProviderServerError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)

__all__ = [
    "Attempt",
    "ChatMessage",
    "CircuitOpen",
    "EmptyResponse",
    "Generation",
    "GenerationRequest",
    "MalformedResponse",
    "NoUsableReply",
    "Provider",
    "ProviderError",
    "ProviderFactory",
    "ProviderRejected",
    "ProviderServerError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "Providers",
    "RateLimited",
    "create_provider",
    "default_providers",
]
