"""The package root's public API, and the one error tree every error of ours belongs to."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys

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


_IMPORT_EACH_FIRST = """
import importlib, pkgutil, sys
import ticketpilot
names = [m.name for m in pkgutil.walk_packages(ticketpilot.__path__, "ticketpilot.")]
failed = []
for name in names:
    for loaded in [m for m in sys.modules if m == "ticketpilot" or m.startswith("ticketpilot.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{name}: {error}")
print("\\n".join(failed))
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_first_without_a_cycle() -> None:
    """Each module, imported before any other of ours, loads: no import cycle hides behind
    the order the test suite happens to import things in."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH_FIRST], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
