"""Synthetic demo history (SPEC S1 "Demo data"): seeded, realistic, documented as synthetic.

``generate(out)`` writes a fictional company's support history as Zendesk and Freshdesk exports,
with the playbook's data problems built in (40% untagged, replies that vary in tone and format,
PII in ticket text, a November/December peak, a product issue that drifts in after month 3), plus
``pii_ground_truth.jsonl`` (every planted value and its exact offsets) and ``manifest.json``.

Example::

    from pathlib import Path
    from ticketpilot.demo import generate

    result = generate(Path("demo-data"), tickets=2_000, seed=7)
    result.files["zendesk"], result.manifest["untagged_share"]
"""

from ticketpilot.demo.catalog import SYNTHETIC_NOTICE
from ticketpilot.demo.generator import DEFAULT_START, DemoResult, generate, parse_formats
from ticketpilot.demo.writers import HELPDESK_FORMATS, WRITERS

FORMATS: tuple[str, ...] = tuple(WRITERS)

__all__ = [
    "DEFAULT_START",
    "FORMATS",
    "HELPDESK_FORMATS",
    "SYNTHETIC_NOTICE",
    "DemoResult",
    "generate",
    "parse_formats",
]
