"""Examples for findings, always PII-masked and shortened."""

from __future__ import annotations

from collections.abc import Sequence

from ticketpilot.pii import Detector, redact

_MAX = 160


def masked(text: str, detector: Detector | None = None) -> str:
    """The text with PII replaced by placeholders, cut to a readable length."""
    clean = " ".join(redact(text, detector=detector).text.split())
    return clean if len(clean) <= _MAX else clean[: _MAX - 1] + "…"


def masked_examples(
    texts: Sequence[str], k: int, detector: Detector | None = None
) -> tuple[str, ...]:
    """Up to ``k`` distinct non-empty examples, evenly spread over ``texts``, masked with
    ``detector`` (the audit's, which keeps the brand's own handles)."""
    picked: list[str] = []
    step = max(1, len(texts) // max(1, k * 3))
    for text in texts[::step]:
        if text.strip() and (m := masked(text, detector)) not in picked:
            picked.append(m)
        if len(picked) == k:
            break
    return tuple(picked)
