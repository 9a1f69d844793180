"""The index in a fresh process through the library API: the graph (usearch) loads when the
index opens, the model (onnxruntime) when the first query is embedded.

usearch 2.26.2 and later, imported before onnxruntime with nothing else loaded, crash the
process while onnxruntime loads (SIGSEGV, seen with onnxruntime 1.31 and 1.32; the CLI loads
pyarrow first and happens to survive); pyproject.toml keeps usearch below 2.26.2. This test
fails if the crash comes back with any version pair.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ticketpilot.retrieval import IndexedDoc, RetrievalIndex, RetrievalSettings

_SEARCH = """
from pathlib import Path
from ticketpilot.retrieval import RetrievalIndex, RetrievalSettings
index = RetrievalIndex.open(Path({folder!r}), settings=RetrievalSettings(exact_threshold=10))
assert index.uses_ann
print(index.search("my parcel with order 7 never arrived", k=1, mode="dense")[0].ticket_id)
"""


def test_a_fresh_process_loads_the_graph_then_embeds_a_query(tmp_path: Path) -> None:
    folder = tmp_path / "index"
    products = ["parcel", "refund", "invoice", "password", "seat"]
    docs = [
        IndexedDoc(f"T{i}", f"my {products[i % 5]} with order {i} never arrived") for i in range(40)
    ]
    with RetrievalIndex.open(folder, settings=RetrievalSettings(exact_threshold=10)) as index:
        index.add(docs)
        assert index.uses_ann
    done = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", _SEARCH.format(folder=str(folder))],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.strip().startswith("T")
