"""What crosses to the reading process and back: the importer, and an error as itself."""

from __future__ import annotations

import pickle
import sys

import pytest

from ticketpilot.errors import StorageError
from ticketpilot.tickets.importing.reader_process import _error_message, can_send


def _received(exc: Exception) -> BaseException:
    kind, payload = pickle.loads(pickle.dumps(_error_message(exc)))  # as it is sent
    assert kind == "error"
    assert isinstance(payload, BaseException)
    return payload


def test_a_users_error_arrives_as_itself_without_a_traceback() -> None:
    received = _received(StorageError("cannot write the import's scratch file in /tmp: full"))
    assert type(received) is StorageError
    assert str(received) == "cannot write the import's scratch file in /tmp: full"
    assert not getattr(received, "__notes__", [])


class _NeedsTwoError(Exception):
    """An exception whose constructor pickle cannot call again (it stores one arg of two)."""

    def __init__(self, first: str, second: str) -> None:
        super().__init__(f"{first} and {second}")


def _raise_needs_two() -> None:
    raise _NeedsTwoError("left", "right")


def test_an_error_that_cannot_be_unpickled_arrives_as_its_text_and_traceback() -> None:
    try:
        _raise_needs_two()
    except _NeedsTwoError as exc:
        received = _received(exc)
    assert type(received) is RuntimeError
    assert "the reading process failed" in str(received)
    assert "_NeedsTwoError: left and right" in str(received)
    assert "_raise_needs_two" in str(received)


class _CsvLike:
    name = "csv-like"


def test_an_importer_a_fresh_interpreter_cannot_load_is_not_sent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert can_send(_CsvLike())  # type: ignore[arg-type]
    # a class from `python -c`, a notebook or an unguarded script: it pickles here, by
    # reference to __main__, but a fresh interpreter's __main__ does not have it
    monkeypatch.setattr(_CsvLike, "__module__", "__main__")
    monkeypatch.setattr(sys.modules["__main__"], "_CsvLike", _CsvLike, raising=False)
    assert pickle.loads(pickle.dumps(_CsvLike())).name == "csv-like"
    assert not can_send(_CsvLike())  # type: ignore[arg-type]
