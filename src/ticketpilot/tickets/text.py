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
# a run of spaces becomes one space; a lone space needs no replacing (a match per word)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]{2,}|[\t\r\f\v\u00a0]")
_SURROGATE = re.compile("[\udc80-\udcff]")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip_depth += 1
        elif start := _START_BREAK.get(tag):
            self.parts.append(start)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif end := _END_BREAK.get(tag):
            self.parts.append(end)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    """True when the text carries markup tags (not a lone ``<`` in prose)."""
    return "<" in text and _TAG.search(text) is not None


def html_to_text(text: str) -> str:
    """Plain text of an HTML fragment: block tags become line breaks, entities are decoded."""
    parts = _simple_parts(text)
    return tidy("".join(_parsed_parts(text) if parts is None else parts))


def _parsed_parts(text: str) -> list[str]:
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return parser.parts


# Well-formed tags with plain attributes: the markup helpdesks write. ``html.parser`` reads each
# of them as this tag (name lowercased, ``/>`` a start and an end tag) and the text between two
# tags as that text with its character references decoded.
_SIMPLE_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9]*)"
    r"((?:[ \t\n\r\f]+[a-zA-Z_:][-a-zA-Z0-9_:.]*"
    r"(?:[ \t\n\r\f]*=[ \t\n\r\f]*(?:\"[^\"<]*\"|'[^'<]*'|[^ \t\n\r\f\"'=<>`]+))?)*)"
    r"[ \t\n\r\f]*(/?)>"
)
# elements whose content html.parser does not read as markup (some only in newer Pythons)
_RAW_CONTENT = _SKIP | {"textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}


def _simple_parts(text: str) -> list[str] | None:
    """What :class:`_TextExtractor` collects from ``text``, when every ``<`` in it opens a
    simple tag (ten times faster than ``html.parser``); ``None`` for anything else: comments,
    declarations, raw-content elements, odd attributes, a stray ``<``."""
    pieces = _SIMPLE_TAG.split(text)  # text, then per tag its 4 groups and the text after it
    parts: list[str] = []
    append = parts.append
    for index in range(0, len(pieces), 5):
        data = pieces[index]
        if "<" in data:
            return None
        if data:
            append(html.unescape(data) if "&" in data else data)
        if index + 1 == len(pieces):
            break
        closing, name, attributes, empty = pieces[index + 1 : index + 5]
        tag = name.lower()
        if tag in _RAW_CONTENT or (closing and (attributes or empty)):
            return None
        if not closing and (start := _START_BREAK.get(tag)):
            append(start)
        if (closing or empty) and (end := _END_BREAK.get(tag)):
            append(end)
    return parts


# the line breaks a block tag's start and end stand for
_START_BREAK = {tag: "\n\n" if tag == "p" else "\n" for tag in _BLOCK}
_END_BREAK = {tag: "\n\n" if tag == "p" else "\n" for tag in _BLOCK - {"li", "tr"}}


_UNTIDY = re.compile(r"[\t\n\r\f\v\u00a0]| {2}")


def tidy(text: str) -> str:
    """Collapse runs of spaces, keep at most one blank line, trim each line and the ends."""
    # tabs, line breaks and no-break spaces are not printable: most texts pass this C scan
    # (six times faster than the regex) and need only their ends trimmed
    if (text.isprintable() and "  " not in text) or _UNTIDY.search(text) is None:
        return text.strip()
    if (
        "  " in text
        or "\t" in text
        or "\u00a0" in text
        or "\r" in text
        or "\f" in text
        or "\v" in text
    ):
        text = _SPACES.sub(" ", text)
    text = "\n".join([line.strip() for line in text.split("\n")])
    # lines are trimmed, so a run of blank lines is a run of line breaks
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


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
