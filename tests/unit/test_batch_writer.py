"""BatchWriter: ordered writes, one in flight, errors raised in the caller, interval restored."""

from __future__ import annotations

import sys
import threading

import pytest

from ticketpilot.tickets.importing.writer import SWITCH_INTERVAL, BatchWriter


class _WriteError(RuntimeError):
    pass


def test_background_jobs_run_in_order_on_one_other_thread() -> None:
    done: list[tuple[int, str]] = []
    with BatchWriter(background=True) as writer:
        for n in range(20):
            writer.submit(lambda n: done.append((n, threading.current_thread().name)), n)
    assert [n for n, _ in done] == list(range(20))
    names = {name for _, name in done}
    assert len(names) == 1
    assert names != {threading.current_thread().name}


def test_submit_returns_while_the_job_runs_and_the_next_waits_for_it() -> None:
    release, started = threading.Event(), threading.Event()
    second_started = threading.Event()

    def slow() -> None:
        started.set()
        assert release.wait(5)

    with BatchWriter(background=True) as writer:
        writer.submit(slow)  # returns at once: the caller reads on while it writes
        assert started.wait(5)
        submitter = threading.Thread(target=writer.submit, args=(second_started.set,))
        submitter.start()
        submitter.join(0.2)
        assert submitter.is_alive()  # at most one write in flight: the second submit waits
        assert not second_started.is_set()
        release.set()
        submitter.join(5)
        assert not submitter.is_alive()
    assert second_started.is_set()


def test_a_failed_write_is_raised_at_the_next_submit_which_then_does_not_run() -> None:
    ran: list[str] = []

    def fail() -> None:
        raise _WriteError("disk full")

    writer = BatchWriter(background=True)
    writer.submit(fail)
    with pytest.raises(_WriteError, match="disk full"):
        writer.submit(ran.append, "after")
    writer.close()
    assert ran == []


def test_a_failed_write_is_raised_at_wait_and_close() -> None:
    def fail() -> None:
        raise _WriteError("lost connection")

    writer = BatchWriter(background=True)
    writer.submit(fail)
    with pytest.raises(_WriteError):
        writer.wait()
    writer.close()  # the error was taken by wait: close has nothing left to raise
    writer = BatchWriter(background=True)
    writer.submit(fail)
    with pytest.raises(_WriteError):
        writer.close()


def test_close_waits_for_the_write_in_flight() -> None:
    finished = threading.Event()

    def slow() -> None:
        threading.Event().wait(0.2)
        finished.set()

    writer = BatchWriter(background=True)
    writer.submit(slow)
    writer.close()
    assert finished.is_set()


def test_the_switch_interval_is_lowered_while_the_thread_runs_and_restored_after() -> None:
    before = sys.getswitchinterval()
    assert before > SWITCH_INTERVAL
    writer = BatchWriter(background=True)
    assert sys.getswitchinterval() == pytest.approx(SWITCH_INTERVAL)

    def fail() -> None:
        raise _WriteError("x")

    writer.submit(fail)
    with pytest.raises(_WriteError):
        writer.close()
    assert sys.getswitchinterval() == pytest.approx(before)


def test_inline_jobs_run_before_submit_returns_on_the_calling_thread() -> None:
    before = sys.getswitchinterval()
    seen: list[str] = []
    with BatchWriter(background=False) as writer:
        writer.submit(lambda: seen.append(threading.current_thread().name))
        assert seen == [threading.current_thread().name]
        assert sys.getswitchinterval() == before

        def fail() -> None:
            raise _WriteError("inline")

        with pytest.raises(_WriteError, match="inline"):
            writer.submit(fail)
