"""The runtime: settings, database engine, registries, open indexes and clock, built in one place.

The CLI and the API both call :func:`build_runtime`; nothing else reads the environment or opens
the database. The runtime holds one registry of each pluggable kind (importers, audit checks and
their report sections, draft checks, providers, embedders, PII recognizers, drift detectors,
gate questions, report sections and presets), the indexes this process has opened and the
pilot event logs it has read, so tests and the API inject any of them by building or editing a runtime.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from ticketpilot.audit.checks import default_checks
from ticketpilot.audit.registry import Checks
from ticketpilot.audit.render.sections import Sections, default_sections
from ticketpilot.charter import Charter, load_charter
from ticketpilot.drafting.checks import DraftChecks, default_draft_checks
from ticketpilot.drafting.providers.registry import Providers, default_providers
from ticketpilot.gate.model import Questions
from ticketpilot.gate.questions import default_questions
from ticketpilot.monitor.detectors import DetectorRegistry, default_detectors, detectors_for
from ticketpilot.pii import Detector, Recognizers, default_recognizers
from ticketpilot.reports.presets import Presets, default_presets
from ticketpilot.reports.sections import ReportSections
from ticketpilot.reports.sections import default_sections as default_report_sections
from ticketpilot.retrieval import Embedders, default_embedders
from ticketpilot.retrieval.open_indexes import OpenIndexes
from ticketpilot.store import create_engine_for, database_url_for, migrate
from ticketpilot.store.pilot_event_log import EventLogCache
from ticketpilot.tickets.importers import default_importers
from ticketpilot.tickets.registry import Importers
from ticketpilot.workspace import Workspace, find_workspace

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The current time as naive UTC, the convention of the whole store."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class Runtime:
    """Everything a use case needs; built by :func:`build_runtime`."""

    workspace: Workspace
    charter: Charter
    engine: Engine
    database_url: str
    clock: Clock = utc_now
    environ: Mapping[str, str] = field(default_factory=dict)
    importers: Importers = field(default_factory=default_importers)
    audit_checks: Checks = field(default_factory=default_checks)
    draft_checks: DraftChecks = field(default_factory=default_draft_checks)
    providers: Providers = field(default_factory=default_providers)
    embedders: Embedders = field(default_factory=default_embedders)
    recognizers: Recognizers = field(default_factory=default_recognizers)
    audit_sections: Sections = field(default_factory=default_sections)
    detectors: DetectorRegistry = field(default_factory=default_detectors)
    gate_questions: Questions = field(default_factory=default_questions)
    report_sections: ReportSections = field(default_factory=default_report_sections)
    report_presets: Presets = field(default_factory=default_presets)
    indexes: OpenIndexes = field(init=False)
    event_logs: EventLogCache = field(init=False)
    _detector: Detector | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.indexes = OpenIndexes(self.embedders)
        self.event_logs = EventLogCache(self.workspace.state_dir / "cache")

    @property
    def detector(self) -> Detector:
        """The PII detector over this runtime's recognizers, built on first use."""
        if self._detector is None or self._detector.registry is not self.recognizers:
            self._detector = Detector(self.recognizers)
        return self._detector

    def close(self) -> None:
        """Close the indexes this runtime opened and the database connections."""
        self.indexes.close()
        self.engine.dispose()


def build_runtime(
    workspace_dir: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    clock: Clock = utc_now,
) -> Runtime:
    """Find the workspace, validate its charter, open and migrate its database."""
    env = os.environ if environ is None else environ
    workspace = find_workspace(workspace_dir, env)
    charter = load_charter(workspace.charter_path)
    url = database_url_for(workspace.database_path, charter.storage.database_url, env)
    engine = create_engine_for(url)
    migrate(engine)
    return Runtime(
        workspace=workspace,
        charter=charter,
        engine=engine,
        database_url=url,
        clock=clock,
        environ=dict(env),
        detectors=detectors_for(charter.monitor),
    )
