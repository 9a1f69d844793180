"""The index manifest, `manifest.json`: what an index folder holds and how it was built.

It is written last, atomically, after each add, so it is the commit point: on open, anything
the files hold past `count` (from an interrupted add) is ignored and cut. The BM25 and ANN
snapshots record the row count they cover; rows added since are replayed from the stored
texts and vectors, never re-embedded.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ticketpilot.errors import RetrievalError

FILE_NAME = "manifest.json"
FORMAT_VERSION = 1


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class Manifest:
    """Model name and dimension, row counts, build times and snapshot coverage of an index."""

    model: str
    dimension: int
    count: int = 0
    alive: int = 0
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    build_seconds: float = 0.0
    embed_seconds: float = 0.0
    lexical_count: int = 0
    ann_count: int = 0
    format_version: int = FORMAT_VERSION
    scope_field: str | None = None
    """The ticket field whose value each document's `scope` holds (`None`: documents carry
    none; an index from before scopes existed reads as `None`)."""

    def save(self, folder: Path) -> None:
        """Write `folder/manifest.json` atomically (write a temporary file, then rename)."""
        self.updated_at = _now()
        temporary = folder / f".{FILE_NAME}.tmp"
        temporary.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, folder / FILE_NAME)

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        """The manifest of `folder`, or None when there is none (a new index)."""
        path = folder / FILE_NAME
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (ValueError, TypeError) as exc:
            raise RetrievalError(f"{path} is not a ticketpilot index manifest: {exc}") from exc
        if manifest.format_version != FORMAT_VERSION:
            raise RetrievalError(
                f"{path} has format {manifest.format_version}; this version reads "
                f"{FORMAT_VERSION}: rebuild the index"
            )
        return manifest
