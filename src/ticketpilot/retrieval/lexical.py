"""BM25 over an inverted index that grows by appends.

Postings are a term-major CSR "base" (sorted, compact) plus a small unsorted "tail" of recent
appends; the tail folds into the base once it outgrows a fraction of it, so adds stay cheap and
queries stay vectorised. Scores are Lucene's BM25 (k1=1.2, b=0.75, idf = ln(1 + (N-df+.5)/(df+.5))).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_TOKEN = re.compile(r"\w+(?:'\w+)?")
# Function words that match nearly every ticket; dropping them shortens postings tenfold.
# fmt: off
STOPWORDS = frozenset(
    {
        "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be",
        "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
        "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into", "is", "it",
        "its", "just", "me", "my", "no", "nor", "not", "of", "on", "or", "our", "out", "over",
        "she", "so", "some", "than", "that", "the", "their", "them", "then", "there", "these",
        "they", "this", "those", "to", "too", "up", "us", "very", "was", "we", "were", "what",
        "when", "where", "which", "who", "why", "will", "with", "would", "you", "your", "yours",
        "i'm", "it's", "don't", "can't", "i've", "i'll", "you're",
    }
)
# fmt: on


def tokenise(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords; a trailing plural "s" is dropped."""
    out = []
    for token in _TOKEN.findall(text.lower()):
        if token in STOPWORDS:
            continue
        plural = len(token) > 3 and token.endswith("s") and not token.endswith("ss")
        out.append(token[:-1] if plural else token)
    return out


