"""The reentry map as a grid: the pure computation of ``reentry_map_grid``.

Rows are the justice decision points, columns the systems of services. Each square is what the
coalition recorded about that meeting point (one record of a "map cells" list that picks a row and
a column): how well people are linked to the service there (a choice whose options carry a colour)
and how the coalition knows (a choice; an option marked ``knowledge_gap`` means "our best guess").
A square is in one of four states:

- ``known``: answered, and not marked as a guess;
- ``assumed``: answered, but the coalition says it is a guess;
- ``unknown``: the answer is "we do not know" (a ``knowledge_gap`` option) or not an option;
- ``not_discussed``: no record for the square yet.

A side column can sum up a second list per row (the data inventory): the best option of a scored
choice among the records of that row, and how many there are.

Lists of dicts and options in, frozen dataclasses out; words from ``views.reentry_map_grid.*``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..messages import Catalog, catalog
from ..words import join_words

CellState = Literal["known", "assumed", "unknown", "not_discussed"]
STATES: tuple[CellState, ...] = ("known", "assumed", "unknown", "not_discussed")
UNKNOWN_COLOUR = "#E8E8E8"
NOT_DISCUSSED_COLOUR = "#FFFFFF"
K = "views.reentry_map_grid."


@dataclass(frozen=True)
class Option:
    """One option of a choice list, as the template declares it."""

    value: str
    label: str
    short: str | None = None
    colour: str | None = None
    score: float | None = None
    knowledge_gap: bool = False

    @property
    def shown(self) -> str:
        """The short label if there is one."""
        return self.short or self.label

    @classmethod
    def of(cls, data: Any) -> Option:
        """From a template option (a ``Choice``) or a plain mapping."""
        get = data.get if isinstance(data, Mapping) else lambda k, d=None: getattr(data, k, d)
        score = get("score")
        return cls(
            value=str(get("value")),
            label=str(get("label") or get("value")),
            short=get("short"),
            colour=get("colour"),
            score=None if score is None else float(score),
            knowledge_gap=bool(get("knowledge_gap", False)),
        )


@dataclass(frozen=True)
class GridCell:
    """One square of the map."""

    row_id: str
    column_id: str
    state: CellState
    value: str | None  # the option shown; None when not discussed or not an option
    label: str  # what the square says ("Partial", "Not discussed yet")
    colour: str
    note: str  # what happens there ("" if nothing written)
    entry_ids: tuple[str, ...]  # every record for this square, in list order
    duplicate: bool  # more than one record: the first is shown


@dataclass(frozen=True)
class RowInfo:
    """The side column of one row: the best data held about it."""

    sources: int
    value: str | None
    label: str
    colour: str


@dataclass(frozen=True)
class GridRow:
    """One decision point and its squares."""

    row_id: str
    label: str
    cells: tuple[GridCell, ...]
    known: int
    assumed: int
    unknown: int  # not known or not discussed
    info: RowInfo | None


@dataclass(frozen=True)
class LegendEntry:
    """An option of the value list with how many squares show it (known or assumed)."""

    value: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class MapGrid:
    """The whole map, its counts and what to say about it."""

    columns: tuple[tuple[str, str], ...]  # (id, label) in list order
    rows: tuple[GridRow, ...]
    legend: tuple[LegendEntry, ...]
    total_cells: int
    known: int
    assumed: int
    unknown: int
    not_discussed: int
    messages: tuple[str, ...]
    sentence: str


def _rid(record: Mapping[str, Any]) -> str:
    return str(record.get("_id"))


def _label(record: Mapping[str, Any], column: str, tr: Catalog) -> str:
    text = record.get(column)
    return str(text).strip() if isinstance(text, str) and text.strip() else tr(K + "unnamed")


def _order_key(index: int, record: Mapping[str, Any], order: str | None) -> tuple[int, float, int]:
    value = record.get(order) if order else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (0, float(value), index)
    return (1, 0.0, index)


def compute_map_grid(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Mapping[str, Any]],
    cells: Sequence[Mapping[str, Any]],
    *,
    value_options: Sequence[Any],
    row_label: str,
    column_label: str,
    row_order: str | None = None,
    cell_row: str,
    cell_column: str,
    cell_value: str,
    cell_note: str | None = None,
    cell_basis: str | None = None,
    basis_options: Sequence[Any] = (),
    info_records: Sequence[Mapping[str, Any]] | None = None,
    info_row: str = "",
    info_value: str = "",
    info_options: Sequence[Any] = (),
    tr: Catalog | None = None,
) -> MapGrid:
    """Put every square record on the rows × columns grid and count what is known.

    ``row_order``: an optional number column of the rows (the order decisions happen in); rows
    without it follow, in list order. ``info_records`` (optional): a list whose ``info_row``
    picks a row and whose ``info_value`` choice (options with ``score``) fills the side column.
    """
    tr = tr or catalog()
    options = [Option.of(o) for o in value_options]
    by_value = {o.value: o for o in options}
    basis = {o.value: o for o in (Option.of(b) for b in basis_options)}
    info_opts = [Option.of(o) for o in info_options]

    ordered = [
        r for _, r in sorted(enumerate(rows), key=lambda p: _order_key(p[0], p[1], row_order))
    ]
    row_names = {_rid(r): _label(r, row_label, tr) for r in rows}
    col_list = tuple((_rid(c), _label(c, column_label, tr)) for c in columns)
    col_names = dict(col_list)

    grouped: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    stray = 0
    for record in cells:
        key = (str(record.get(cell_row)), str(record.get(cell_column)))
        if key[0] not in row_names or key[1] not in col_names:
            stray += 1
            continue
        grouped.setdefault(key, []).append(record)

    info_by_row: dict[str, list[Mapping[str, Any]]] = {}
    for record in info_records or ():
        info_by_row.setdefault(str(record.get(info_row)), []).append(record)

    counts = {o.value: 0 for o in options}
    totals = dict.fromkeys(STATES, 0)
    messages: list[str] = []
    grid_rows: list[GridRow] = []
    for row in ordered:
        row_id = _rid(row)
        squares: list[GridCell] = []
        for col_id, _ in col_list:
            records = grouped.get((row_id, col_id), [])
            cell = _cell(
                tr, row_id, col_id, records, by_value, basis, cell_value, cell_note, cell_basis
            )
            if cell.duplicate:
                messages.append(
                    tr(
                        K + "duplicate",
                        row=row_names[row_id],
                        column=col_names[col_id],
                        n=len(records),
                    )
                )
            if cell.value in counts and cell.state in ("known", "assumed"):
                counts[cell.value] += 1
            totals[cell.state] += 1
            squares.append(cell)
        info = (
            _info(tr, info_by_row.get(row_id, []), info_value, info_opts)
            if info_records is not None
            else None
        )
        grid_rows.append(
            GridRow(
                row_id=row_id,
                label=row_names[row_id],
                cells=tuple(squares),
                known=sum(c.state == "known" for c in squares),
                assumed=sum(c.state == "assumed" for c in squares),
                unknown=sum(c.state in ("unknown", "not_discussed") for c in squares),
                info=info,
            )
        )
    if stray:
        messages.append(tr(K + ("stray_one" if stray == 1 else "stray_other"), n=stray))

    legend = tuple(
        LegendEntry(o.value, o.shown, o.colour or UNKNOWN_COLOUR, counts[o.value])
        for o in options
        if not o.knowledge_gap
    )
    return MapGrid(
        columns=col_list,
        rows=tuple(grid_rows),
        legend=legend,
        total_cells=len(grid_rows) * len(col_list),
        known=totals["known"],
        assumed=totals["assumed"],
        unknown=totals["unknown"],
        not_discussed=totals["not_discussed"],
        messages=tuple(messages),
        sentence=_sentence(tr, grid_rows, len(col_list), totals),
    )


def _cell(
    tr: Catalog,
    row_id: str,
    col_id: str,
    records: Sequence[Mapping[str, Any]],
    by_value: Mapping[str, Option],
    basis: Mapping[str, Option],
    cell_value: str,
    cell_note: str | None,
    cell_basis: str | None,
) -> GridCell:
    ids = tuple(_rid(r) for r in records)
    if not records:
        return GridCell(
            row_id, col_id, "not_discussed", None, tr(K + "not_discussed"),
            NOT_DISCUSSED_COLOUR, "", ids, False,
        )  # fmt: skip
    first = records[0]
    note = first.get(cell_note) if cell_note else None
    note_text = note.strip() if isinstance(note, str) else ""
    option = by_value.get(str(first.get(cell_value)))
    state: CellState
    if option is None:
        state, value, label, colour = "unknown", None, tr(K + "not_known"), UNKNOWN_COLOUR
    elif option.knowledge_gap:
        state, value = "unknown", option.value
        label, colour = option.shown, option.colour or UNKNOWN_COLOUR
    else:
        how = basis.get(str(first.get(cell_basis))) if cell_basis else None
        state = "assumed" if how is not None and how.knowledge_gap else "known"
        value, label, colour = option.value, option.shown, option.colour or UNKNOWN_COLOUR
    return GridCell(row_id, col_id, state, value, label, colour, note_text, ids, len(records) > 1)


def _info(
    tr: Catalog, records: Sequence[Mapping[str, Any]], column: str, options: Sequence[Option]
) -> RowInfo:
    if not records:
        return RowInfo(0, None, tr(K + "nothing_listed"), UNKNOWN_COLOUR)
    by_value = {o.value: o for o in options}
    scored = [
        by_value[str(r.get(column))]
        for r in records
        if str(r.get(column)) in by_value and not by_value[str(r.get(column))].knowledge_gap
    ]
    if not scored:
        return RowInfo(len(records), None, tr(K + "not_known"), UNKNOWN_COLOUR)
    # the best source decides: highest score, the first in list order on a tie
    best = max(
        scored,
        key=lambda o: (o.score if o.score is not None else float("-inf"), -options.index(o)),
    )
    return RowInfo(len(records), best.value, best.shown, best.colour or UNKNOWN_COLOUR)


def percent(part: int, whole: int) -> str:
    """A whole percent, halves up: 22 of 56 -> '39%'."""
    return f"{(100 * part + whole // 2) // whole}%" if whole else "0%"


def _sentence(
    tr: Catalog, rows: Sequence[GridRow], n_columns: int, totals: Mapping[CellState, int]
) -> str:
    if not rows and not n_columns:
        return tr(K + "empty_both")
    if not rows:
        return tr(K + "empty_rows")
    if not n_columns:
        return tr(K + "empty_columns")
    total = len(rows) * n_columns
    known = totals["known"]
    text = tr(K + "knows", known=known, total=total, pct=percent(known, total))
    if totals["assumed"]:
        n = totals["assumed"]
        text += tr(K + ("guess_one" if n == 1 else "guess_other"), n=n)
    gaps = totals["unknown"] + totals["not_discussed"]
    if gaps:
        text += tr(K + ("gaps_one" if gaps == 1 else "gaps_other"), n=gaps)
    text += tr(K + "full_stop")
    most = max(r.unknown for r in rows)
    tied = [r.label for r in rows if r.unknown == most]
    if most and len(tied) < len(rows) and len(tied) <= 3:
        names = join_words(tied, tr(K + "and"))
        key = "most_gaps" if len(tied) == 1 else "most_gaps_each"
        text += tr(K + key, names=names, n=most, columns=n_columns)
    return text
