"""Retrieval benchmark: index N synthetic support tickets, time single queries end to end.

    python bench/retrieval_bench.py --n 100000

Measures, for ticketpilot's index (the default int8 MiniLM embedder): embedding throughput
(texts/s), build time, index size on disk, RSS, query latency p50/p95/p99 with the query embedded
live, and recall@10 of the approximate index against exact search; then puts the same vectors
and queries through the anchor (Chroma's local client, if installed) and prints the latency
ratio. Target at 1M: p99 <= 25 ms with recall@10 >= 0.95.

The corpus comes from a small seeded generator below, so every run sees the same texts; its
embeddings are cached in ~/.cache/ticketpilot-bench/ (keyed by text hash), so only the first
run at a given N pays for them. Retrieval quality is the share of the hybrid top-k that shares
the query's category (the generator's), printed as "category agreement".

`--masked` stores the corpus as `ticketpilot index` does: every PII finding replaced by its type
(`[ORDER_ID]`, `[PERSON]`) before it is stored, tokenised and embedded; queries stay raw, as a
new ticket's text does. Run once with and once without to see what masking at rest costs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ticketpilot.pii import mask_texts
from ticketpilot.retrieval import IndexedDoc, RetrievalIndex, RetrievalSettings, create_embedder
from ticketpilot.retrieval.evaluation import percentiles_ms

CACHE_DIR = Path(
    os.environ.get("TICKETPILOT_BENCH_CACHE", "~/.cache/ticketpilot-bench")
).expanduser()

# ---------------------------------------------------------------------------------------------
# A seeded generator of support tickets: a category, an opening, a problem from that category's
# templates with its slots filled, sometimes a detail and a closing. Enough variety that texts
# are unique and neighbours are not trivial.

# fmt: off
_OPENERS = ["", "", "Hi,", "Hello team,", "Hey,", "Good morning,", "Dear support,", "Urgent:"]
_CLOSERS = ["", "", "", "Thanks.", "Please help!", "Any update?", "This is ridiculous.",
            "Thank you in advance.", "I have been waiting for days."]
_SLOTS: dict[str, list[str]] = {
    "item": ["headphones", "laptop", "jacket", "coffee machine", "phone case", "sofa", "printer",
             "running shoes", "monitor", "backpack", "watch", "blender", "desk lamp", "camera"],
    "city": ["Paris", "Berlin", "Chicago", "Madrid", "Toronto", "Lyon", "Austin", "Leeds",
             "Porto", "Denver", "Milan", "Dublin"],
    "days": ["two", "three", "five", "seven", "ten", "fourteen"],
    "app": ["iOS app", "Android app", "website", "desktop app", "checkout page"],
    "pay": ["credit card", "PayPal", "gift card", "bank transfer", "Apple Pay"],
    "plan": ["Basic", "Premium", "Family", "Pro", "Student"],
    "feature": ["dark mode", "export to CSV", "offline mode", "two-factor login", "bulk edit"],
    "name": ["Ana", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jamal",
             "Kate", "Liam", "Maria", "Noah", "Olga", "Pedro", "Quinn", "Rosa", "Sam", "Tariq"],
}
_TEMPLATES: dict[str, list[str]] = {
    "SHIPPING": ["my order {order} with the {item} still has not arrived after {days} days",
                 "tracking for {order} has not moved since it left {city}",
                 "the courier says the {item} was delivered but nothing is at my door"],
    "RETURNS": ["I want to return the {item} from order {order}, how do I get a label",
                "returned the {item} {days} weeks ago and still no refund",
                "the {item} arrived broken, I need a replacement or my money back"],
    "BILLING": ["I was charged twice on my {pay} for order {order}",
                "there is a charge I do not recognise for the {plan} plan",
                "the invoice for {order} shows the wrong amount"],
    "ACCOUNT": ["I cannot log in to the {app}, the password reset email never comes",
                "my account got locked after I changed my email",
                "how do I delete my account and all my data"],
    "SUBSCRIPTION": ["please cancel my {plan} subscription before the next renewal",
                     "I upgraded to {plan} but still see the old limits",
                     "why did my {plan} plan renew without a reminder"],
    "BUG": ["the {app} crashes every time I open my cart",
            "{feature} stopped working after the last update of the {app}",
            "I get an error 500 when paying with {pay} on the {app}"],
    "FEATURE": ["please add {feature} to the {app}", "any plans to support {feature}?",
                "it would be great if the {app} had {feature}"],
    "STORE": ["is the {item} in stock at your {city} store",
              "the {city} store refused to honour the online price for the {item}",
              "what are the opening hours of the {city} shop this weekend"],
    "DELIVERY_CHANGE": ["can I change the delivery address of order {order} to {city}",
                        "I need order {order} delivered after {days} days, I am travelling",
                        "please hold order {order} at the {city} depot"],
    "PRAISE": ["the agent who helped me with the {item} was fantastic",
               "great service in {city} today, thank you",
               "delivery of the {item} was faster than promised, well done"],
}
_DETAILS = ["I already contacted you {days} times.", "Customer number {order}.",
            "{name} here, second message about this.", "Thanks, {name}",
            "- {name} from {city}", "My name is on the order.",
            "I paid with {pay}.", "It was a gift for my sister.", "I am a {plan} member.",
            "The box was also damaged.", "Your chat bot was no help.", "I live in {city}."]
# fmt: on


def _fill(template: str, rng: random.Random) -> str:
    values = {key: rng.choice(options) for key, options in _SLOTS.items()}
    values["order"] = f"#{rng.randrange(10**6, 10**7)}"
    return template.format(**values)


def synthetic_tickets(n: int, seed: int) -> Iterator[tuple[str, str]]:
    """`n` (category, text) pairs, the same for the same seed."""
    rng = random.Random(seed)
    categories = sorted(_TEMPLATES)
    for _ in range(n):
        category = rng.choice(categories)
        problem = _fill(rng.choice(_TEMPLATES[category]), rng)
        parts = [rng.choice(_OPENERS), problem + rng.choice([".", "!", "?", "", "..."])]
        for _ in range(rng.choice([0, 1, 1, 2, 2, 3])):
            parts.append(_fill(rng.choice(_DETAILS), rng))
        parts.append(rng.choice(_CLOSERS))
        yield category, " ".join(p for p in parts if p)


# ---------------------------------------------------------------------------------------------
# Measurements


def rss_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB."""
    current = 0.0
    for row in Path("/proc/self/status").read_text().splitlines():
        if row.startswith("VmRSS:"):
            current = int(row.split()[1]) / 1024
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


