"""The settler: jobs run in order on one thread, flush waits for those before it, close drains."""

from __future__ import annotations

import threading

import pytest

from ticketpilot.cost.settler import Settler


def test_jobs_run_in_order_off_the_caller_and_flush_waits_for_them() -> None:
    settler = Settler("test-settler")
    gate = threading.Event()
    ran: list[tuple[int, str]] = []

    def job(n: int) -> None:
        gate.wait(timeout=10)
        ran.append((n, threading.current_thread().name))

    for n in range(3):
        settler.submit(lambda n=n: job(n))
    assert ran == []  # the caller did not wait
    gate.set()
    settler.flush()
    assert ran == [(0, "test-settler"), (1, "test-settler"), (2, "test-settler")]
    settler.close()


def test_a_failing_job_is_logged_and_the_next_one_runs(caplog: pytest.LogCaptureFixture) -> None:
    settler = Settler()
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("store said no")

    settler.submit(broken)
    settler.submit(lambda: ran.append("after"))
    settler.flush()
    assert ran == ["after"]
    assert "budget settle failed in the background" in caplog.text
    settler.close()


def test_close_runs_what_is_queued_and_a_later_submit_starts_again() -> None:
    settler = Settler()
    ran: list[int] = []
    settler.flush()  # nothing submitted yet: returns at once
    for n in range(50):
        settler.submit(lambda n=n: ran.append(n))
    settler.close()
    assert ran == list(range(50))
    settler.submit(lambda: ran.append(50))
    settler.flush()
    assert ran[-1] == 50
    settler.close()
