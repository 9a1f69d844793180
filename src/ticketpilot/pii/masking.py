"""Masked previews for reports: enough shape to recognise the kind, not enough to identify.

``mask_value("john.smith@example.com", "EMAIL_ADDRESS")`` gives ``j***@e***.com``; cards and
SSNs keep their last four digits, phones and IBANs their last two, names their initials, handles
their first character (``@j***``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from ticketpilot.pii.detector import Detector, default_detector
from ticketpilot.pii.entities import EntityType, RecognizerResult
from ticketpilot.pii.redaction import Redactor


def _keep_last_digits(value: str, keep: int) -> str:
    total = sum(c.isdigit() for c in value)
    seen = 0
    out = []
    for c in value:
        if c.isdigit():
            seen += 1
            out.append(c if seen > total - keep else "*")
        else:
            out.append(c)
    return "".join(out)


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    host, _, tld = domain.rpartition(".")
    return f"{local[:1]}***@{host[:1]}***.{tld}"


def mask_value(value: str, entity_type: str) -> str:
    """A masked rendering of one detected value of ``entity_type``."""
    if entity_type == EntityType.EMAIL_ADDRESS and "@" in value:
        return _mask_email(value)
    if entity_type in (EntityType.CREDIT_CARD, EntityType.US_SSN):
        return _keep_last_digits(value, 4)
    if entity_type == EntityType.PHONE_NUMBER:
        return _keep_last_digits(value, 2)
    if entity_type == EntityType.IBAN_CODE:
        return value[:2] + "".join("*" if c.isalnum() else c for c in value[2:-2]) + value[-2:]
    if entity_type == EntityType.SOCIAL_HANDLE:
        return value[:2] + "***" if value.startswith("@") else value[:1] + "***"
    if entity_type == EntityType.PERSON:
        return " ".join(w[:1] + "***" for w in value.split())
    if entity_type == EntityType.IP_ADDRESS:
        sep = ":" if ":" in value else "."
        head = value.split(sep, maxsplit=1)[0]
        return f"{head}{sep}***"
    if entity_type == EntityType.URL:
        scheme, _, rest = value.partition("://")
        host = rest.split("/")[0] if rest else scheme.split("/")[0]
        return f"{scheme}://{host}/***" if rest else f"{host}/***"
    return value[:1] + "***" if len(value) > 1 else "***"


def mask_preview(
    text: str,
    *,
    style: Literal["mask", "placeholder", "type"] = "mask",
    detector: Detector | None = None,
) -> str:
    """``text`` with its PII masked (``style="mask"``), replaced by numbered placeholders
    (``"placeholder"``) or by its bare type in brackets (``"type"``: ``[EMAIL_ADDRESS]``).

    Example: ``mask_preview("mail john@example.com")`` -> ``"mail j***@e***.com"``.
    """
    if style == "placeholder":
        return Redactor(detector).redact(text)
    results = (detector or default_detector()).detect(text)
    return _masked(text, results, style)


def mask_texts(
    texts: Sequence[str],
    *,
    style: Literal["mask", "type"] = "type",
    detector: Detector | None = None,
) -> list[str]:
    """The texts of one ticket masked together (``Detector.detect_fields``): a value found in
    one is masked wherever it recurs in the others. ``style`` as in :func:`mask_preview`."""
    found = (detector or default_detector()).detect_fields(texts)
    return [_masked(text, results, style) for text, results in zip(texts, found, strict=True)]


def _masked(text: str, results: Sequence[RecognizerResult], style: str) -> str:
    pieces: list[str] = []
    cursor = 0
    for result in results:
        pieces.append(text[cursor : result.start])
        value = result.value(text)
        pieces.append(
            f"[{result.entity_type}]" if style == "type" else mask_value(value, result.entity_type)
        )
        cursor = result.end
    pieces.append(text[cursor:])
    return "".join(pieces)
