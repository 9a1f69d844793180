"""An import paces garbage collection for its own duration only."""

import gc
from collections.abc import Iterator

import pytest

from ticketpilot.tickets.importing.collection import YOUNG_THRESHOLD, fewer_collections


@pytest.fixture(autouse=True)
def _thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_young_generation_waits_inside_and_pacing_returns_after() -> None:
    gc.set_threshold(700, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == (YOUNG_THRESHOLD, 10, 10)
    assert gc.get_threshold() == (700, 10, 10)


def test_pacing_returns_after_an_error_and_is_never_made_more_frequent() -> None:
    gc.set_threshold(200_000, 5, 5)
    inside = []

    def fail() -> None:
        with fewer_collections():
            inside.append(gc.get_threshold())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert inside == [(200_000, 5, 5)]
    assert gc.get_threshold() == (200_000, 5, 5)
