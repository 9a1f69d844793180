"""Every help page shows every help text as it was written.

Typer renders help through Rich, whose markup eats anything that looks like a tag: the help
"(default: [replay] sample)" was shown as "(default:  sample)". This renders every page (the
root, each group, each command) and checks each command's and each option's help text appears
whole, with Rich escapes (``\\[``) read as the bracket they stand for.
"""

from __future__ import annotations

import re

import click
import pytest
import typer.main
import typer.rich_utils
from rich.text import Text
from typer.testing import CliRunner

from ticketpilot.cli.app import app

runner = CliRunner()


def _pages() -> list[tuple[str, click.Command]]:
    """(command path, command) for the root, every group and every command under them."""
    root = typer.main.get_command(app)
    pages: list[tuple[str, click.Command]] = [("", root)]
    todo: list[tuple[str, click.Command]] = [("", root)]
    while todo:
        path, command = todo.pop()
        for name, sub in getattr(command, "commands", {}).items():
            entry = (f"{path} {name}".strip(), sub)
            pages.append(entry)
            todo.append(entry)
    return sorted(pages, key=lambda page: page[0])


def _flat(text: str) -> str:
    """``text`` on one line with single spaces, Rich's escaped brackets read as brackets."""
    return " ".join(text.replace("\\[", "[").split())


def _shown(command: click.Command) -> list[str]:
    """The help texts a page must show whole: the command's, and each parameter's."""
    texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
    return [_flat(t) for t in texts if t.strip()]


PAGES = _pages()


@pytest.mark.parametrize(("path", "command"), PAGES, ids=[p or "ticketpilot" for p, _ in PAGES])
def test_every_help_text_is_shown_as_written(
    path: str, command: click.Command, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(typer.rich_utils, "MAX_WIDTH", 1000)  # one line per option: no wrapping
    result = runner.invoke(app, [*path.split(), "--help"])
    assert result.exit_code == 0, result.output
    page = " ".join(result.output.split())
    for text in _shown(command):
        assert text in page, f"`ticketpilot {path} --help` does not show {text!r}"
    assert not re.search(r"\(\w+:\s{2,}", result.output), result.output  # "(default:  sample)"
    assert "\\[" not in result.output


def test_the_check_catches_markup_eating_a_bracket() -> None:
    """What Rich shows for an unescaped tag fails the check; the escaped form passes it."""
    eaten = click.Command("x", help="Rows (default: [replay] sample).")
    assert _shown(eaten) == ["Rows (default: [replay] sample)."]
    assert Text.from_markup(eaten.help or "").plain == "Rows (default:  sample)."
    assert _shown(eaten)[0] not in _flat(Text.from_markup(eaten.help or "").plain)
    escaped = "Rows (default: \\[replay] sample)."
    assert _flat(escaped) == _flat(Text.from_markup(escaped).plain) == _shown(eaten)[0]
