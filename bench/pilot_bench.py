"""Pilot statistics benchmark: edit distance speed, a metrics call's cost, peeking coverage.

    python bench/pilot_bench.py
    python bench/pilot_bench.py --pairs 2000 --tickets-per-day 3300 --runs 1000

Three figures, each against its anchor measured in the same run:

1. **Edit distance** of draft/sent pairs like an agent's (a few scattered edits in 200-1,500
   characters): ticketpilot's bit-parallel Levenshtein (pure Python) against RapidFuzz's C++
   ``Levenshtein.distance`` (the anchor, when installed) and a naive dynamic programme; the
   distances must agree.
2. **A metrics call** (every figure overall, per category, per prompt version, SRM, status) on a
   simulated 28-day pilot at ``--tickets-per-day`` (3,300 = 100k tickets a month, 10% cohort
   and 10% control): seconds per call, tickets and events.
3. **Coverage under daily peeking** over 30 days (``--runs`` pilots, 40 tickets per arm a day,
   editing time -25%): share of pilots whose interval held the truth at every look, for the
   always-valid interval against the fixed-horizon Welch interval GrowthBook's default reports.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import datetime

import numpy as np

from ticketpilot.pilot import (
    CohortDesign,
    PilotSettings,
    ReplayOutcome,
    levenshtein,
    pilot_metrics,
    simulate_pilot,
    status_of,
)
from ticketpilot.pilot.intervals import MeanStats, relative_lift, z_value
from ticketpilot.pilot.sequential import always_valid_interval

try:
    from rapidfuzz.distance import Levenshtein as RapidLevenshtein
except ImportError:  # the anchor is optional: pip install -e ".[bench]"
    RapidLevenshtein = None


def _naive(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)
            )
        previous = current
    return previous[-1]


def _pairs(count: int, seed: int) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    words = [
        "thanks",
        "order",
        "refund",
        "parcel",
        "delivery",
        "account",
        "password",
        "invoice",
        "sorry",
        "please",
    ]
    pairs = []
    for _ in range(count):
        draft = " ".join(rng.choice(words) for _ in range(rng.randint(30, 220)))
        sent = list(draft)
        for _ in range(rng.randint(1, 25)):
            position = rng.randrange(len(sent))
            sent[position : position + rng.randint(0, 12)] = rng.choice(words)
        pairs.append((draft, "".join(sent)))
    return pairs


def _timed(function: object, pairs: list[tuple[str, str]]) -> tuple[float, list[int]]:
    started = time.perf_counter()
    distances = [function(a, b) for a, b in pairs]  # type: ignore[operator]
    return time.perf_counter() - started, distances


def bench_edit_distance(count: int) -> None:
    pairs = _pairs(count, 7)
    chars = sum(len(a) for a, _ in pairs) / len(pairs)
    ours, got = _timed(levenshtein, pairs)
    naive, expected = _timed(_naive, pairs[: max(1, count // 20)])
    assert got[: len(expected)] == expected, "bit-parallel and naive distances differ"
    naive_per_pair = naive / len(expected)
    print(f"edit distance: {count:,} draft/sent pairs, mean {chars:,.0f} characters")
    print(f"  ticketpilot bit-parallel  {ours / count * 1e3:8.3f} ms/pair")
    print(f"  naive DP (pure Python)    {naive_per_pair * 1e3:8.3f} ms/pair "
          f"-> ticketpilot {naive_per_pair / (ours / count):,.0f}x faster")  # fmt: skip
    if RapidLevenshtein is not None:
        anchor, theirs = _timed(RapidLevenshtein.distance, pairs)
        assert theirs == got, "RapidFuzz and ticketpilot distances differ"
        print(f"  RapidFuzz (C++), anchor   {anchor / count * 1e3:8.3f} ms/pair "
              f"-> ticketpilot / RapidFuzz time = {ours / anchor:,.1f}x")  # fmt: skip
    else:
        print("  RapidFuzz not installed: pip install rapidfuzz for the anchor")


def bench_metrics_call(tickets_per_day: float) -> None:
    rng = np.random.default_rng(3)
    pool = [
        ReplayOutcome(f"R-{i}", str(rng.choice(["billing", "shipping", "returns", "account"])),
                      bool(rng.uniform() < 0.88), float(rng.uniform(0.35, 0.9)),
                      bool(rng.uniform() < 0.03), float(rng.lognormal(6.6, 0.35)),
                      prompt_version=str(rng.choice(["reply-v1", "reply-v2"])))
        for i in range(300)
    ]  # fmt: skip
    design = CohortDesign("bench", 0.1, 0.1)
    started = time.perf_counter()
    events = simulate_pilot(pool, design, days=28, tickets_per_day=tickets_per_day,
                            start=datetime(2026, 3, 2), seed=1)  # fmt: skip
    simulated = time.perf_counter() - started
    settings = PilotSettings(target_resolution_change=-1 / 3)
    started = time.perf_counter()
    metrics = pilot_metrics(events, design, settings)
    status = status_of(metrics)
    seconds = time.perf_counter() - started
    units = sum(metrics.overall.units.values())
    print(f"metrics call: 28 days at {tickets_per_day:,.0f} tickets/day, {units:,} pilot tickets, "
          f"{len(events):,} events (simulated in {simulated:.2f} s)")  # fmt: skip
    segments = 1 + len(metrics.by_category) + len(metrics.by_prompt_version)
    print(f"  every figure for {segments} segments + SRM + status: {seconds:.2f} s "
          f"({len(events) / seconds:,.0f} events/s); status: {status.headline}")  # fmt: skip


def bench_peeking(runs: int) -> None:
    rng = np.random.default_rng(2026)
    days, per_day, truth = 30, 40, -0.25
    n = per_day * np.arange(1, days + 1)

    def daily(mean: float) -> tuple[np.ndarray, np.ndarray]:
        draws = rng.lognormal(np.log(mean) - 0.18, 0.6, (runs, days, per_day))
        sums, squares = draws.sum(axis=2).cumsum(axis=1), (draws**2).sum(axis=2).cumsum(axis=1)
        means = sums / n
        return means, (squares - n * means**2) / (n - 1)

    (t_mean, t_var), (c_mean, c_var) = daily(540.0), daily(720.0)
    always = fixed = 0
    for r in range(runs):
        seq_ok = fixed_ok = True
        for d in range(days):
            lift = relative_lift(MeanStats(int(n[d]), t_mean[r, d], t_var[r, d]),
                                 MeanStats(int(n[d]), c_mean[r, d], c_var[r, d]))  # fmt: skip
            assert lift is not None
            seq_ok &= always_valid_interval(lift.estimate, lift.variance, lift.n, 0.05,
                                            5000).contains(truth)  # fmt: skip
            fixed_ok &= abs(lift.estimate - truth) <= z_value(0.05) * lift.se
        always += seq_ok
        fixed += fixed_ok
    print(f"coverage at every one of 30 daily looks, {runs:,} pilots, truth -25% editing time:")
    print(f"  always-valid (confidence sequence, N*=5000)  {always / runs:6.1%}")
    print(f"  fixed-horizon Welch 95%, anchor              {fixed / runs:6.1%} "
          f"-> {always / max(fixed, 1):.2f}x the anchor's coverage")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--tickets-per-day", type=float, default=3300.0)
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    bench_edit_distance(args.pairs)
    bench_metrics_call(args.tickets_per_day)
    bench_peeking(args.runs)


if __name__ == "__main__":
    main()
