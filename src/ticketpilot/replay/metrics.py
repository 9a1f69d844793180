"""Replay arithmetic: how close a draft is to the real reply, and how sure we are of a rate.

* ``fact_overlap``: share of the real reply's key facts (its values - ids, amounts, dates,
  links, phone numbers - and its content words) that the draft also states.
* ``wilson``: the Wilson score interval of a proportion (sound at small n and near 0 or 1).
* ``calibrate_threshold``: the similarity that best separates replies agents wrote to the same
  kind of request from replies to different kinds (Youden's J over labelled history). With a
  scope (a brand...) both kinds of pairs are drawn inside one scope value: across brands the
  replies differ by company (their sign-offs, their sites), which would make any two requests
  look different and the separation look better than it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ticketpilot.drafting.adapt import words
from ticketpilot.drafting.checks import extract_claims

DEFAULT_THRESHOLD = 0.6
_Z95 = 1.959963984540054


def key_facts(text: str) -> set[str]:
    """The values and content words of ``text``."""
    facts = {key for claim in extract_claims(text) for key in claim.keys}
    return facts | {f"w:{w}" for w in words(text)}


def fact_overlap(reference: str, draft: str) -> float | None:
    """Share of ``reference``'s key facts found in ``draft``; ``None`` when it has none."""
    wanted = key_facts(reference)
    if not wanted:
        return None
    return len(wanted & key_facts(draft)) / len(wanted)


def wilson(successes: int, n: int, z: float = _Z95) -> tuple[float, float]:
    """The 95% Wilson score interval of ``successes`` out of ``n`` (``(0, 1)`` when n is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Calibration:
    """The acceptance threshold and where it came from."""

    threshold: float
    method: str  # "youden", "charter" or "default"
    same_pairs: int = 0
    different_pairs: int = 0
    auc: float | None = None
    same_median: float | None = None
    different_median: float | None = None
    within: str | None = None  # the scope field pairs were drawn inside (None: any two replies)

    def describe(self) -> str:
        if self.method == "charter":
            return f"{self.threshold:.2f}, set in ticketpilot.toml [replay] acceptance_threshold"
        inside = f" within one {self.within}" if self.within else ""
        if self.method == "default":
            return (
                f"{self.threshold:.2f}, the default: too few categorised replies in history to "
                f"calibrate ({self.same_pairs:,} same-category and {self.different_pairs:,} "
                f"different-category pairs{inside}; 30 of each needed)"
            )
        return (
            f"{self.threshold:.2f}, calibrated: best separates {self.same_pairs:,} pairs of agent "
            f"replies to same-category tickets (median {self.same_median:.2f}) from "
            f"{self.different_pairs:,} different-category pairs (median {self.different_median:.2f})"
            f"{inside}; AUC {self.auc:.2f}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "threshold": round(self.threshold, 4),
            "method": self.method,
            "same_pairs": self.same_pairs,
            "different_pairs": self.different_pairs,
            "auc": None if self.auc is None else round(self.auc, 4),
            "same_median": self.same_median,
            "different_median": self.different_median,
            "within": self.within,
            "description": self.describe(),
        }


def calibrate_threshold(
    vectors: np.ndarray,
    categories: Sequence[str],
    min_pairs: int = 30,
    seed: int = 7,
    scopes: Sequence[str | None] | None = None,
    within: str | None = None,
) -> Calibration:
    """Youden's J threshold between same- and different-category reply similarities.

    ``vectors`` are unit-length embeddings of past agent replies and ``categories`` their
    tickets' categories. With ``scopes`` (each reply's scope value; ``within`` names the
    field), only pairs of replies in the same scope count, and replies without one none.
    Falls back to ``DEFAULT_THRESHOLD`` with fewer than ``min_pairs`` pairs of either kind.
    """
    labels = np.asarray(categories)
    n = len(labels)
    if n < 2:
        return Calibration(DEFAULT_THRESHOLD, "default", within=within)
    sims = vectors @ vectors.T
    first, second = np.triu_indices(n, k=1)
    if scopes is not None:
        codes = _scope_codes(scopes)
        inside = (codes[first] == codes[second]) & (codes[first] >= 0)
        first, second = first[inside], second[inside]
    same_mask = labels[first] == labels[second]
    pair_sims = sims[first, second]
    same, different = pair_sims[same_mask], pair_sims[~same_mask]
    if len(same) < min_pairs or len(different) < min_pairs:
        return Calibration(DEFAULT_THRESHOLD, "default", len(same), len(different), within=within)
    rng = np.random.default_rng(seed)
    if len(different) > 200_000:
        different = rng.choice(different, 200_000, replace=False)
    candidates = np.unique(np.quantile(np.concatenate([same, different]), np.linspace(0, 1, 401)))
    tpr = (same[None, :] >= candidates[:, None]).mean(axis=1)
    fpr = (different[None, :] >= candidates[:, None]).mean(axis=1)
    best = int(np.argmax(tpr - fpr))
    auc = float(np.trapezoid(tpr[::-1], fpr[::-1]))
    return Calibration(
        threshold=float(candidates[best]),
        method="youden",
        same_pairs=len(same),
        different_pairs=len(different),
        auc=auc,
        same_median=round(float(np.median(same)), 4),
        different_median=round(float(np.median(different)), 4),
        within=within,
    )


def _scope_codes(scopes: Sequence[str | None]) -> np.ndarray:
    """An int per scope value (-1 for none), so pairs can be compared in one pass."""
    codes: dict[str, int] = {}
    return np.asarray(
        [-1 if s is None else codes.setdefault(s, len(codes)) for s in scopes], dtype=np.int64
    )
