"""Can a classifier tell this period's tickets from the last one's? A numpy domain classifier.

Evidently measures embedding drift the same way (ROC AUC of a classifier trained to separate
reference from current, drift above 0.55). Here the classifier is ridge regression on the unit
vectors, fitted in closed form, cross-fitted over two folds (each half scored by a model that
never saw it), and its AUC is compared with a permutation null: the same classifier on shuffled
labels. Shuffling changes only the labels, so each fold's ``(X'X + lambda I)^-1 X'`` is solved
once and every permutation is one matrix product: 200 permutations of 4,000 tickets cost less
than a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

#: Ridge penalty per training example: enough to keep 384 dimensions from fitting noise.
RIDGE = 0.05


@dataclass(frozen=True)
class DomainTest:
    """The classifier's cross-fitted AUC, and where it falls in the permutation null."""

    auc: float
    null: FloatArray
    n_reference: int
    n_current: int

    @property
    def p_value(self) -> float:
        """Share of permutations reaching this AUC (with the observed one counted)."""
        return float((1 + (self.null >= self.auc).sum()) / (1 + len(self.null)))


def auc_columns(scores: FloatArray, positive: npt.NDArray[np.bool_]) -> FloatArray:
    """ROC AUC of every column of ``scores`` for the labels ``positive`` (per column)."""
    ranks = scores.argsort(axis=0).argsort(axis=0).astype(np.float64) + 1.0
    n1 = positive.sum(axis=0).astype(np.float64)
    n0 = positive.shape[0] - n1
    sum_ranks = (ranks * positive).sum(axis=0)
    values: FloatArray = (sum_ranks - n1 * (n1 + 1.0) / 2.0) / np.maximum(n0 * n1, 1.0)
    return values


def domain_test(
    reference: npt.NDArray[np.float32],
    current: npt.NDArray[np.float32],
    rng: np.random.Generator,
    permutations: int = 200,
) -> DomainTest:
    """Cross-fitted AUC of ridge reference-vs-current, with a permutation null."""
    x = np.vstack([reference, current]).astype(np.float64)
    x -= x.mean(axis=0)
    labels = np.concatenate([np.zeros(len(reference)), np.ones(len(current))])
    shuffled = np.stack([rng.permutation(labels) for _ in range(permutations)], axis=1)
    y = np.hstack([labels[:, None], shuffled])
    fold = np.zeros(len(x), dtype=np.bool_)
    fold[rng.permutation(len(x))[: len(x) // 2]] = True
    aucs = np.zeros(y.shape[1])
    for test in (fold, ~fold):
        train = ~test
        xt = x[train]
        gram = xt.T @ xt + RIDGE * len(xt) * np.eye(x.shape[1])
        targets = y[train] - y[train].mean(axis=0)
        weights = np.linalg.solve(gram, xt.T @ targets)
        aucs += auc_columns(x[test] @ weights, y[test] > 0.5) / 2.0
    return DomainTest(float(aucs[0]), aucs[1:], len(reference), len(current))
