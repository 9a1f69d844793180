"""Parsing the date formats helpdesk exports use, into naive UTC datetimes.

Accepted: ISO 8601 (with ``Z`` or an offset), ``2024-01-05 10:00:00 +0000``, Unix seconds or
milliseconds, Twitter's ``Tue Oct 31 22:10:47 +0000 2017``, RFC 2822 mail dates, and numeric
dates such as ``03/05/2024 14:30``, ``31.12.2024`` or ``2024/12/31 9:05 PM``.

A numeric date whose first number is not a four-digit year is read in the file's **date order**
(:data:`DATE_ORDERS`): ``03/05/2024`` is 3 May day-first (``dmy``) and 5 March month-first
(``mdy``). Where the order is not known, a date that only one order can read (``13/05/2024``,
``05/13/2024``) is read that way and one that both can read is an :class:`AmbiguousDateError`:
it is never guessed (:mod:`ticketpilot.tickets.conventions` tells the order from a file's
unambiguous dates, or the user gives ``--date-order``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar

from ticketpilot.errors import RecordError

DATE_ORDERS = ("dmy", "mdy", "ymd")
"""Day/month/year, month/day/year, year/month/day: how a numeric date is read."""
ORDER_NAMES = {"dmy": "day first (dmy)", "mdy": "month first (mdy)", "ymd": "year first (ymd)"}

_FORMATS = ("%Y-%m-%d %H:%M:%S %z", "%a %b %d %H:%M:%S %z %Y")
_NUMERIC = re.compile(
    r"(\d{1,4})([/.\-])(\d{1,2})\2(\d{2,4})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)
_EPOCH_MS_FROM = 100_000_000_000  # numbers above this are milliseconds
_combine = datetime.combine


class DateParseError(RecordError):
    """The value is not a date in any accepted format."""

    code: ClassVar[str] = "bad_value"


class AmbiguousDateError(DateParseError):
    """A numeric date that reads as a valid date both day-first and month-first, in a file
    whose date order is not known."""

    code: ClassVar[str] = "ambiguous_date"


def to_utc_naive(moment: datetime) -> datetime:
    """Aware datetimes are converted to UTC; naive ones are taken as UTC already."""
    if moment.tzinfo is None:
        return moment
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    # the same value as ``replace(tzinfo=None)`` in a quarter of the time (C keyword parsing)
    return _combine(moment.date(), moment.time())


def parse_datetime(value: object, order: str | None = None) -> datetime | None:
    """A naive UTC datetime from ``value``, ``None`` for an empty value, else DateParseError.

    ``order`` (one of :data:`DATE_ORDERS`) reads numeric dates; see the module docstring.
    """
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
    if match := _NUMERIC.fullmatch(text):
        return _numeric(match, order, text)
    for fmt in _FORMATS:
        try:
            return to_utc_naive(datetime.strptime(text, fmt))
        except ValueError:
            continue
    try:
        return to_utc_naive(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        raise DateParseError(f"cannot read {text[:40]!r} as a date") from None


def numeric_date_reading(text: str) -> str | None:
    """How a numeric date can be read: ``"dmy"`` or ``"mdy"`` when only that order gives a
    valid day and month, ``"both"`` when either does, ``None`` for anything else (not a
    numeric date, or year first, which needs no order)."""
    match = _NUMERIC.fullmatch(text.strip())
    if match is None or len(match.group(1)) == 4:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if not (1 <= first <= 31 and 1 <= second <= 31):
        return None
    if first <= 12 and second <= 12:
        return "both"
    if second <= 12:
        return "dmy"
    return "mdy" if first <= 12 else None


def _numeric(match: re.Match[str], order: str | None, text: str) -> datetime:
    first, _, second, third, hour, minute, second_of, fraction, half = match.groups()
    clock = _clock(hour, minute, second_of, fraction, half)
    if clock is None:
        raise DateParseError(f"cannot read {text[:40]!r} as a date")
    if len(first) == 4 or order == "ymd":
        year, month, day = int(first), int(second), int(third)
        used = "ymd"
    else:
        used = order or _only_reading(int(first), int(second), text)
        day, month = (int(first), int(second)) if used == "dmy" else (int(second), int(first))
        year = int(third)
    if len(str(year)) not in (2, 4) or (used == "ymd" and len(third) > 2):
        raise DateParseError(f"cannot read {text[:40]!r} as a date")
    if year < 100:
        year += 2000
    try:
        return datetime(year, month, day, *clock)
    except ValueError:
        raise DateParseError(
            f"{text[:40]!r} is not a valid date read {ORDER_NAMES[used]}"
        ) from None


def _only_reading(first: int, second: int, text: str) -> str:
    if first <= 12 and second <= 12:
        raise AmbiguousDateError(
            f"{text[:40]!r} reads as a date both day first and month first, and the file's "
            "date order is not known: pass --date-order dmy or mdy"
        )
    return "dmy" if first > 12 else "mdy"


def _clock(
    hour: str | None, minute: str | None, second: str | None, fraction: str | None, half: str | None
) -> tuple[int, int, int, int] | None:
    """(hour, minute, second, microsecond) of a time of day, ``None`` when it is not one."""
    if hour is None:
        return 0, 0, 0, 0
    h, m, s = int(hour), int(minute or 0), int(second or 0)
    if half is not None:
        if not 1 <= h <= 12:
            return None
        h = h % 12 + (12 if half in "Pp" else 0)
    if h > 23 or m > 59 or s > 59:
        return None
    return h, m, s, int((fraction or "0").ljust(6, "0"))


def _from_epoch(seconds: float) -> datetime:
    if seconds > _EPOCH_MS_FROM:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, UTC).replace(tzinfo=None)
    except (OverflowError, OSError, ValueError):
        raise DateParseError(f"{seconds!r} is not a valid Unix time") from None
