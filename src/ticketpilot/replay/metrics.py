"""Replay arithmetic: how close a draft is to the real reply, and how sure we are of a rate.

* ``fact_overlap``: share of the real reply's key facts (its values - ids, amounts, dates,
  links, phone numbers - and its content words) that the draft also states.
* ``wilson``: the Wilson score interval of a proportion (sound at small n and near 0 or 1).
* ``calibrate_threshold``: the similarity that best separates replies agents wrote to the same
  kind of request from replies to different kinds (Youden's J over labelled history).
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

    def describe(self) -> str:
        if self.method == "charter":
            return f"{self.threshold:.2f}, set in ticketpilot.toml [replay] acceptance_threshold"
        if self.method == "default":
            return (
                f"{self.threshold:.2f}, the default: too few categorised replies in history to "
                f"calibrate ({self.same_pairs} same-category pairs)"
            )
        return (
            f"{self.threshold:.2f}, calibrated: best separates {self.same_pairs:,} pairs of agent "
            f"replies to same-category tickets (median {self.same_median:.2f}) from "
            f"{self.different_pairs:,} different-category pairs (median {self.different_median:.2f}); "
            f"AUC {self.auc:.2f}"
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
            "description": self.describe(),
        }


def calibrate_threshold(
    vectors: np.ndarray, categories: Sequence[str], min_pairs: int = 30, seed: int = 7
) -> Calibration:
    """Youden's J threshold between same- and different-category reply similarities.

    ``vectors`` are unit-length embeddings of past agent replies and ``categories`` their
    tickets' categories. Falls back to ``DEFAULT_THRESHOLD`` with fewer than ``min_pairs``
    same-category pairs.
    """
    labels = np.asarray(categories)
    n = len(labels)
    if n < 2:
        return Calibration(DEFAULT_THRESHOLD, "default")
    sims = vectors @ vectors.T
    upper = np.triu_indices(n, k=1)
    same_mask = labels[upper[0]] == labels[upper[1]]
    same, different = sims[upper][same_mask], sims[upper][~same_mask]
    if len(same) < min_pairs or len(different) < min_pairs:
        return Calibration(DEFAULT_THRESHOLD, "default", len(same), len(different))
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
    )
