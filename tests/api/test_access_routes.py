"""Every route x every role, from the app's own route table: a route that declares no access
check, or lets in a role below the one it declares, fails here."""

from __future__ import annotations

import re
from typing import Any

import fastapi.routing
import httpx
import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route

from service_workspace import bearer
from ticketpilot.access import ROLES, allows
from ticketpilot.api.deps import ACCESS

pytestmark = pytest.mark.anyio
MISSING = "missing"
#: routes FastAPI itself adds; each is public on purpose
FRAMEWORK_PUBLIC = {"/openapi.json"}


def _marks(dependant: Dependant) -> list[Any]:
    found = [ACCESS[dependant.call]] if dependant.call in ACCESS else []
    for sub in dependant.dependencies:
        found += _marks(sub)
    return found


def declared_access(path: str, dependant: Dependant) -> Any:
    """The role a route requires (None: public), or MISSING when it declares nothing."""
    marks = _marks(dependant)
    if not marks:
        return MISSING
    assert len(set(marks)) == 1, f"{path} declares conflicting access {marks}"
    return marks[0]


def route_table(app: FastAPI) -> list[tuple[BaseRoute, str, Any]]:
    """Every route with its full path and its dependant as the app serves it (FastAPI 0.16x
    keeps included routers whole: ``iter_route_contexts`` walks them; older ones copy routes)."""
    walk = getattr(fastapi.routing, "iter_route_contexts", None)
    contexts = list(walk(app.routes)) if walk is not None else list(app.routes)
    table = []
    for context in contexts:
        route = getattr(context, "original_route", context)
        dependant = getattr(context, "dependant", None) if isinstance(route, APIRoute) else None
        table.append((route, str(getattr(context, "path", "")), dependant))
    return table


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: "999999" if "id" in m.group(1) else "T-x", path)


def _calls(app: FastAPI) -> list[tuple[str, str, Any, bool]]:
    calls = []
    for route, path, dependant in route_table(app):
        if isinstance(route, APIRoute):
            page = not path.startswith(("/api/", "/healthz", "/readyz", "/metrics"))
            access = declared_access(path, dependant)
            calls += [(method, path, access, page) for method in sorted(route.methods - {"HEAD"})]
        elif isinstance(route, Mount):
            assert path == "/static", f"unexpected mount {path}"
        elif isinstance(route, Route):
            assert path in FRAMEWORK_PUBLIC, f"{path} is not a FastAPI route"
        else:
            raise AssertionError(f"unexpected route {route!r}")
    return calls


async def test_every_route_declares_its_access(app: FastAPI) -> None:
    missing = [path for _, path, access, _ in _calls(app) if access == MISSING]
    assert missing == [], f"routes without an access check: {missing}"
    assert len(_calls(app)) >= 8


async def test_every_route_refuses_every_caller_below_its_role(
    app: FastAPI, client: httpx.AsyncClient, tokens: dict[str, str]
) -> None:
    checked = 0
    for method, path, needed, page in _calls(app):
        url = _concrete(path)
        anonymous = await client.request(method, url, json={})
        if needed is None:
            assert anonymous.status_code not in (401, 403), (method, path)
        elif page:
            assert anonymous.status_code == 303, (method, path, anonymous.status_code)
            assert anonymous.headers["location"].startswith("/login?next="), (method, path)
        else:
            assert anonymous.status_code == 401, (method, path, anonymous.status_code)
            assert anonymous.headers["www-authenticate"].startswith("Bearer")
        for role in ROLES:
            response = await client.request(method, url, json={}, headers=bearer(tokens[role]))
            if needed is None or allows(role, needed):
                assert response.status_code not in (401, 403), (method, path, role)
            else:
                assert response.status_code == 403, (method, path, role, response.status_code)
                assert f"needs the {needed} role" in response.text
            checked += 1
        forged = await client.request(method, url, json={}, headers=bearer("tp_" + "x" * 43))
        assert forged.status_code == (401 if needed is not None else forged.status_code)
    assert checked >= 8 * len(ROLES)


async def test_static_files_and_the_schema_are_public(client: httpx.AsyncClient) -> None:
    css = await client.get("/static/app.css")
    assert css.status_code == 200 and "focus-visible" in css.text
    assert (await client.get("/static/workspace.js")).status_code == 200
    assert (await client.get("/openapi.json")).json()["info"]["title"] == "ticketpilot"
