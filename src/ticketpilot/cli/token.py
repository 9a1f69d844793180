"""``ticketpilot token create|list|revoke``: the bearer tokens of the HTTP service."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from ticketpilot.access import ROLES
from ticketpilot.access.service import create_token, list_tokens, revoke_token
from ticketpilot.cli.common import JsonOption, WorkspaceOption, console, print_json, runtime_for

token_app = typer.Typer(
    help="Bearer tokens for `ticketpilot serve`: roles agent, lead, admin; stored hashed.",
    no_args_is_help=True,
)


@token_app.command("create")
def create_command(
    role: Annotated[str, typer.Option(help=f"The token's role: {', '.join(ROLES)}.")],
    name: Annotated[str, typer.Option(help="Who or what uses it (an agent, an integration).")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a token; it is printed this once and only its SHA-256 is stored."""
    with runtime_for(workspace) as runtime:
        issued = create_token(runtime, role=role, name=name)
    if as_json:
        print_json({"token": issued.token, **issued.record.as_dict()})
        return
    record = issued.record
    console.print(f"token {record.id} for {escape(record.name)} (role {record.role}):",
                  highlight=False)  # fmt: skip
    console.print(issued.token, highlight=False, soft_wrap=True)
    console.print(
        "Copy it now: it is not stored and cannot be shown again. "
        "Use it as `Authorization: Bearer <token>`, or sign in to the pages with it.",
        highlight=False,
    )


@token_app.command("list")
def list_command(
    include_revoked: Annotated[bool, typer.Option("--all", help="Include revoked tokens.")] = False,
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """List tokens: id, name, role, first characters, created, last used (never the secret)."""
    with runtime_for(workspace) as runtime:
        records = list_tokens(runtime, include_revoked=include_revoked)
    if as_json:
        print_json([r.as_dict() for r in records])
        return
    table = Table(title=f"{len(records)} token(s)", title_justify="left")
    for column in ("id", "name", "role", "starts with", "created", "last used", "revoked"):
        table.add_column(column)
    for r in records:
        table.add_row(str(r.id), escape(r.name), r.role, r.prefix + "...",
                      f"{r.created_at:%Y-%m-%d %H:%M}",
                      f"{r.last_used_at:%Y-%m-%d %H:%M}" if r.last_used_at else "never",
                      f"{r.revoked_at:%Y-%m-%d %H:%M}" if r.revoked_at else "")  # fmt: skip
    console.print(table)
    console.print("times in UTC; last use is written at most once a minute", highlight=False)


@token_app.command("revoke")
def revoke_command(
    ref: Annotated[str, typer.Argument(help="The token's id, or the name of one active token.")],
    workspace: WorkspaceOption = None,
    as_json: JsonOption = False,
) -> None:
    """Revoke a token: its requests and page sessions are refused from now on."""
    with runtime_for(workspace) as runtime:
        record = revoke_token(runtime, ref)
    if as_json:
        print_json(record.as_dict())
        return
    console.print(f"revoked token {record.id} ({escape(record.name)}, role {record.role})",
                  highlight=False)  # fmt: skip
