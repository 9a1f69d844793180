"""HTML fragments with every piece of text escaped: ticket data never becomes markup."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

_CODE = re.compile(r"`([^`]+)`")


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def prose(text: str) -> str:
    """Escaped text in which `backticked` commands become ``<code>`` (as fixes write them)."""
    return _CODE.sub(r"<code>\1</code>", esc(text))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], cls: str = "") -> str:
    """A table of escaped cells; numeric-looking columns are right-aligned by CSS class."""
    if not rows:
        return ""
    klass = f' class="{esc(cls)}"' if cls else ""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def key_values(rows: Sequence[tuple[str, str]], cls: str = "kv") -> str:
    """A two-column table: name, value."""
    if not rows:
        return ""
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
    return f'<table class="{esc(cls)}"><tbody>{body}</tbody></table>'


def figure(svg: str, caption: str) -> str:
    """A chart with a caption that says what it was computed from."""
    return f'<figure class="chart">{svg}<figcaption>{esc(caption)}</figcaption></figure>'


def note(text: str) -> str:
    return f'<p class="note">{esc(text)}</p>'
