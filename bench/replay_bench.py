"""Drafting benchmark: the shadow replay, timed, on a workspace or on generated demo history.

    python bench/replay_bench.py --workspace /path/to/workspace --sample 300
    python bench/replay_bench.py --demo 5000 --sample 300

Prints, for the default drafter and the two anchors the issue names (a random past reply, the
nearest past reply verbatim) measured in the same run: expected acceptance with its 95% Wilson
interval, mean similarity to the agent's real reply, grounding-failure rate, fallback share and
latency p50/p95, then the acceptance ratio of the drafter against each anchor and its
throughput (drafts/s). The workspace must hold an index (`ticketpilot index`); with --demo one is
generated, imported and indexed in a temporary folder first.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ticketpilot.demo.generator import generate
from ticketpilot.demo.service import fresh_workspace, import_demo
from ticketpilot.replay.model import SYSTEM_LABELS, SYSTEMS, ReplayReport
from ticketpilot.replay.service import run_replay
from ticketpilot.retrieval.service import build_index
from ticketpilot.runtime import build_runtime


def _demo_workspace(folder: Path, tickets: int) -> Path:
    ws = fresh_workspace(folder / "ws")
    runtime = build_runtime(ws)
    try:
        import_demo(runtime, generate(ws / "demo-data", tickets=tickets, seed=7), None)
        started = time.perf_counter()
        build_index(runtime)
        print(
            f"demo: {tickets:,} tickets imported and indexed in {time.perf_counter() - started:.0f} s"
        )
    finally:
        runtime.close()
    return ws


def describe(report: ReplayReport, seconds: float) -> None:
    print(report.method())
    print(f"threshold: {report.calibration.describe()}")
    for name in SYSTEMS:
        f = report.systems[name]
        sim = "n/a" if f.similarity_mean is None else f"{f.similarity_mean:.3f}"
        print(
            f"  {SYSTEM_LABELS[name]:30s} acceptance {f.acceptance:6.1%} "
            f"[{f.acceptance_low:.1%}, {f.acceptance_high:.1%}]  similarity {sim}  "
            f"grounding failures {f.grounding_failure_rate:5.1%}  fallback {f.fallback_share:5.1%}  "
            f"latency p50/p95 {f.latency_p50_ms:.1f}/{f.latency_p95_ms:.1f} ms"
        )
    ours = report.systems["default"].acceptance
    for anchor in SYSTEMS[1:]:
        theirs = report.systems[anchor].acceptance
        ratio = f"{ours / theirs:.2f}x" if theirs else "inf"
        print(f"acceptance ratio, default drafter / {SYSTEM_LABELS[anchor]}: {ratio}")
    print(f"throughput: {report.sample / seconds:.1f} held-out tickets/s for the whole replay "
          f"({seconds:.1f} s, drafting plus baselines, scoring and calibration)")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--workspace", type=Path, help="an indexed workspace")
    where.add_argument("--demo", type=int, help="generate, import and index this many demo tickets")
    parser.add_argument("--sample", type=int, default=300, help="held-out tickets")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"replay bench: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, load {load:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        ws = args.workspace or _demo_workspace(Path(tmp), args.demo)
        runtime = build_runtime(ws)
        try:
            started = time.perf_counter()
            report = run_replay(runtime, sample=args.sample)
            describe(report, time.perf_counter() - started)
        finally:
            runtime.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
