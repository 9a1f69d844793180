"""Text generation providers behind one interface, and the registry that names them."""

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
from ticketpilot.drafting.providers.registry import (
    ProviderFactory,
    Providers,
    create_provider,
    default_providers,
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
