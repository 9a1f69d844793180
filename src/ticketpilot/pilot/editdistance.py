"""Character edit distance between the draft an agent was shown and the reply they sent.

:func:`levenshtein` counts the fewest single-character insertions, deletions and substitutions
that turn one text into the other. It drops the common prefix and suffix (agents mostly edit a
few places) and runs the bit-parallel algorithm of Myers (1999) in Hyyrö's (2001) formulation
on the rest: one column of the dynamic-programming table is a pair of bit vectors held in
Python integers of any width, so a column costs a handful of integer operations instead of one
Python step per cell - about O(n * m / 64) machine work for texts of n and m characters.

    >>> levenshtein("kitten", "sitting")
    3
"""

from __future__ import annotations


def levenshtein(first: str, second: str) -> int:
    """The Levenshtein distance between two texts (unit costs, Unicode code points)."""
    start = 0
    limit = min(len(first), len(second))
    while start < limit and first[start] == second[start]:
        start += 1
    end_first, end_second = len(first), len(second)
    while (
        end_first > start and end_second > start and first[end_first - 1] == second[end_second - 1]
    ):
        end_first -= 1
        end_second -= 1
    a, b = first[start:end_first], second[start:end_second]
    if len(a) < len(b):
        a, b = b, a  # the shorter text is the pattern: narrower bit vectors
    if not b:
        return len(a)
    return _bit_parallel(a, b)


def _bit_parallel(text: str, pattern: str) -> int:
    """Myers/Hyyrö: vertical deltas of the DP column as bit vectors (``pv`` +1, ``mv`` -1)."""
    m = len(pattern)
    full = (1 << m) - 1
    top = 1 << (m - 1)
    peq: dict[str, int] = {}
    for i, char in enumerate(pattern):
        peq[char] = peq.get(char, 0) | (1 << i)
    pv, mv, score = full, 0, m
    for char in text:
        eq = peq.get(char, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & full)
        mh = pv & xh
        if ph & top:
            score += 1
        elif mh & top:
            score -= 1
        ph = ((ph << 1) | 1) & full  # | 1: the first row grows by one per text character
        mh = (mh << 1) & full
        pv = mh | (~(xv | ph) & full)
        mv = ph & xv
    return score


def kept_share(draft: str, sent: str) -> float:
    """How much of the draft survived: ``1 - distance / longer length`` (1.0 for two empties)."""
    longer = max(len(draft), len(sent))
    return 1.0 if longer == 0 else 1.0 - levenshtein(draft, sent) / longer
