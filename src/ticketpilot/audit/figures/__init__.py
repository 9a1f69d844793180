"""Typed figures of the audit checks: one frozen dataclass per built-in check.

A check's :class:`~ticketpilot.audit.model.CheckResult` holds :class:`Figures`: anything with an
``as_dict()`` that gives its ``figures`` object in ``audit.json`` (``docs/audit-json.md``). Report
sections narrow to the model they chart with ``CheckResult.figures_as(Model)`` and read attributes.

    base.py          Figures (protocol), DataclassFigures, MappingFigures, NO_FIGURES
    ownership.py     OwnershipFigures                  (check ``ownership``)
    coverage.py      CoverageFigures                   (``category_coverage``)
    replies.py       UsableReplyFigures                (``usable_replies``)
    duplicates.py    DuplicateFigures                  (``duplicates``)
    languages.py     LanguageMixFigures                (``language_mix``)
    variability.py   VariabilityFigures                (``reply_variability``)
    pii.py           PiiFigures, PiiTypeFigures, RedactionPreview   (``pii``)
    feasibility.py   FeasibilityFigures                (``retrieval_feasibility``)
"""

from ticketpilot.audit.figures.base import (
    NO_FIGURES,
    DataclassFigures,
    Figures,
    MappingFigures,
    plain,
)
from ticketpilot.audit.figures.coverage import CoverageFigures
from ticketpilot.audit.figures.duplicates import DuplicateFigures
from ticketpilot.audit.figures.feasibility import FeasibilityFigures
from ticketpilot.audit.figures.languages import LanguageMixFigures
from ticketpilot.audit.figures.ownership import OwnershipFigures
from ticketpilot.audit.figures.pii import PiiFigures, PiiTypeFigures, RedactionPreview
from ticketpilot.audit.figures.replies import UsableReplyFigures
from ticketpilot.audit.figures.variability import VariabilityFigures

__all__ = [
    "NO_FIGURES",
    "CoverageFigures",
    "DataclassFigures",
    "DuplicateFigures",
    "FeasibilityFigures",
    "Figures",
    "LanguageMixFigures",
    "MappingFigures",
    "OwnershipFigures",
    "PiiFigures",
    "PiiTypeFigures",
    "RedactionPreview",
    "UsableReplyFigures",
    "VariabilityFigures",
    "plain",
]
