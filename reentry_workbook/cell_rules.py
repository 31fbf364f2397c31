"""Rules for the cells and records of list (table) items, in plain words; no widgets, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .model import Column
from .words import plural as plural  # one plural rule for the package

Record = Mapping[str, Any]
R = TypeVar("R", bound=Record)

ORDER_WORDS: dict[str, tuple[str, str]] = {
    "text": ("A to Z", "Z to A"),
    "long_text": ("A to Z", "Z to A"),
    "integer": ("lowest first", "highest first"),
    "number": ("lowest first", "highest first"),
    "scale": ("lowest first", "highest first"),
    "date": ("earliest first", "latest first"),
    "choice": ("as listed", "in reverse"),
    "multi_choice": ("as listed", "in reverse"),
    "yes_no": ("yes first", "no first"),
    "ref": ("A to Z", "Z to A"),
}
"""Column kind -> how its ascending and descending orders are said."""


def _number(value: float) -> str:
    return f"{value:g}"


def range_words(noun: str, low: float | None, high: float | None) -> str | None:
    """'a whole number from 0 to 120', 'a number of at least 1', or None without bounds."""
    if low is not None and high is not None:
        return f"{noun} from {_number(low)} to {_number(high)}"
    if low is not None:
        return f"{noun} of at least {_number(low)}"
    if high is not None:
        return f"{noun} of at most {_number(high)}"
    return None


def range_text(column: Column) -> str | None:
    """'a whole number from 0 to 120' for an integer or number column with min or max."""
    if column.kind not in ("integer", "number"):
        return None
    noun = "a whole number" if column.kind == "integer" else "a number"
    return range_words(noun, column.min, column.max)


def in_range(column: Column, value: float) -> bool:
    """Whether a number lies within the column's min and max (each optional)."""
    return (column.min is None or value >= column.min) and (
        column.max is None or value <= column.max
    )


def cell_messages(column: Column, value: Any) -> list[str]:
    """Plain-language problems with one filled cell; an empty cell has none here ('required'
    is a matter of the whole record, see ``record_is_empty`` and the item's messages)."""
    if column.kind not in ("integer", "number") or isinstance(value, bool):
        return []
    if not isinstance(value, int | float):
        return []
    text = range_text(column)
    if text is None or in_range(column, value):
        return []
    return [f"Enter {text}."]


def is_filled(value: Any) -> bool:
    """Whether one cell holds an answer (False for None, blank text and empty lists)."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


def record_is_empty(record: Record) -> bool:
    """Whether a record has no field filled in (keys starting with '_', like its id, aside)."""
    return not any(is_filled(v) for k, v in record.items() if not k.startswith("_"))


def sort_options(columns: Sequence[Column]) -> list[tuple[str, tuple[str, bool]]]:
    """(label, (column id, descending)) for every column and both orders, e.g.
    ('Name: A to Z', ('name', False))."""
    options = []
    for col in columns:
        up, down = ORDER_WORDS[col.kind]
        name = col.label.split(" (")[0]
        options += [(f"{name}: {up}", (col.id, False)), (f"{name}: {down}", (col.id, True))]
    return options


def order_text(column: Column, descending: bool) -> str:
    """'Sorted by Name, A to Z.'"""
    words = ORDER_WORDS[column.kind][1 if descending else 0]
    return f"Sorted by {column.label.split(' (')[0]}, {words}."


def sorted_records(
    column: Column, key: Callable[[Any], Any], records: Sequence[R], descending: bool
) -> list[R]:
    """Records ordered by one column, either way, by ``key`` of each value (the column kind
    decides: text without regard to case, choices in the template's order, picked records by
    name, numbers and dates by value); records without a value stay last."""
    filled = [r for r in records if is_filled(r.get(column.id))]
    empty = [r for r in records if not is_filled(r.get(column.id))]
    return sorted(filled, key=lambda r: key(r[column.id]), reverse=descending) + empty
