"""How an error in the reading process travels to the writer: as itself where it can."""

from __future__ import annotations

import pickle

from ticketpilot.errors import StorageError
from ticketpilot.tickets.reader_process import _error_message


def _received(exc: Exception) -> BaseException:
    kind, payload = pickle.loads(_error_message(exc))
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
