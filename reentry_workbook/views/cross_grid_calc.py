"""Two lists against each other, in plain data: the records of a link list placed by one
column's values (rows) and another's (columns), each cell showing the record's value in a third
column; rows and columns that should be there but have no record yet are named as gaps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .plan_calc import BadValue, Words, read_date, ref_ids

EMPTY = ""
REMOVED = "\x00removed"


@dataclass(frozen=True)
class CellOption:
    """An option of the cell column: what a cell shows."""

    label: str
    colour: str | None = None
    knowledge_gap: bool = False


@dataclass(frozen=True)
class Key:
    """A row or a column: its key (record id or option value, EMPTY, REMOVED) and label."""

    key: str
    label: str


@dataclass
class Entry:
    """What one record puts in a cell."""

    record: str
    value: str
    label: str
    colour: str | None
    when: dt.date | None
    earlier: int = 0


@dataclass
class Grid:
    """Rows, columns, the entries of each cell, gaps, the tally of shown values, messages."""

    rows: list[Key]
    columns: list[Key]
    cells: dict[tuple[str, str], list[Entry]]
    row_gaps: list[str]
    column_gaps: list[str]
    tally: dict[str, int]
    problems: list[str] = field(default_factory=list)

    def at(self, row: str, column: str) -> list[Entry]:
        """The entries of one cell (empty list if none)."""
        return self.cells.get((row, column), [])

    def transposed(self) -> Grid:
        """The same grid with rows and columns swapped."""
        cells = {(c, r): v for (r, c), v in self.cells.items()}
        return Grid(
            self.columns,
            self.rows,
            cells,
            self.column_gaps,
            self.row_gaps,
            self.tally,
            self.problems,
        )


def compute(
    records: Sequence[Mapping[str, Any]],
    tr: Words,
    *,
    row: str,
    column: str,
    row_labels: Mapping[str, str],
    column_labels: Mapping[str, str],
    cell: str | None = None,
    cell_options: Mapping[str, CellOption] | None = None,
    latest_by: str | None = None,
    row_keys: Sequence[str] = (),
    column_keys: Sequence[str] = (),
    row_empty_label: str = "",
    column_empty_label: str = "",
) -> Grid:
    """Place each record in the cell of its row and column values (a record naming several
    records is placed in each of their cells). ``row_labels``/``column_labels`` map every known
    key to its label; a key not in them was removed from its list. ``row_keys``/``column_keys``
    must appear even when empty (their gaps are reported), in that order; keys met in the
    records follow, then the empty row/column, then the removed one. With ``latest_by`` only
    the latest record of each cell is shown (undated ones count as oldest)."""
    options = dict(cell_options or {})
    problems: list[str] = []
    cells: dict[tuple[str, str], list[Entry]] = {}
    seen_rows: list[str] = []
    seen_cols: list[str] = []
    removed = bad_dates = 0
    for i, rec in enumerate(records, start=1):
        value = str(rec.get(cell) or "") if cell else ""
        option = options.get(value)
        if cell and value and option is None:
            label, colour = value, None
            problems.append(tr("views.cross_grid.bad_value", n=i, value=value))
        elif option is not None:
            label, colour = option.label, option.colour
        else:
            label, colour = ("✓" if not cell else tr("views.cross_grid.no_value")), None
        when = None
        if latest_by:
            try:
                when = read_date(rec.get(latest_by))
            except BadValue:
                bad_dates += 1
        for r in ref_ids(rec.get(row)) or [EMPTY]:
            if r != EMPTY and r not in row_labels:
                r, removed = REMOVED, removed + 1
            if r not in seen_rows:
                seen_rows.append(r)
            for c in ref_ids(rec.get(column)) or [EMPTY]:
                if c != EMPTY and c not in column_labels:
                    c, removed = REMOVED, removed + 1
                if c not in seen_cols:
                    seen_cols.append(c)
                entry = Entry(str(rec.get("_id") or i), value, label, colour, when)
                cells.setdefault((r, c), []).append(entry)
    if latest_by:
        for key, entries in cells.items():
            best = max(
                range(len(entries)),
                key=lambda j: (entries[j].when is not None, entries[j].when or dt.date.min, j),
            )
            entries[best].earlier = len(entries) - 1
            cells[key] = [entries[best]]
    removed_label = tr("answers.removed_record")
    empty_label = tr("views.cross_grid.not_given")
    rows = _axis(row_keys, seen_rows, row_labels, row_empty_label or empty_label, removed_label)
    cols = _axis(
        column_keys, seen_cols, column_labels, column_empty_label or empty_label, removed_label
    )
    wanted_rows, wanted_cols = set(row_keys), set(column_keys)
    row_gaps = [
        k.label
        for k in rows
        if k.key in wanted_rows and not any(cells.get((k.key, c.key)) for c in cols)
    ]
    column_gaps = [
        k.label
        for k in cols
        if k.key in wanted_cols and not any(cells.get((r.key, k.key)) for r in rows)
    ]
    tally = {v: 0 for v in options}
    for entries in cells.values():
        for e in entries:
            tally[e.value] = tally.get(e.value, 0) + 1
    if removed:
        problems.append(tr.plural("views.cross_grid.removed", removed, label=removed_label))
    if bad_dates:
        problems.append(tr.plural("views.cross_grid.bad_dates", bad_dates))
    shown = {k: v for k, v in tally.items() if v}
    return Grid(rows, cols, cells, row_gaps, column_gaps, shown, problems)


def _axis(
    expected: Sequence[str],
    seen: Sequence[str],
    labels: Mapping[str, str],
    empty_label: str,
    removed_label: str,
) -> list[Key]:
    keys: list[str] = []
    for k in [*expected, *seen]:
        if k not in (EMPTY, REMOVED) and k not in keys:
            keys.append(k)
    out = [Key(k, labels.get(k, removed_label)) for k in keys]
    if EMPTY in seen:
        out.append(Key(EMPTY, empty_label))
    if REMOVED in seen:
        out.append(Key(REMOVED, removed_label))
    return out
