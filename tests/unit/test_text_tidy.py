"""``tidy`` takes a shortcut for text with nothing to tidy; the result must not change."""

import re

from hypothesis import given
from hypothesis import strategies as st

from ticketpilot.tickets.text import tidy

_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def _full_tidy(text: str) -> str:
    """Every step of tidying, applied to any text."""
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


_whitespace = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r\n", "\f", "\v", "\u00a0", "\u2028", "\u200b"]
)


_words = st.text("ab.,é€😀", max_size=6) | st.text(max_size=4)


@given(st.lists(_words | _whitespace, max_size=12).map("".join))
def test_tidy_equals_the_full_tidying(text: str) -> None:
    assert tidy(text) == _full_tidy(text)


def test_tidy_collapses_and_trims() -> None:
    assert tidy("  a \u00a0 b\t\tc \n\n\n\n d  ") == "a b c\n\nd"
    assert tidy(" plain text, nothing to do ") == "plain text, nothing to do"
    assert tidy("a\tb") == tidy("a\u00a0b") == tidy("a\fb") == "a b"
