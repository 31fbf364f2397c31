"""cross_grid: two lists against each other (a change by a person, an audience by a message),
filled from a link list, each cell showing the linked record's answer; rows and columns with
nothing recorded yet are named."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from ..kinds.columns import ref_options
from ..model import Questionnaire, RefColumn, TableItem, TableTarget
from .base import PageContext, render, view
from .cross_grid_calc import CellOption, compute
from .params import DateColumnName, Finding, Params, TableName, TableSource, column_ref
from .plan_calc import join_names, ref_ids

AXIS_KINDS = ("ref", "choice", "multi_choice")
WIDE = 6
"""A grid with more columns than this, and fewer rows than columns, is shown turned."""


class CrossGrid(Params):
    """Parameters of cross_grid."""

    table: TableName = Field(description="The link list: one record per pair.")
    row: Annotated[str, column_ref(*AXIS_KINDS)]
    column: Annotated[str, column_ref(*AXIS_KINDS)]
    cell: Annotated[str, column_ref("choice")] | None = Field(
        None, description="What a cell shows (default: a tick)."
    )
    latest_by: DateColumnName | None = Field(
        None, description="Show only the latest record of each cell, by this date."
    )
    rows_from: TableSource | None = Field(
        None, description="A list whose records (or rows_from_column's picks) must be rows."
    )
    rows_from_column: Annotated[str, column_ref("ref", table_param="rows_from")] | None = None
    columns_from: TableSource | None = Field(
        None, description="A list whose records (or columns_from_column's picks) must be columns."
    )
    columns_from_column: Annotated[str, column_ref("ref", table_param="columns_from")] | None = None
    row_empty_label: Annotated[str, Field(max_length=100)] | None = None
    column_empty_label: Annotated[str, Field(max_length=100)] | None = None
    row_gap_text: Annotated[str, Field(max_length=300)] | None = Field(
        None, description="Sentence for rows with nothing recorded; {names} is filled in."
    )
    column_gap_text: Annotated[str, Field(max_length=300)] | None = Field(
        None, description="Sentence for columns with nothing recorded; {names} is filled in."
    )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    for key in ("row_gap_text", "column_gap_text"):
        text = getattr(p, key)
        if text is not None and "{names}" not in text:
            yield (key,), "the sentence needs {names}, where the missing names go"
        elif text is not None and text.replace("{names}", "").count("{"):
            yield (key,), "only {names} may be filled in"


def _labels(ctx: PageContext, table: TableItem, column_id: str) -> dict[str, str]:
    column = table.column(column_id)
    if isinstance(column, RefColumn):
        return {rid: name for name, rid in ref_options(ctx.kinds, column)}
    return {o.value: o.short_label for o in ctx.q.column_options(column)}


def _expected(ctx: PageContext, source: str | TableTarget | None, column: str | None) -> list[str]:
    """The keys that must appear: a list's record ids, or the picks of one of its columns."""
    if source is None:
        return []
    page = ctx.for_table(source)
    keys: list[str] = []
    for record in page.records(source):
        for key in ref_ids(record.get(column)) if column else ref_ids(record.get("_id")):
            if key not in keys:
                keys.append(key)
    return keys


@view(
    "cross_grid",
    CrossGrid,
    summary="Two lists against each other from a link list; each cell the latest answer; gaps "
    "named.",
    check=_check,
)
def cross_grid(ctx: PageContext, p: CrossGrid) -> str:
    """Gap sentences, the grid (turned when it is much wider than long), a tally and notes."""
    tr = ctx.tr
    table = ctx.table(p.table)
    row_labels = _labels(ctx, table, p.row)
    column_labels = _labels(ctx, table, p.column)
    options: dict[str, CellOption] = {}
    if p.cell:
        for o in ctx.q.column_options(table.column(p.cell)):
            options[o.value] = CellOption(o.short_label, o.colour, o.knowledge_gap)
    records = ctx.records(p.table)
    grid = compute(
        records,
        tr,
        row=p.row,
        column=p.column,
        row_labels=row_labels,
        column_labels=column_labels,
        cell=p.cell,
        cell_options=options,
        latest_by=p.latest_by,
        row_keys=_expected(ctx, p.rows_from, p.rows_from_column),
        column_keys=_expected(ctx, p.columns_from, p.columns_from_column),
        row_empty_label=p.row_empty_label or "",
        column_empty_label=p.column_empty_label or "",
    )
    and_word = tr("words.and")
    gaps = []
    if grid.row_gaps:
        text = p.row_gap_text or tr("views.cross_grid.gap")
        gaps.append(text.replace("{names}", join_names(grid.row_gaps, and_word)))
    if grid.column_gaps:
        text = p.column_gap_text or tr("views.cross_grid.gap")
        gaps.append(text.replace("{names}", join_names(grid.column_gaps, and_word)))
    row_head, col_head = table.column(p.row).label, table.column(p.column).label
    shown = grid
    if len(grid.columns) > WIDE and len(grid.rows) < len(grid.columns):
        shown, row_head, col_head = grid.transposed(), col_head, row_head
    body = [
        (
            r.label,
            [
                [
                    {
                        "label": e.label,
                        "colour": e.colour,
                        "earlier": tr.plural("views.cross_grid.earlier", e.earlier)
                        if e.earlier
                        else "",
                    }
                    for e in shown.at(r.key, c.key)
                ]
                for c in shown.columns
            ],
        )
        for r in shown.rows
    ]
    tally = [
        f"{options[v].label if v in options else v or tr('views.cross_grid.no_value')}: {n}"
        for v, n in grid.tally.items()
    ]
    return render(
        "cross_grid.html.j2",
        tr=tr,
        corner=tr("views.cross_grid.corner", rows=row_head, columns=col_head),
        columns=[c.label for c in shown.columns],
        body=body,
        gaps=gaps,
        tally=" · ".join(tally),
        legend=[(o.label, o.colour) for o in options.values() if o.colour],
        problems=grid.problems,
        has_records=bool(records),
        empty=tr("views.cross_grid.empty"),
    )
