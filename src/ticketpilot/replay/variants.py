"""``ticketpilot replay --variants``: the charter's experiment variants on the same held-out tickets.

The replay's sample (same seed, same history cut-off per ticket) is drafted once per variant of
``[experiment]`` - its prompt template, and its model when it names one - through the same
engine, and every draft is scored as the replay scores the default drafter (similarity to the
agent's reply at the calibrated threshold, grounded, no outside links). Each variant is then
compared with the reference on the same tickets, paired (:mod:`.paired`). Nothing is written
to the draft log; the result goes to ``reports/replay-variants.json``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from ticketpilot.drafting.service import drafting_engine, variant_drafting
from ticketpilot.errors import TicketpilotError
from ticketpilot.pilot.experiments import ExperimentDesign
from ticketpilot.replay.model import SYSTEMS, Attempted, SystemFigures, figures_of
from ticketpilot.replay.paired import PairedDifference, paired_difference
from ticketpilot.replay.rows import default_row, mark_links
from ticketpilot.replay.sample import draw_sample
from ticketpilot.replay.service import Progress, case_request, replay_calibration, score_rows
from ticketpilot.retrieval.service import workspace_index
from ticketpilot.runtime import Runtime
from ticketpilot.store.tickets import TicketRepository
from ticketpilot.workspace import make_private, private_files


@dataclass
class VariantReplay:
    """Each variant's replay figures on one sample, and each against the reference, paired."""

    experiment: str
    sample: int
    threshold: float
    threshold_source: str
    figures: dict[str, SystemFigures]
    prompt_versions: dict[str, str]
    models: dict[str, str]
    differences: dict[str, PairedDifference]
    seconds: float
    files: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "experiment": self.experiment,
            "sample": self.sample,
            "threshold": self.threshold,
            "threshold_source": self.threshold_source,
            "method": "each variant drafts the same held-out tickets; acceptance as the replay "
            "scores it; each variant against the reference paired on the same tickets: "
            "Newcombe's hybrid score interval for paired proportions (method 10), McNemar's "
            "exact test",
            "variants": {
                name: {
                    "prompt_version": self.prompt_versions[name],
                    "model": self.models[name],
                    **vars_of(f),
                }
                for name, f in self.figures.items()
            },
            "differences": {k: d.as_dict() for k, d in self.differences.items()},
            "seconds": round(self.seconds, 3),
        }


def vars_of(figures: SystemFigures) -> dict[str, Any]:
    return {"n": figures.n, "delivered": figures.delivered, "accepted": figures.accepted,
            "acceptance": figures.acceptance, "acceptance_low": figures.acceptance_low,
            "acceptance_high": figures.acceptance_high}  # fmt: skip


def replay_variants(
    runtime: Runtime, *, sample: int | None = None, progress: Progress | None = None
) -> VariantReplay:
    """Draft the replay's held-out sample with every variant and compare them, paired."""
    experiment = ExperimentDesign.from_charter(runtime.charter)
    if experiment is None:
        raise TicketpilotError(
            "no [experiment] in ticketpilot.toml: name two or more variants to compare "
            "(docs/pilot.md, 'Experiments: prompt and model variants')"
        )
    started = time.perf_counter()
    settings = runtime.charter.replay
    repo = TicketRepository(runtime.engine)
    index = workspace_index(runtime, purpose="the replay drafts from past tickets")
    drawn = draw_sample(repo.iter_tickets(batch_size=5_000), sample or settings.sample,
                        settings.seed, None, runtime.charter.scope.partition)  # fmt: skip
    rows: dict[str, list[Attempted]] = {}
    texts: dict[str, list[str | None]] = {}
    versions: dict[str, str] = {}
    models: dict[str, str] = {}
    with drafting_engine(runtime, record=False) as base:
        for variant in experiment.variants:
            with variant_drafting(runtime, base, variant.prompt_template, variant.model) as engine:
                versions[variant.name] = engine.template.version
                models[variant.name] = engine.provider.model
                rows[variant.name], texts[variant.name] = [], []
                for i, case in enumerate(drawn.cases):
                    result = engine.draft(case_request(case), exclude={case.ticket_id})
                    row = default_row(case, result)
                    row.system = variant.name
                    mark_links(row, case, drawn)
                    rows[variant.name].append(row)
                    texts[variant.name].append(result.text)
                    if progress is not None:
                        progress(f"drafting ({variant.name})", i + 1, len(drawn.cases))
    calibration = replay_calibration(runtime, index, drawn, progress)
    every: dict[str, list[Attempted]] = {name: [] for name in SYSTEMS} | {
        "default": [r for v in rows.values() for r in v]
    }
    score_rows(index, drawn.cases, every, calibration.threshold, progress)
    reference = experiment.reference.name
    differences = {}
    for name in experiment.names[1:]:
        pairs = [(a.accepted, b.accepted) for a, b in zip(rows[name], rows[reference],
                                                           strict=True)]  # fmt: skip
        same = sum(a == b for a, b in zip(texts[name], texts[reference], strict=True))
        differences[name] = paired_difference(name, reference, pairs, identical=same)
    return VariantReplay(
        experiment.name, len(drawn.cases), calibration.threshold, calibration.describe(),
        {name: figures_of(name, r) for name, r in rows.items()}, versions, models, differences,
        time.perf_counter() - started,
    )  # fmt: skip


def replay_variants_and_report(
    runtime: Runtime, *, sample: int | None = None, progress: Progress | None = None
) -> VariantReplay:
    """:func:`replay_variants`, written to ``reports/replay-variants.json``."""
    result = replay_variants(runtime, sample=sample, progress=progress)
    path = runtime.workspace.reports_dir / "replay-variants.json"
    with private_files():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result.as_dict(), indent=2, allow_nan=False), "utf-8")
    make_private([path])
    result.files.append(str(path))
    return result