CPU_SECONDS: dict[int, list[float]] = {}  # id(wall list) -> CPU seconds of the same calls


def timed(fn: Callable[[str], Any], queries: Sequence[str]) -> tuple[list[float], list[Any]]:
    """Each query once, one at a time, after one warm-up call: (wall seconds, results).

    The CPU seconds of each call (all threads) are kept too: on a machine shared with other
    work, they are a steadier guide to what an idle machine would take than the wall clock.
    """
    fn(queries[0])
    seconds, cpu, results = [], [], []
    for query in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        results.append(fn(query))
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    CPU_SECONDS[id(seconds)] = cpu
    return seconds, results


def describe(name: str, seconds: list[float]) -> str:
    p50, p95, p99 = percentiles_ms(seconds)
    c50, _, c99 = percentiles_ms(CPU_SECONDS.get(id(seconds), [0.0]))
    return (
        f"  {name:<30} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  p99 {p99:7.2f} ms"
        f"   (CPU p50 {c50:6.2f} ms, p99 {c99:6.2f} ms)"
    )


def recall_at(got: Sequence[float], exact: Sequence[float]) -> float:
    """Share of the exact top-k reached, tie-aware: a hit counts when its cosine is at least
    the exact k-th one (duplicate texts give equal vectors, so ids alone would undercount)."""
    if not exact:
        return 1.0
    kth = min(exact) - 1e-5
    return min(sum(1 for s in got if s >= kth), len(exact)) / len(exact)


def embedding_throughput(sample: Sequence[str]) -> tuple[float, float]:
    """Texts per second of the default embedder on `sample` (no cache): by the wall clock,
    and by CPU time over the cores (what an idle machine would give)."""
    embedder = create_embedder()
    embedder.embed(sample[:32])
    started, cpu_started = time.perf_counter(), time.process_time()
    embedder.embed(sample)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return len(sample) / wall, len(sample) / (cpu / (os.cpu_count() or 1))


@dataclass
class Anchor:
    build_s: float
    size_mb: float
    indexed: bool
    seconds: list[float]
    ids: list[list[int]]


def lancedb_anchor(
    folder: Path, vectors: np.ndarray, queries: Sequence[str], k: int,
    embed: Callable[[str], np.ndarray],
) -> Anchor | None:  # fmt: skip
    """The same vectors and queries through LanceDB (embedded, local), indexed as it advises."""
    try:
        import lancedb
        import pyarrow as pa
    except ImportError:
        print("anchor: lancedb is not installed (pip install lancedb): no ratio")
        return None
    started = time.perf_counter()
    db = lancedb.connect(str(folder))
    column = pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1)), vectors.shape[1])
    table = db.create_table("t", pa.table({"id": np.arange(len(vectors)), "vector": column}))
    indexed = len(vectors) >= 10_000  # below that LanceDB has too few rows to train partitions
    if indexed:
        from lancedb.index import HnswSq

        table.create_index("vector", config=HnswSq(distance_type="dot"))
    build = time.perf_counter() - started

    def search(query: str) -> list[int]:
        rows = (
            table.search(embed(query)).metric("dot").limit(k).select(["id", "_distance"]).to_list()
        )
        return [int(row["id"]) for row in rows]

    seconds, ids = timed(search, queries)
    return Anchor(build, folder_mb(folder), indexed, seconds, ids)