class BM25Index:
    """BM25 scores for every row, with rows appended in order (row ids 0, 1, 2, ...)."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._vocab: dict[str, int] = {}
        self._df = np.zeros(0, dtype=np.int64)
        self._doclen = np.zeros(0, dtype=np.float32)
        self._indptr = np.zeros(1, dtype=np.int64)
        self._docs = np.zeros(0, dtype=np.int32)
        self._tfs = np.zeros(0, dtype=np.float32)
        self._tail_chunks: list[npt.NDArray[np.int64]] = []  # rows of (term, doc, tf)
        self._tail: npt.NDArray[np.int64] | None = None  # the chunks, sorted by term
        self._norm: FloatArray | None = None  # k1 * (1 - b + b * doclen / avgdl), per row

    def __len__(self) -> int:
        return len(self._doclen)

    def add(self, texts: Iterable[str]) -> None:
        """Append one row per text."""
        lengths: list[int] = []
        postings: list[tuple[int, int, int]] = []
        first_row = len(self)
        for offset, text in enumerate(texts):
            counts = Counter(tokenise(text))
            lengths.append(sum(counts.values()))
            for token, tf in counts.items():
                term = self._vocab.setdefault(token, len(self._vocab))
                postings.append((term, first_row + offset, tf))
        chunk = np.asarray(postings, dtype=np.int64).reshape(-1, 3)
        self._df = np.concatenate(
            [self._df, np.zeros(len(self._vocab) - len(self._df), dtype=np.int64)]
        )
        self._df += np.bincount(chunk[:, 0], minlength=len(self._df))
        self._doclen = np.concatenate([self._doclen, np.asarray(lengths, dtype=np.float32)])
        self._tail_chunks.append(chunk)
        self._tail, self._norm = None, None
        if sum(len(c) for c in self._tail_chunks) > max(50_000, len(self._docs) // 8):
            self._fold_tail()

    def _sorted_tail(self) -> npt.NDArray[np.int64]:
        if self._tail is None:
            tail = np.concatenate([np.zeros((0, 3), np.int64), *self._tail_chunks])
            self._tail = tail[np.argsort(tail[:, 0], kind="stable")]
            self._tail_chunks = [self._tail]
        return self._tail

    def _fold_tail(self) -> None:
        tail = self._sorted_tail()
        if not len(tail):
            return
        base_terms = np.repeat(np.arange(len(self._indptr) - 1), np.diff(self._indptr))
        terms = np.concatenate([base_terms, tail[:, 0]])
        docs = np.concatenate([self._docs.astype(np.int64), tail[:, 1]])
        tfs = np.concatenate([self._tfs, tail[:, 2].astype(np.float32)])
        order = np.lexsort((docs, terms))
        self._docs = docs[order].astype(np.int32)
        self._tfs = tfs[order]
        self._indptr = np.zeros(len(self._vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=len(self._vocab)), out=self._indptr[1:])
        self._tail_chunks, self._tail = [], None

    def _postings(self, term: int) -> tuple[npt.NDArray[np.integer], FloatArray]:
        """Rows holding `term` and its frequency in each, base then tail."""
        lo, hi = (
            (self._indptr[term], self._indptr[term + 1]) if term + 1 < len(self._indptr) else (0, 0)
        )
        docs: npt.NDArray[np.integer] = self._docs[lo:hi]
        tfs: FloatArray = self._tfs[lo:hi]
        tail = self._sorted_tail()
        lo, hi = np.searchsorted(tail[:, 0], [term, term + 1])
        if hi > lo:
            docs = np.concatenate([docs, tail[lo:hi, 1]])
            tfs = np.concatenate([tfs, tail[lo:hi, 2].astype(np.float32)])
        return docs, tfs

    def _length_norm(self) -> FloatArray:
        if self._norm is None:
            avgdl = max(float(self._doclen.mean()), 1.0)
            self._norm = self.k1 * (1 - self.b + self.b * self._doclen / avgdl)
        return self._norm

    def scores(self, query: str) -> FloatArray:
        """The BM25 score of `query` against every row (0 where no query term occurs)."""
        out = np.zeros(len(self), dtype=np.float32)
        if not len(self):
            return out
        n = len(self)
        norm = self._length_norm()
        for token in set(tokenise(query)):
            term = self._vocab.get(token)
            if term is None:
                continue
            df = float(self._df[term])
            weight = math.log1p((n - df + 0.5) / (df + 0.5)) * (self.k1 + 1)
            docs, tfs = self._postings(term)
            part = norm[docs]  # in place from here: these arrays can be millions long
            part += tfs
            np.divide(tfs, part, out=part)
            part *= weight
            out[docs] += part
        return out

    def _terms(self, query: str) -> list[tuple[float, int]]:
        """(BM25 weight, term id) of each distinct known query term."""
        n = len(self)
        out = []
        for token in set(tokenise(query)):
            term = self._vocab.get(token)
            if term is not None:
                df = float(self._df[term])
                out.append((math.log1p((n - df + 0.5) / (df + 0.5)) * (self.k1 + 1), term))
        return out

    def _contribution(
        self, weight: float, docs: npt.NDArray[np.integer], tfs: FloatArray
    ) -> FloatArray:
        part: FloatArray = self._length_norm()[docs]
        part += tfs
        np.divide(tfs, part, out=part)
        part *= weight
        return part

    def rare_candidates(
        self, query: str, rare_share: float = 0.01, limit: int = 20_000
    ) -> npt.NDArray[np.int64]:
        """Rows holding any of the query's rare terms (df at most ``rare_share`` of the rows),
        sorted; terms are taken rarest first until ``limit`` postings are gathered.

        Common terms barely tell rows apart but hold most postings: on a million tickets a
        query's common words touch hundreds of thousands of rows. Candidates from the rare
        terms alone, then scored on every term with :meth:`scores_for`, keep what BM25 adds to
        embeddings (exact matches of ids, product names, unusual words) at a small cost.
        """
        n = len(self)
        terms = sorted((int(self._df[term]), term) for _, term in self._terms(query))
        if not terms:
            return np.zeros(0, np.int64)
        rare = [term for df, term in terms if df <= rare_share * n]
        if not rare:
            return np.zeros(0, np.int64)
        found: list[npt.NDArray[np.integer]] = []
        total = 0
        for term in rare:
            docs, _ = self._postings(term)
            found.append(docs)
            total += len(docs)
            if total >= limit:
                break
        return np.unique(np.concatenate(found).astype(np.int64))

    def _row_contribution(
        self, weight: float, term: int, rows: npt.NDArray[np.int64]
    ) -> FloatArray:
        """``term``'s BM25 contribution to each of ``rows`` (sorted), 0 where it is absent.

        A term's postings are in row order: the base is sorted by (term, row), and the tail
        holds only rows appended after the base, stably sorted by term.
        """
        out = np.zeros(len(rows), dtype=np.float32)
        docs, tfs = self._postings(term)
        if not len(docs) or not len(rows):
            return out
        at = np.searchsorted(docs, rows)
        found = at < len(docs)
        found[found] = docs[at[found]] == rows[found]
        hit_rows = rows[found]
        out[found] = self._contribution(weight, hit_rows, tfs[at[found]])
        return out

    def scores_for(self, query: str, rows: npt.NDArray[np.int64]) -> FloatArray:
        """The BM25 score of ``query`` for each of ``rows`` (any order), exactly as :meth:`scores`."""
        rows = np.asarray(rows, dtype=np.int64)
        order = np.argsort(rows, kind="stable")
        sorted_rows = rows[order]
        total = np.zeros(len(rows), dtype=np.float32)
        for weight, term in self._terms(query):
            total += self._row_contribution(weight, term, sorted_rows)
        out = np.empty_like(total)
        out[order] = total
        return out

    def save(self, path: Path) -> None:
        """Write the whole index (postings, lengths, vocabulary) to the one file `path`."""
        self._fold_tail()
        vocab = sorted(self._vocab, key=self._vocab.__getitem__)
        with path.open("wb") as handle:
            np.savez(
                handle,
                df=self._df, doclen=self._doclen, indptr=self._indptr, docs=self._docs,
                tfs=self._tfs, params=np.asarray([self.k1, self.b]),
                vocab=np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
            )  # fmt: skip

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        """Read an index written by `save`."""
        with np.load(path) as data:
            k1, b = (float(x) for x in data["params"])
            index = cls(k1=k1, b=b)
            index._df, index._doclen = data["df"], data["doclen"]
            index._indptr, index._docs, index._tfs = data["indptr"], data["docs"], data["tfs"]
            words = data["vocab"].tobytes().decode("utf-8")
        index._vocab = {token: i for i, token in enumerate(words.split("\n"))} if words else {}
        return index
