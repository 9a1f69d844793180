"""Words that rose: the lexical side of a topic shift, with an exact test per word.

For each word, the tickets using it in the earlier period (``a`` of ``A``) and the later one
(``b`` of ``B``). If its share did not change, then given ``a + b`` uses, each one falls in the
later period with probability ``B / (A + B)``: the exact conditional binomial test of two
rates, which stays right for the rare words a new topic brings (0 uses before, 18 after) where
a z-test does not. Bonferroni over the words tested keeps the family at ``alpha``; a word must
also at least double its share (``min_ratio``, after adding half a use to each side), so
common words nudged by a large sample are not news; calendar words (month and day names,
years) are left out, as "since April 2" rises every April. Rising words that share tickets (Jaccard
overlap) are one topic: "11.1.1 11.1.2 ios" is one update, not three.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.stats import binom

_WORD = re.compile(r"\w[\w.\-]*\w|\w")
#: Words used by fewer tickets than this in the later period are not tested.
MIN_USES = 10
#: Rising words whose ticket sets overlap this much (Jaccard) form one topic.
LINK = 0.3
#: Words that rise every month by the calendar alone ("since April 2"), never tested.
CALENDAR = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "today",
        "yesterday",
        "tomorrow",
        "week",
        "weekend",
        "month",
        "year",
    ]
)


def _calendar(word: str) -> bool:
    return word in CALENDAR or (len(word) == 4 and word.isdigit() and word[:2] in ("19", "20"))


def words(text: str) -> set[str]:
    """The distinct lower-cased words of a text (versions like ``11.1.2`` and codes like
    ``e-42`` kept whole)."""
    return set(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class RisingWord:
    """A word used by more of the later period's tickets than chance allows."""

    word: str
    before: int
    after: int
    ratio: float
    p: float


def rising_words(
    before: Sequence[set[str]],
    after: Sequence[set[str]],
    alpha: float,
    min_ratio: float = 2.0,
) -> list[RisingWord]:
    """Words whose share of tickets rose significantly (Bonferroni) and at least ``min_ratio``x."""
    count_a = Counter(w for doc in before for w in doc)
    count_b = Counter(w for doc in after for w in doc)
    tested = [w for w, n in count_b.items() if n >= MIN_USES and not _calendar(w)]
    if not tested or not before or not after:
        return []
    a = np.array([count_a[w] for w in tested], dtype=np.int64)
    b = np.array([count_b[w] for w in tested], dtype=np.int64)
    share = len(after) / (len(before) + len(after))
    p = binom.sf(b - 1, a + b, share)
    ratio = ((b + 0.5) / len(after)) / ((a + 0.5) / len(before))
    keep = (p * len(tested) < alpha) & (ratio >= min_ratio)
    found = [
        RisingWord(tested[i], int(a[i]), int(b[i]), float(ratio[i]), float(p[i]))
        for i in np.flatnonzero(keep)
    ]
    return sorted(found, key=lambda r: r.p)


def group_words(rising: Sequence[RisingWord], docs: Sequence[set[str]]) -> list[list[int]]:
    """Indexes into ``rising`` grouped by shared tickets, the group of the strongest first."""
    if not rising:
        return []
    users = [{i for i, doc in enumerate(docs) if r.word in doc} for r in rising]
    n = len(rising)
    linked = np.zeros((n, n), dtype=np.bool_)
    for i in range(n):
        for j in range(i + 1, n):
            union = len(users[i] | users[j])
            if union and len(users[i] & users[j]) / union >= LINK:
                linked[i, j] = linked[j, i] = True
    _, labels = connected_components(csr_matrix(linked), directed=False)
    groups: dict[int, list[int]] = {}
    for i in range(n):  # rising is sorted by p, so each group lists its strongest word first
        groups.setdefault(int(labels[i]), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
