"""What every check's figures are: an object whose ``as_dict()`` is its ``figures`` in audit.json.

Built-in checks return a frozen dataclass of their own (:class:`DataclassFigures` gives it
``as_dict()`` over its fields, in declaration order: the key order of ``docs/audit-json.md``), so
report sections read typed attributes. A third party's check may return its own model, or wrap a
plain mapping in :class:`MappingFigures`; the report shows any figures in a generic table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import Field, dataclass, fields, is_dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Protocol


class Figures(Protocol):
    """The measurements behind a check's score, as data for ``audit.json`` and the report."""

    def as_dict(self) -> dict[str, Any]:
        """A fresh JSON-ready dict (objects, lists, strings, numbers, booleans, ``None``)."""
        ...


def plain(value: object) -> Any:
    """A JSON-ready copy of ``value``: dataclasses as dicts in field order (a
    :class:`MappingFigures` as its mapping), mappings as dicts, lists and tuples as lists;
    anything else as it is."""
    if isinstance(value, MappingFigures):
        return value.as_dict()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


class DataclassFigures:
    """Base of a figures dataclass: ``as_dict()`` maps each field, in order, to its plain value."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # set by @dataclass on the subclass

    def as_dict(self) -> dict[str, Any]:
        """The fields in declaration order, nested models and mappings as dicts."""
        return {f.name: plain(getattr(self, f.name)) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class MappingFigures:
    """Figures held as a mapping of name to value: for a check without a model of its own.

    >>> MappingFigures({"articles": 12, "stale_share": 0.25}).as_dict()
    {'articles': 12, 'stale_share': 0.25}
    """

    values: Mapping[str, Any]

    def as_dict(self) -> dict[str, Any]:
        """The mapping, copied, in its own order."""
        return {k: plain(v) for k, v in self.values.items()}


NO_FIGURES = MappingFigures(MappingProxyType({}))
"""A check that measured nothing (``"figures": {}`` in audit.json)."""