def prefill(n: int) -> None:
    """Embed the corpus of size `n` into the cache only (no index): the slow part of a first
    run, done at full speed and resumable, so a later run at that n only builds and queries."""
    from ticketpilot.retrieval.cache import CachedEmbedder, EmbeddingCache, iter_chunks

    texts = [text for _, text in synthetic_tickets(n, seed=1)]
    embedder = CachedEmbedder(create_embedder(), EmbeddingCache(CACHE_DIR / "embeddings.sqlite"))
    started, done = time.perf_counter(), 0
    for chunk in iter_chunks(texts, 8192):
        embedder.embed(chunk)
        done += len(chunk)
        rate = embedder.misses / max(time.perf_counter() - started, 1e-9)
        print(f"prefill: {done:,}/{n:,} texts ({embedder.hits:,} already cached,"
              f" {embedder.misses:,} embedded at {rate:,.0f} texts/s)", flush=True)  # fmt: skip
    embedder.cache.close()


def build_index(folder: Path, n: int, threshold: int, masked: bool = False) -> RetrievalIndex:
    """The index of the first `n` generated tickets (streamed: the corpus is never held, so the
    timed queries run in a process holding only what a service would); `masked` stores their
    texts PII-masked, as the workspace index does."""
    settings = RetrievalSettings(exact_threshold=threshold)
    index = RetrievalIndex.open(
        folder, settings=settings, cache_path=CACHE_DIR / "embeddings.sqlite"
    )
    corpus = enumerate(synthetic_tickets(n, seed=1))
    docs = (
        IndexedDoc(f"T{i}", mask_texts([text])[0] if masked else text, category)
        for i, (category, text) in corpus
    )
    result = index.add(docs, total=n)
    index.save()
    build = result.seconds - result.embed_seconds
    print(f"indexed {len(index):,} tickets in {result.seconds:.1f} s: embedding"
          f" {result.embed_seconds:.1f} s ({result.embedded:,} embedded now, {result.from_cache:,}"
          f" from the cache), index build {build:.1f} s;"
          f" {'HNSW graph' if index.uses_ann else 'exact search only'}")  # fmt: skip
    return index


