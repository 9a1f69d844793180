"""Reading an import file in a second process, so reading and writing use two cores.

An import's Python work splits about evenly: reading, checking and hashing records on one side,
storing them on the other. Both hold the GIL, so a thread cannot overlap them (see
:mod:`.writer`); a process can. :func:`read_in_process` starts a fresh interpreter running
:func:`main` (a plain subprocess: it inherits no threads or connections, and unlike
``multiprocessing`` it never re-runs the caller's ``__main__`` script), which runs
:func:`~ticketpilot.tickets.importing.reading.read_batches` and writes each batch to its stdout, already
turned into driver rows, which pickle several times faster than ticket objects.

The pipe holds no queue: the reader blocks on a batch until the writer takes it, so memory
holds one batch being read, one in the pipe and one being written. The reader ignores Ctrl-C;
the writer gets it, stops the reader (which then removes its scratch files) and ends on its last
whole batch, as an import in one process does. An error in the reader (a missing column, a full
``TMPDIR``) is raised in the writer as the same exception; a reader that dies without a word
(killed, out of memory) is an :class:`~ticketpilot.errors.ImportFileError` naming how it ended.
"""

from __future__ import annotations

import importlib.util
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Generator, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

from ticketpilot.errors import ImportFileError, TicketpilotError
from ticketpilot.tickets.importing.collection import fewer_collections
from ticketpilot.tickets.importing.reading import ReadBatch, ReadSettings, read_batches
from ticketpilot.tickets.registry import Importer
from ticketpilot.tickets.source import SourceFile

_BATCH, _ERROR, _END = "batch", "error", "end"
_FRAME = struct.Struct("!Q")  # each message: its length, then the pickle
_STOP_SECONDS = 10.0
_RUNNING: set[subprocess.Popen[bytes]] = set()


def can_send(importer: Importer) -> bool:
    """Whether a fresh interpreter can load ``importer``: it pickles, and its class lives in a
    module importable by name (not a script's, a notebook's or ``python -c``'s ``__main__``)."""
    module = type(importer).__module__
    try:
        pickle.dumps(importer)
        return module != "__main__" and importlib.util.find_spec(module) is not None
    except Exception:  # pickling raises whatever the object's reducer raises
        return False


def active_readers() -> list[int]:
    """Process ids of the reading processes still running."""
    return [p.pid for p in _RUNNING if p.poll() is None]


def read_in_process(
    importer: Importer, path: Path, settings: ReadSettings
) -> Generator[ReadBatch, None, None]:
    """:func:`~ticketpilot.tickets.importing.reading.read_batches` run in a second process; closing the
    iterator early stops that process."""
    command = [
        sys.executable,
        "-c",
        "from ticketpilot.tickets.importing.reader_process import main; main()",
    ]
    with _interrupts_ignored():  # inherited through exec: Ctrl-C is the writer's to handle
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    _RUNNING.add(process)
    assert process.stdin is not None and process.stdout is not None
    try:
        with process.stdin as job:
            pickle.dump(sys.path, job)  # first, so the importer's module is found
            pickle.dump((importer, path, settings), job, pickle.HIGHEST_PROTOCOL)
        while True:
            message = _receive(process.stdout)
            if message is None:
                raise _ended_early(process, path)
            kind, payload = message
            if kind == _BATCH:
                yield payload
            elif kind == _ERROR:
                raise payload
            else:
                return
    except BrokenPipeError:
        raise _ended_early(process, path) from None
    finally:
        _stop(process)


def _receive(stream: IO[bytes]) -> Any | None:
    """The next message, or ``None`` where the stream ends (in the middle of one, too)."""
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        return None
    (size,) = _FRAME.unpack(head)
    body = stream.read(size)
    return pickle.loads(body) if len(body) == size else None


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Close the pipe (a reader still writing gets BrokenPipeError and returns, removing its
    scratch files); one that does not stop in time is terminated, which unwinds it too."""
    assert process.stdout is not None
    process.stdout.close()
    try:
        process.wait(_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.terminate()
        try:
            process.wait(_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    finally:
        _RUNNING.discard(process)


def _ended_early(process: subprocess.Popen[bytes], path: Path) -> ImportFileError:
    code = process.wait()
    return ImportFileError(
        f"the process reading {path.name} ended without finishing ({_how_it_ended(code)}); "
        "nothing after the last stored batch was written, and running the import again resumes it"
    )


def _how_it_ended(exitcode: int) -> str:
    if exitcode >= 0:
        return f"exit code {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        return f"killed by signal {-exitcode}"
    hint = ", likely out of memory" if name == "SIGKILL" else ""
    return f"killed by {name}{hint}"


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


def main() -> None:
    """The reading process: loads its job from stdin, writes every batch then ``end`` (or the
    error that stopped it) to stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_on_terminate)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print goes to stderr, never into the batches
    try:
        with out:
            _read_and_send(out)
    except (BrokenPipeError, ConnectionResetError):
        return  # the writer stopped listening: it is ending the import


def _exit_on_terminate(signum: int, frame: object) -> NoReturn:
    sys.exit(128 + signum)  # unwinds the with-blocks: the scratch files are removed


def _read_and_send(out: IO[bytes]) -> None:
    job = sys.stdin.buffer
    sys.path[:] = pickle.load(job)
    try:
        importer, path, settings = pickle.load(job)
        batches = read_batches(importer, SourceFile.at(path), settings)
        with closing(batches), fewer_collections():
            for batch in batches:
                _send(out, (_BATCH, batch))
        _send(out, (_END, None))
    except (BrokenPipeError, ConnectionResetError):
        raise
    except Exception as exc:
        _send(out, _error_message(exc))


def _send(out: IO[bytes], message: object) -> None:
    body = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
    out.write(_FRAME.pack(len(body)) + body)
    out.flush()


def _error_message(exc: Exception) -> tuple[str, Exception]:
    """The message carrying ``exc`` to the writer; one that does not survive pickling becomes
    a RuntimeError with its text. A bug (not a user's error) carries the reader's traceback."""
    if not isinstance(exc, TicketpilotError):
        exc.add_note("in the reading process:\n" + "".join(traceback.format_exception(exc)))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        text = "".join(traceback.format_exception(exc))
        return _ERROR, RuntimeError(f"the reading process failed:\n{text}")
    return _ERROR, exc
