"""The text under analysis, with the cheap facts that recognizers use as pre-filters."""

from __future__ import annotations

_DIGITS = str.maketrans("", "", "0123456789")


class TextScan:
    """One text being analysed; computes ``lower`` and ``digit_count`` once, on first use.

    Recognizers receive the same ``TextScan`` so that pre-filters such as "no run of 13 digits,
    skip the card regex" cost nothing after the first recognizer asked.
    """

    __slots__ = ("_digit_count", "_lower", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: str | None = None
        self._digit_count = -1

    @property
    def lower(self) -> str:
        """The text lower-cased (same length and offsets for the scripts we match)."""
        if self._lower is None:
            self._lower = self.text.lower()
            if len(self._lower) != len(self.text):  # e.g. "İ" lower-cases to two code points
                self._lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in self.text)
        return self._lower

    @property
    def digit_count(self) -> int:
        """How many ASCII digits the text holds."""
        if self._digit_count < 0:
            self._digit_count = len(self.text) - len(self.text.translate(_DIGITS))
        return self._digit_count