def run(
    n: int, n_queries: int, k: int, threshold: int, anchor: bool, work: Path, masked: bool = False
) -> dict[str, Any]:
    labelled = list(synthetic_tickets(n_queries, seed=2))
    queries = [text for _, text in labelled]
    throughput, idle = embedding_throughput([t for _, t in synthetic_tickets(1000, seed=3)])
    print(f"embedding throughput (int8 MiniLM, length-sorted batches of 32): {throughput:,.0f}"
          f" texts/s by the clock, {idle:,.0f} texts/s by CPU time over {os.cpu_count()} cores;"
          f" 1M texts: ~{1e6 / throughput / 3600:.1f} h now, ~{1e6 / idle / 3600:.1f} h idle")  # fmt: skip
    started = time.perf_counter()
    index = build_index(work / "index", n, threshold, masked)
    figures: dict[str, Any] = {"n": n, "masked": masked, "texts_per_s": throughput, "texts_per_cpu_s": idle,
                               "add_s": time.perf_counter() - started,
                               "index_mb": folder_mb(work / "index")}  # fmt: skip
    figures["rss_mb"], figures["peak_rss_mb"] = rss_mb()
    print(f"index on disk {figures['index_mb']:,.0f} MB;"
          f" RSS {figures['rss_mb']:,.0f} MB (peak {figures['peak_rss_mb']:,.0f} MB)")  # fmt: skip

    exact = RetrievalIndex.open(work / "index", settings=RetrievalSettings(exact_threshold=10**12))
    runs = {
        "embedding the query alone": timed(lambda q: index.embedder.embed([q]), queries),
        "hybrid (the default)": timed(lambda q: index.search(q, k=k), queries),
        "dense": timed(lambda q: index.search(q, k=k, mode="dense"), queries),
        "lexical (no embedding)": timed(lambda q: index.search(q, k=k, mode="lexical"), queries),
        "dense, exact (brute force)": timed(lambda q: exact.search(q, k=k, mode="dense"), queries),
    }
    exact_scores = [[h.dense_score for h in hits] for hits in runs["dense, exact (brute force)"][1]]
    got_scores = [[h.dense_score for h in hits] for hits in runs["dense"][1]]
    recall = float(
        np.mean([recall_at(g, e) for g, e in zip(got_scores, exact_scores, strict=True)])
    )
    print("single queries end to end (the query embedded live, then searched):")
    for name, (seconds, _) in runs.items():
        print(describe(name, seconds))
        p50, p95, p99 = percentiles_ms(seconds)
        c50, c95, c99 = percentiles_ms(CPU_SECONDS[id(seconds)])
        figures[name] = {"p50_ms": p50, "p95_ms": p95, "p99_ms": p99,
                         "cpu_p50_ms": c50, "cpu_p95_ms": c95, "cpu_p99_ms": c99}  # fmt: skip
    figures["recall_at_k"] = recall
    print(f"recall@{k} of ticketpilot's dense search against exact search: {recall:.4f}")
    for name in ("hybrid (the default)", "dense", "lexical (no embedding)"):
        agreement = float(np.mean([
            np.mean([h.category == category for h in hits]) if hits else 0.0
            for (category, _), hits in zip(labelled, runs[name][1], strict=True)
        ]))  # fmt: skip
        figures.setdefault("category_agreement", {})[name] = agreement
        print(f"category agreement@{k}, {name}: {agreement:.4f} (share of the top {k} in the "
              f"query's category, {len(queries):,} queries; corpus {'masked' if masked else 'raw'})")  # fmt: skip

    if anchor:
        dim = index.manifest.dimension
        vectors = np.fromfile(work / "index" / "vectors.f32", dtype=np.float32).reshape(-1, dim)
        lance = lancedb_anchor(work / "lancedb", vectors, queries, k,
                               lambda q: index.embedder.embed([q])[0])  # fmt: skip
        if lance is not None:
            q_vectors = index.embedder.embed(queries)
            lance_recall = float(np.mean([
                recall_at(list(vectors[np.asarray(ids, dtype=np.int64)] @ qv), e)
                for ids, qv, e in zip(lance.ids, q_vectors, exact_scores, strict=True)
            ]))  # fmt: skip
            kind = "IVF_HNSW_SQ index" if lance.indexed else "no index (flat scan)"
            print(f"anchor: LanceDB, {kind}, built in {lance.build_s:.1f} s,"
                  f" {lance.size_mb:,.0f} MB on disk")  # fmt: skip
            print(describe("LanceDB dense, end to end", lance.seconds))
            print(f"  LanceDB recall@{k} against exact search: {lance_recall:.4f}")
            ours, theirs = percentiles_ms(runs["dense"][0]), percentiles_ms(lance.seconds)
            print(f"ratio LanceDB / ticketpilot, dense end to end: p50 {theirs[0] / ours[0]:.2f}x,"
                  f" p99 {theirs[2] / ours[2]:.2f}x")  # fmt: skip
            figures["lancedb"] = {"p50_ms": theirs[0], "p95_ms": theirs[1], "p99_ms": theirs[2],
                                  "recall_at_k": lance_recall, "build_s": lance.build_s,
                                  "size_mb": lance.size_mb}  # fmt: skip
    met = figures["dense"]["p99_ms"] <= 25 and recall >= 0.95
    print(
        f"target at this n (dense p99 <= 25 ms, recall@10 >= 0.95): {'met' if met else 'NOT met'}"
    )
    exact.close()
    index.close()
    return figures


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ticketpilot retrieval benchmark")
    parser.add_argument("--n", type=int, default=100_000, help="tickets to index")
    parser.add_argument("--queries", type=int, default=1000, help="single queries to time")
    parser.add_argument("--k", type=int, default=10)
    parser.add_argument("--exact-threshold", type=int, default=RetrievalSettings().exact_threshold)
    parser.add_argument("--no-anchor", action="store_true", help="skip the LanceDB anchor")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--prefill", action="store_true", help="only embed the corpus into the cache, then stop"
    )
    parser.add_argument(
        "--keep", type=Path, help="build in this (empty) folder and keep the index afterwards"
    )
    parser.add_argument(
        "--masked", action="store_true", help="store the corpus PII-masked, as the workspace does"
    )
    args = parser.parse_args(argv)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    if args.prefill:
        prefill(args.n)
        return 0
    print(f"retrieval bench: n={args.n:,}, {args.queries:,} queries, k={args.k},"
          f" {os.cpu_count()} CPUs, Python {sys.version.split()[0]},"
          f" load average {os.getloadavg()[0]:.1f} (other work skews the latencies)")  # fmt: skip
    if args.keep and args.keep.exists() and any(args.keep.iterdir()):
        parser.error(f"--keep {args.keep}: the folder is not empty")
    work = args.keep or Path(tempfile.mkdtemp(prefix="ticketpilot-bench-"))
    try:
        figures = run(args.n, args.queries, args.k, args.exact_threshold, not args.no_anchor, work,
                      args.masked)  # fmt: skip
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
