"""The OpenAPI schema checked into the repository (``docs/openapi.json``): write or check it.

    python -m ticketpilot.api.openapi              # rewrite docs/openapi.json
    python -m ticketpilot.api.openapi --check      # exit 1 when it differs from the app's

The schema is the app's own (``FastAPI.openapi()``); building it starts no worker and needs no
workspace. ``tests/api/test_service_health.py`` fails when the checked-in file is stale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fastapi import FastAPI

from ticketpilot.api.app import create_app
from ticketpilot.errors import WorkspaceError
from ticketpilot.runtime import Runtime

DEFAULT_PATH = Path("docs/openapi.json")


def openapi_text(app: FastAPI) -> str:
    """The schema as stable, reviewable JSON (sorted keys, two-space indent, final newline)."""
    return json.dumps(app.openapi(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _no_runtime() -> Runtime:
    raise WorkspaceError("the schema is built without starting the app")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write or check the checked-in OpenAPI schema.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--check", action="store_true", help="Exit 1 when the file is stale.")
    options = parser.parse_args(argv)
    text = openapi_text(create_app(_no_runtime))
    if options.check:
        current = options.path.read_text(encoding="utf-8") if options.path.exists() else ""
        if current != text:
            print(f"{options.path} is stale: run `python -m ticketpilot.api.openapi`")
            return 1
        print(f"{options.path} matches the app")
        return 0
    options.path.parent.mkdir(parents=True, exist_ok=True)
    options.path.write_text(text, encoding="utf-8")
    print(f"wrote {options.path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
