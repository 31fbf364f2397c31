"""Rules for the cells and records of list (table) items, in plain words; no widgets, no I/O."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .messages import Catalog, catalog
from .model import Column, NumberColumn, ScaleColumn
from .words import plural as plural  # one plural rule for the package

Record = Mapping[str, Any]
R = TypeVar("R", bound=Record)


def _number(value: float) -> str:
    return f"{value:g}"


def _english(tr: Catalog | None) -> Catalog:
    return tr or catalog()


def range_words(
    noun: str, low: float | None, high: float | None, tr: Catalog | None = None
) -> str | None:
    """'a whole number from 0 to 120', 'a number of at least 1', or None without bounds."""
    tr = _english(tr)
    if low is not None and high is not None:
        return tr("inputs.range_both", noun=noun, low=_number(low), high=_number(high))
    if low is not None:
        return tr("inputs.range_low", noun=noun, low=_number(low))
    if high is not None:
        return tr("inputs.range_high", noun=noun, high=_number(high))
    return None


def range_text(column: Column, tr: Catalog | None = None) -> str | None:
    """'a whole number from 0 to 120' for an integer or number column with min or max."""
    if not isinstance(column, NumberColumn):  # the column kinds 'integer' and 'number'
        return None
    tr = _english(tr)
    noun = tr("answers.a_whole_number" if column.kind == "integer" else "answers.a_number")
    return range_words(noun, column.min, column.max, tr)


def in_range(column: NumberColumn | ScaleColumn, value: float) -> bool:
    """Whether a number lies within the column's min and max (each optional)."""
    return (column.min is None or value >= column.min) and (
        column.max is None or value <= column.max
    )


def cell_messages(column: Column, value: Any, tr: Catalog | None = None) -> list[str]:
    """Plain-language problems with one filled cell; an empty cell has none here ('required'
    is a matter of the whole record, see ``record_is_empty`` and the item's messages)."""
    if not isinstance(column, NumberColumn) or isinstance(value, bool):
        return []
    if not isinstance(value, int | float):
        return []
    text = range_text(column, tr)
    if text is None or in_range(column, value):
        return []
    return [_english(tr)("inputs.enter_range", range=text)]


def is_filled(value: Any) -> bool:
    """Whether one cell holds an answer (False for None, blank text and empty lists)."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None and value != [] and value != {}


def record_is_empty(record: Record) -> bool:
    """Whether a record has no field filled in (keys starting with '_', like its id, aside)."""
    return not any(is_filled(v) for k, v in record.items() if not k.startswith("_"))


def _orders(column: Column, tr: Catalog) -> tuple[str, str]:
    kind = column.kind
    return tr(f"table.order.{kind}.up"), tr(f"table.order.{kind}.down")


def sort_options(
    columns: Sequence[Column], tr: Catalog | None = None
) -> list[tuple[str, tuple[str, bool]]]:
    """(label, (column id, descending)) for every column and both orders, e.g.
    ('Name: A to Z', ('name', False))."""
    tr = _english(tr)
    options = []
    for col in columns:
        up, down = _orders(col, tr)
        name = col.label.split(" (")[0]
        options += [
            (tr("table.sort_option", column=name, order=up), (col.id, False)),
            (tr("table.sort_option", column=name, order=down), (col.id, True)),
        ]
    return options


def order_text(column: Column, descending: bool, tr: Catalog | None = None) -> str:
    """'Sorted by Name, A to Z.'"""
    tr = _english(tr)
    words = _orders(column, tr)[1 if descending else 0]
    return tr("table.sorted_by", column=column.label.split(" (")[0], order=words)


def sorted_records(
    column: Column, key: Callable[[Any], Any], records: Sequence[R], descending: bool
) -> list[R]:
    """Records ordered by one column, either way, by ``key`` of each value (the column kind
    decides: text without regard to case, choices in the template's order, picked records by
    name, numbers and dates by value); records without a value stay last."""
    filled = [r for r in records if is_filled(r.get(column.id))]
    empty = [r for r in records if not is_filled(r.get(column.id))]
    return sorted(filled, key=lambda r: key(r[column.id]), reverse=descending) + empty
