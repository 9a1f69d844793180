"""ticketpilot: a generative-AI support-reply assistant and the program that ships it.

The package root re-exports the error tree (see :mod:`ticketpilot.errors`) and the registry every
plugin kind uses; each lifecycle phase is a package with its use cases in ``<phase>/service.py``,
and :func:`ticketpilot.runtime.build_runtime` builds what they share.
"""

from ticketpilot.errors import (
    CharterError,
    ImportFileError,
    RecordError,
    RegistryError,
    RetrievalError,
    ScopeError,
    StorageError,
    TicketpilotError,
    VaultError,
    WorkspaceError,
)
from ticketpilot.registry import Registry

__version__ = "0.1.0"

__all__ = [
    "CharterError",
    "ImportFileError",
    "RecordError",
    "Registry",
    "RegistryError",
    "RetrievalError",
    "ScopeError",
    "StorageError",
    "TicketpilotError",
    "VaultError",
    "WorkspaceError",
    "__version__",
]
