"""Edit distance: the bit-parallel Levenshtein against a naive dynamic-programming reference."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from ticketpilot.pilot import kept_share, levenshtein


def naive(a: str, b: str) -> int:
    """Wagner-Fischer, one cell at a time: the reference."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
        previous = current
    return previous[-1]


@given(st.text(alphabet="abcé ", max_size=40), st.text(alphabet="abcé ", max_size=40))
@settings(max_examples=400, deadline=None)
def test_matches_the_naive_reference(a: str, b: str) -> None:
    assert levenshtein(a, b) == naive(a, b)
    assert levenshtein(b, a) == levenshtein(a, b)


def test_long_texts_past_one_machine_word() -> None:
    rng = random.Random(4)
    for _ in range(20):
        a = "".join(rng.choice("abcdefgh \n") for _ in range(rng.randint(60, 300)))
        b = list(a)
        for _ in range(rng.randint(0, 40)):  # an agent's scattered edits
            b.insert(rng.randint(0, len(b)), rng.choice("xyz"))
            del b[rng.randint(0, len(b) - 1)]
        assert levenshtein(a, "".join(b)) == naive(a, "".join(b))


def test_known_values_and_edges() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "") == 0
    assert levenshtein("", "abc") == 3
    assert levenshtein("Thanks, Ana!", "Thanks, Ana!") == 0
    assert levenshtein("naïve café", "naive cafe") == 2  # code points, not bytes
    assert kept_share("abcd", "abcx") == 0.75
    assert kept_share("", "") == 1.0
