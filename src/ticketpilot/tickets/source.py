"""Opening an import file: decompression by suffix, encoding sniffed, bytes read counted.

The byte count of the file on disk is what the progress bar follows, so compressed files show
true progress too.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import hashlib
import io
import lzma
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ticketpilot.errors import ImportFileError
from ticketpilot.tickets.conventions import ReadNotes

_SNIFF_BYTES = 1 << 20
_OPENERS = {".gz": gzip.open, ".bz2": bz2.open, ".xz": lzma.open}
_VALID_NON_ASCII = re.compile("[^\x00-\x7f\ufffd]")


class _CountingReader(io.RawIOBase):
    """A raw stream that counts the bytes its consumer has read from the file."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


@dataclass(slots=True)
class SourceFile:
    """An import file on disk; :meth:`open_text` decodes it with the sniffed encoding.

    :attr:`notes` is where an importer records what it learned about the file (its date order,
    its CSAT scale, warnings) for the import result.
    """

    path: Path
    size: int = 0
    encoding: str = "utf-8"
    notes: ReadNotes = field(default_factory=ReadNotes)
    _counter: _CountingReader | None = field(default=None, repr=False)
    _reached: int = field(default=0, repr=False)

    @classmethod
    def at(cls, path: Path) -> SourceFile:
        """The file at ``path``; a file its compression cannot read is refused with the reason."""
        source = cls(path=path, size=path.stat().st_size)
        try:
            source.encoding = source._sniff_encoding()
        except (EOFError, OSError, lzma.LZMAError) as exc:
            raise ImportFileError(
                f"{path.name} is not a readable {path.suffix or 'plain'} file: {exc}"
            ) from exc
        return source

    @property
    def suffix(self) -> str:
        """The format suffix, without a compression suffix: ``data.csv.bz2`` gives ``.csv``."""
        suffixes = [s.lower() for s in self.path.suffixes]
        if suffixes and suffixes[-1] in _OPENERS:
            suffixes.pop()
        return suffixes[-1] if suffixes else ""

    @property
    def bytes_read(self) -> int:
        """How far into the file the importer is, in bytes of the file on disk."""
        return max(self._counter.count if self._counter else 0, self._reached)

    def reached(self, share: float) -> None:
        """For importers that do not read through :meth:`open_binary` (Parquet seeks to column
        chunks): report progress as the share of the file's records done so far."""
        self._reached = max(self._reached, min(self.size, round(self.size * share)))

    @contextmanager
    def open_binary(self) -> Iterator[IO[bytes]]:
        """The decompressed bytes of the file; reads are counted for progress."""
        raw = self.path.open("rb")
        self._counter = _CountingReader(raw)
        buffered = io.BufferedReader(self._counter, buffer_size=1 << 16)
        opener = _OPENERS.get(self.path.suffix.lower())
        stream: IO[bytes] = opener(buffered, "rb") if opener else buffered  # type: ignore[operator]
        try:
            yield stream
        finally:
            stream.close()
            buffered.close()

    @contextmanager
    def open_text(self) -> Iterator[IO[str]]:
        """Decoded text; undecodable bytes become surrogate escapes for the importer to reject."""
        with self.open_binary() as binary:
            text = io.TextIOWrapper(
                binary, encoding=self.encoding, errors="surrogateescape", newline=""
            )
            try:
                yield text
            finally:
                text.detach()

    def sha256(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def _sniff_encoding(self) -> str:
        """BOM first; else UTF-8 unless invalid bytes appear and no valid multi-byte sequence does.

        cp1252 text almost never forms valid multi-byte UTF-8, so one valid sequence means the
        file is UTF-8 and its invalid lines are damage to quarantine. The scan stops at the first
        valid sequence; a pure-ASCII file is read to its end (at memory speed).
        """
        opener = _OPENERS.get(self.path.suffix.lower())
        with (opener or open)(self.path, "rb") as handle:  # type: ignore[operator]
            head: bytes = handle.read(4)
            if head.startswith(codecs.BOM_UTF8):
                return "utf-8-sig"
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
            invalid = False
            chunk = head
            while chunk:
                if not chunk.isascii():
                    text = decoder.decode(chunk)
                    if _VALID_NON_ASCII.search(text):
                        return "utf-8"
                    invalid = invalid or "\ufffd" in text
                chunk = handle.read(_SNIFF_BYTES)
        return "cp1252" if invalid else "utf-8"
