"""Reading an import file in a second process, so reading and writing use two cores.

An import's Python work splits about evenly: reading, checking and hashing records on one side,
storing them on the other. Both hold the GIL, so a thread cannot overlap them (see
:mod:`.writer`); a process can. :func:`read_in_process` starts one (``spawn``, so nothing of
this process's threads or open connections is inherited) that runs
:func:`~ticketpilot.tickets.reading.read_batches` and sends each batch through a pipe, already
turned into driver rows, which pickle several times faster than ticket objects.

The pipe holds no queue: the reader blocks on a batch until the writer takes it, so memory
holds one batch being read, one in the pipe and one being written. The reading process ignores
Ctrl-C; the writing process gets it, stops the reader and ends on its last whole batch, as an
import in one process does. An error in the reader (a missing column, a full ``TMPDIR``) is
raised in the writer as the same exception; a reader that dies without a word (killed, out of
memory) is an :class:`~ticketpilot.errors.ImportFileError` naming how it ended.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import threading
import traceback
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from pathlib import Path

from ticketpilot.errors import ImportFileError, TicketpilotError
from ticketpilot.tickets.reading import ReadBatch, ReadSettings, read_batches
from ticketpilot.tickets.registry import Importer
from ticketpilot.tickets.source import SourceFile

_BATCH, _ERROR, _END = "batch", "error", "end"


def can_send(importer: Importer) -> bool:
    """Whether ``importer`` can be sent to another process (a plugin's may not pickle)."""
    try:
        pickle.dumps(importer)
    except Exception:  # pickling raises whatever the object's reducer raises
        return False
    return True


def read_in_process(
    importer: Importer, path: Path, settings: ReadSettings
) -> Generator[ReadBatch, None, None]:
    """:func:`~ticketpilot.tickets.reading.read_batches` run in a second process; closing the
    iterator early stops that process."""
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=_read_and_send,
        args=(importer, path, settings, sender),
        name="ticketpilot-read",
        daemon=True,
    )
    with _interrupts_ignored():  # inherited through exec: Ctrl-C is the writer's to handle
        process.start()
    sender.close()
    try:
        while True:
            try:
                kind, payload = pickle.loads(receiver.recv_bytes())
            except (EOFError, OSError):  # OSError: the pipe closed in the middle of a batch
                process.join()
                raise ImportFileError(
                    f"the process reading {path.name} ended without finishing "
                    f"({_how_it_ended(process.exitcode)}); nothing after the last stored batch "
                    "was written, and running the import again resumes it"
                ) from None
            if kind == _BATCH:
                yield payload
            elif kind == _ERROR:
                raise payload
            else:
                return
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join()


def _how_it_ended(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = ", likely out of memory" if name == "SIGKILL" else ""
        return f"killed by {name}{hint}"
    return f"exit code {exitcode}"


@contextmanager
def _interrupts_ignored() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; the child sets its own at once
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _read_and_send(
    importer: Importer, path: Path, settings: ReadSettings, sender: Connection
) -> None:
    """The reading process: every batch, then ``end``; or the error that stopped it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            for batch in read_batches(importer, SourceFile.at(path), settings):
                sender.send_bytes(pickle.dumps((_BATCH, batch), pickle.HIGHEST_PROTOCOL))
            sender.send_bytes(pickle.dumps((_END, None)))
        except (BrokenPipeError, ConnectionResetError):
            return  # the writer stopped listening: it is ending the import
        except Exception as exc:
            sender.send_bytes(_error_message(exc))
    except (BrokenPipeError, ConnectionResetError):
        return
    finally:
        sender.close()


def _error_message(exc: Exception) -> bytes:
    """``exc`` pickled for the writer; one that does not survive pickling becomes a
    RuntimeError with its text. A bug (not a user's error) carries the reader's traceback."""
    if not isinstance(exc, TicketpilotError):
        exc.add_note("in the reading process:\n" + "".join(traceback.format_exception(exc)))
    try:
        message = pickle.dumps((_ERROR, exc))
        pickle.loads(message)
    except Exception:
        text = "".join(traceback.format_exception(exc))
        message = pickle.dumps((_ERROR, RuntimeError(f"the reading process failed:\n{text}")))
    return message
