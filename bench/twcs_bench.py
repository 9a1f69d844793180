"""twcs benchmark: rebuilding Twitter conversations from reply links, against pandas' flat load.

    python bench/twcs_bench.py --conversations 330000 [--db sqlite|postgres|both]

N synthetic conversations (a customer tweet, a brand reply, 0-2 more turns; ids and rows out of
time order, shuffled in blocks of 2,000 so replies often come before what they answer) are
generated once (seeded) into ``~/.cache/ticketpilot-bench/`` in the twcs schema. Then, each in a
fresh subprocess on a fresh database, as in ``import_bench.py``:

* ours: ``import_file(..., ImportOptions(fmt="twcs"))``, the code behind
  ``ticketpilot import --format twcs``: tweets spooled to disk, conversations linked, one ticket
  with its thread per conversation;
* the anchor: ``pandas.read_csv`` + ``DataFrame.to_sql`` of the same file: one flat row per tweet,
  no threads.

It prints seconds, tweets/s, peak RSS and the ratios ours/pandas. Memory is the point here:
ours should stay flat as N grows (run two sizes to see it), pandas' grows with the file.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from import_bench import CACHE, _Database, _mib

HEADER = (
    "tweet_id",
    "author_id",
    "inbound",
    "created_at",
    "text",
    "response_tweet_id",
    "in_response_to_tweet_id",
)
GENERATOR_VERSION = 1
_START = datetime(2017, 10, 1)


def dataset(conversations: int, seed: int) -> tuple[Path, int]:
    """The twcs file of N conversations (generated into the cache on first use), and its tweets."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"twcs-c{conversations}-seed{seed}-v{GENERATOR_VERSION}.csv"
    if not path.exists():
        part = path.with_suffix(".part")
        rng = random.Random(seed)
        tweet_id = 1_000_000
        block: list[list[str]] = []
        with part.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for _ in range(conversations):
                at = _START + timedelta(seconds=rng.randrange(60 * 86_400))
                customer, parent = str(100_000 + rng.randrange(50_000)), ""
                for turn in range(rng.randrange(2, 5)):
                    tweet_id += 1
                    inbound = turn % 2 == 0
                    text = (
                        f"@AcmeHelp my order {rng.randrange(10**6)} is late, {turn + 2} days now"
                        if inbound
                        else f"@{customer} Sorry! Please DM us order {rng.randrange(10**6)}."
                    )
                    stamp = (at + timedelta(minutes=7 * turn)).strftime(
                        "%a %b %d %H:%M:%S +0000 %Y"
                    )
                    author = customer if inbound else "AcmeHelp"
                    block.append([str(tweet_id), author, str(inbound), stamp, text, "", parent])
                    parent = str(tweet_id)
                if len(block) >= 2_000:
                    rng.shuffle(block)
                    writer.writerows(block)
                    block = []
            rng.shuffle(block)
            writer.writerows(block)
        part.replace(path)
    with path.open("rb") as handle:
        tweets = sum(1 for _ in handle) - 1
    return path, tweets


def _child(spec: dict[str, Any]) -> None:
    path, url = Path(spec["path"]), spec["url"]
    from ticketpilot.store import create_engine_for, migrate

    engine = create_engine_for(url)
    if spec["tool"] == "ticketpilot":
        from ticketpilot.tickets.importers import default_importers
        from ticketpilot.tickets.importing.pipeline import ImportOptions, import_file

        migrate(engine)
        started = time.perf_counter()
        result = import_file(
            engine, default_importers(), path, ImportOptions(fmt="twcs"), clock=datetime.now
        )
        out: dict[str, Any] = {"tickets": result.tickets, "quarantined": result.quarantined}
    else:
        import pandas as pd

        started = time.perf_counter()
        frame = pd.read_csv(path)
        frame.to_sql("tweets", engine, index=False)
        out = {"tickets": 0, "quarantined": 0}
    out["seconds"] = time.perf_counter() - started
    engine.dispose()
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: KiB on Linux, bytes on macOS
    out["peak_rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(json.loads(args.child))
        return
    path, tweets = dataset(args.conversations, args.seed)
    size = path.stat().st_size
    print(f"{path.name}: {tweets:,} tweets in {args.conversations:,} conversations, {size:,} B")
    load = os.getloadavg()[0]
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="tp-bench-", dir=CACHE) as tmp:
        for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
            for tool in ("ticketpilot", "pandas"):
                with _Database(db, Path(tmp)) as url:
                    spec = json.dumps({"tool": tool, "path": str(path), "url": url})
                    done = subprocess.run(
                        [sys.executable, __file__, "--child", spec],
                        capture_output=True,
                        text=True,
                        check=False,
                    )
                if done.returncode != 0:
                    print(done.stderr, file=sys.stderr)
                    raise SystemExit(f"{tool} on {db} failed (exit {done.returncode})")
                rows[db, tool] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print(f"{'db':<8} {'tool':<26} {'seconds':>8} {'tweets/s':>9} {'peak RSS':>9}  result")
    for (db, tool), r in rows.items():
        name = "ticketpilot import (twcs)" if tool == "ticketpilot" else "pandas read + to_sql"
        result = (
            f"{r['tickets']:,} conversations, {r['quarantined']:,} quarantined"
            if tool == "ticketpilot"
            else "flat tweets, no threads"
        )
        print(
            f"{db:<8} {name:<26} {r['seconds']:>8.1f} {tweets / r['seconds']:>9,.0f} "
            f"{_mib(r['peak_rss']):>9}  {result}"
        )
    for db in dict.fromkeys(db for db, _ in rows):
        ours, anchor = rows[db, "ticketpilot"], rows[db, "pandas"]
        print(
            f"  {db:<8} speed {anchor['seconds'] / ours['seconds']:5.2f}x pandas, "
            f"peak memory {ours['peak_rss'] / anchor['peak_rss']:5.2f}x pandas"
        )


if __name__ == "__main__":
    main()
