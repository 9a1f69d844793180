"""The package root's public API, and the one error tree every error of ours belongs to."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import ticketpilot
from ticketpilot.errors import TicketpilotError


def test_root_all_names_exist_and_every_public_name_is_in_all() -> None:
    exported = set(ticketpilot.__all__)
    assert len(exported) == len(ticketpilot.__all__)
    assert all(hasattr(ticketpilot, name) for name in exported)
    submodules = {m.name for m in pkgutil.iter_modules(ticketpilot.__path__)}
    public = {
        name for name in vars(ticketpilot) if not name.startswith("_") and name not in submodules
    }
    assert public | {"__version__"} == exported


def test_every_exception_class_of_ours_is_in_the_tree_and_drawn_in_its_docstring() -> None:
    drawn = ticketpilot.errors.__doc__ or ""
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(ticketpilot.__path__, "ticketpilot."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == info.name
                and not name.startswith("_")
            ):
                found[name] = value
    assert "ProviderError" in found and "VaultError" in found and "RetrievalError" in found
    for name, cls in found.items():
        assert issubclass(cls, TicketpilotError), f"{cls.__module__}.{name} is outside the tree"
        assert name in drawn, f"{name} is not drawn in errors.py's docstring"
