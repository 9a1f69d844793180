"""Parsing the date formats helpdesk exports use, into naive UTC datetimes.

Accepted: ISO 8601 (with ``Z`` or an offset), ``2024-01-05 10:00:00 +0000``, Unix seconds or
milliseconds, Twitter's ``Tue Oct 31 22:10:47 +0000 2017`` and RFC 2822 mail dates.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from ticketpilot.errors import RecordError

_FORMATS = (
    "%Y-%m-%d %H:%M:%S %z",
    "%a %b %d %H:%M:%S %z %Y",
    "%d/%m/%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
)
_EPOCH_MS_FROM = 100_000_000_000  # numbers above this are milliseconds
_combine = datetime.combine


class DateParseError(RecordError):
    """The value is not a date in any accepted format."""


def to_utc_naive(moment: datetime) -> datetime:
    """Aware datetimes are converted to UTC; naive ones are taken as UTC already."""
    if moment.tzinfo is None:
        return moment
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # the same value as ``replace(tzinfo=None)`` in a quarter of the time (C keyword parsing)
    return _combine(moment.date(), moment.time())


def parse_datetime(value: object) -> datetime | None:
    """A naive UTC datetime from ``value``, ``None`` for an empty value, else DateParseError."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return to_utc_naive(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    try:
        return to_utc_naive(datetime.fromisoformat(text))
    except ValueError:
        pass
    if text.replace(".", "", 1).isdigit():
        return _from_epoch(float(text))
    for fmt in _FORMATS:
        try:
            return to_utc_naive(datetime.strptime(text, fmt))
        except ValueError:
            continue
    try:
        return to_utc_naive(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        raise DateParseError(f"cannot read {text[:40]!r} as a date") from None


def _from_epoch(seconds: float) -> datetime:
    if seconds > _EPOCH_MS_FROM:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        raise DateParseError(f"{seconds!r} is not a valid Unix time") from None
