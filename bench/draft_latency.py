"""Draft latency in-process on the service bench's history, with and without cached vectors.

    python bench/draft_latency.py                  # 200 drafts cached, 30 with nothing cached
    python bench/draft_latency.py --cached 500 --cold 50

The service bench's workspace (1,500 demo tickets indexed with the default MiniLM model, in
``~/.cache/ticketpilot-bench/`` or ``$TICKETPILOT_BENCH_CACHE``; built and primed on first use),
copied twice: once with its embedding cache (every past reply's vector cached, as on a service
that has been drafting for a while), once without (a fresh deployment: each past reply is
embedded on the first draft that retrieves it). Each copy drafts new tickets - history texts
with a line of their own added, so the query's own vector is never cached - one at a time
through the drafting seat the service uses (``DraftingSeat``: retrieval, the extractive
drafter, the checks), after one warm-up draft; p50 / p90 / mean per copy.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from service_bench import base_workspace, incoming, prime_replies
from ticketpilot.api.drafters import DraftingSeat
from ticketpilot.drafting.engine import DraftRequest
from ticketpilot.runtime import build_runtime


def drafts_ms(base: Path, texts: list[dict[str, str]], *, cached: bool) -> list[float]:
    """Latency of each draft of ``texts`` (ms) on a copy of ``base``."""
    ignore = [] if cached else ["embedding-cache.sqlite*"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "ws"
        shutil.copytree(base, root, ignore=shutil.ignore_patterns(*ignore))
        runtime = build_runtime(root, environ={})
        seat = DraftingSeat(runtime)
        try:
            seat.draft(DraftRequest(text="Where is my parcel?", subject="Order"))  # warm-up
            out = []
            for n, sample in enumerate(texts):
                body = f"{sample['body']}\nOrder reference Q-{n:05d}, thanks."
                started = time.perf_counter()
                seat.draft(DraftRequest(text=body, subject=sample["subject"],
                                        category=sample["category"]))  # fmt: skip
                out.append((time.perf_counter() - started) * 1000)
            return out
        finally:
            seat.close()
            runtime.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cached", type=int, default=200, help="drafts with vectors cached")
    parser.add_argument("--cold", type=int, default=30, help="drafts with nothing cached")
    args = parser.parse_args()
    base = base_workspace(1500)
    texts = incoming(base)
    prime_replies(base, texts)
    print(f"machine: {platform.node()}, Python {platform.python_version()}; 1,500 demo tickets")
    for label, n, cached in (("replies cached", args.cached, True),
                             ("nothing cached", args.cold, False)):  # fmt: skip
        ms = drafts_ms(base, texts[1000 : 1000 + n], cached=cached)
        print(f"  {label}: n {len(ms)}, p50 {np.percentile(ms, 50):.0f} ms, "
              f"p90 {np.percentile(ms, 90):.0f} ms, mean {np.mean(ms):.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
