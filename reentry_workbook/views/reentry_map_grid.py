"""The reentry map: decision points × systems of services, each square coloured by how well
people are linked there and marked by how much the coalition knows (computation in
``reentry_map_grid_calc``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from ..model import Questionnaire, RefColumn, TableItem, TableTarget
from .base import PageContext, render, view
from .params import Finding, Params, TableSource, column_ref
from .reentry_map_grid_calc import NOT_DISCUSSED_COLOUR, UNKNOWN_COLOUR, compute_map_grid

K = "views.reentry_map_grid."


def _col(*kinds: str, table: str) -> Any:
    return column_ref(*kinds, table_param=table)


class MapInfo(Params):
    """A side column: per row, the best option of a scored choice in another list."""

    table: TableSource
    row: Annotated[str, _col("ref", table="table")]
    value: Annotated[str, _col("choice", table="table")]
    label: Annotated[str, Field(min_length=1, max_length=80)]


class ReentryMapGrid(Params):
    """Parameters of reentry_map_grid."""

    rows: TableSource = Field(description="The decision points (one row each).")
    row_label: Annotated[str, _col("text", table="rows")]
    row_order: Annotated[str, _col("integer", "number", table="rows")] | None = Field(
        None, description="The order decisions happen in; rows without it come last."
    )
    columns: TableSource = Field(description="The systems of services (one column each).")
    column_label: Annotated[str, _col("text", table="columns")]
    cells: TableSource = Field(description="One record per square, picking a row and a column.")
    cell_row: Annotated[str, _col("ref", table="cells")]
    cell_column: Annotated[str, _col("ref", table="cells")]
    value: Annotated[str, _col("choice", table="cells")] = Field(
        description="How well people are linked; options' colour and short label are drawn."
    )
    basis: Annotated[str, _col("choice", table="cells")] | None = Field(
        None, description="How the coalition knows; a knowledge_gap option marks a best guess."
    )
    note: Annotated[str, _col("text", "long_text", table="cells")] | None = None
    info: MapInfo | None = None


def _local(value: str | TableTarget | None) -> str | None:
    if isinstance(value, TableTarget):
        return value.table if value.page is None else None
    return value


def _points_to(column: Any, table: str | None) -> bool:
    return isinstance(column, RefColumn) and any(
        t.page is None and t.table == table for t in column.targets()
    )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    """A square's row and column pick from the view's rows and columns (on this page)."""
    # (table of the records, its ref column, the table it must pick from, where in the params)
    pairs: list[tuple[str | TableTarget, str, str | TableTarget, tuple[str, ...]]] = [
        (p.cells, p.cell_row, p.rows, ("cell_row",)),
        (p.cells, p.cell_column, p.columns, ("cell_column",)),
    ]
    if p.info is not None:
        pairs.append((p.info.table, p.info.row, p.rows, ("info", "row")))
    for source, column_id, target, path in pairs:
        table, wanted = q.items.get(_local(source) or ""), _local(target)
        if (
            not isinstance(table, TableItem)
            or wanted is None
            or column_id not in table.column_ids()
        ):
            continue
        if not _points_to(table.column(column_id), wanted):
            yield path, f"column {column_id!r} of {table.id!r} must pick from {wanted!r}"


def compute(ctx: PageContext, p: ReentryMapGrid) -> Any:
    """The grid for the current lists (of this page or another page)."""
    cells_page = ctx.for_table(p.cells)
    cells_table = cells_page.table_of(p.cells)
    options = cells_page.q.column_options
    info_records = info_options = None
    if p.info is not None:
        info_page = ctx.for_table(p.info.table)
        info_records = info_page.records(p.info.table)
        info_options = info_page.q.column_options(
            info_page.table_of(p.info.table).column(p.info.value)
        )
    return compute_map_grid(
        ctx.for_table(p.rows).records(p.rows),
        ctx.for_table(p.columns).records(p.columns),
        cells_page.records(p.cells),
        value_options=options(cells_table.column(p.value)),
        row_label=p.row_label,
        column_label=p.column_label,
        row_order=p.row_order,
        cell_row=p.cell_row,
        cell_column=p.cell_column,
        cell_value=p.value,
        cell_note=p.note,
        cell_basis=p.basis,
        basis_options=options(cells_table.column(p.basis)) if p.basis else (),
        info_records=info_records,
        info_row=p.info.row if p.info else "",
        info_value=p.info.value if p.info else "",
        info_options=info_options or (),
        tr=ctx.tr,
    )


@view(
    "reentry_map_grid",
    ReentryMapGrid,
    summary="The reentry map: decision points × services, each square coloured by how well "
    "people are linked and marked by what the coalition knows; a side column of data held.",
    check=_check,
)
def reentry_map_grid(ctx: PageContext, p: ReentryMapGrid) -> str:
    """An HTML table (readable on phones and in print); every square says its state in words."""
    grid = compute(ctx, p)
    tr = ctx.tr
    names = dict(grid.columns)
    notes = [
        tr(K + "note_line", row=row.label, column=names[cell.column_id], note=cell.note)
        for row in grid.rows
        for cell in row.cells
        if cell.note
    ]
    rows = []
    for row in grid.rows:
        squares = []
        for cell in row.cells:
            text = cell.label if cell.state != "not_discussed" else tr(K + "not_discussed_short")
            squares.append(
                {
                    "cell": cell,
                    "text": text,
                    "title": tr(
                        K + "square_title",
                        row=row.label,
                        column=names[cell.column_id],
                        label=cell.label,
                    )
                    + (f" — {cell.note}" if cell.note else ""),
                }
            )
        info = None
        if row.info is not None:
            key = "sources_one" if row.info.sources == 1 else "sources_other"
            info = {
                "text": tr(K + key, label=row.info.label, n=row.info.sources)
                if row.info.sources and row.info.value is not None
                else row.info.label,
                "colour": row.info.colour,
                "gap": row.info.value is None,
            }
        rows.append({"row": row, "squares": squares, "info": info})
    legend = [
        {"label": tr(K + "legend_count", label=e.label, n=e.count), "colour": e.colour}
        for e in grid.legend
    ]
    return render(
        "reentry_map_grid.html.j2",
        grid=grid,
        rows=rows,
        legend=legend,
        notes=notes,
        printing=ctx.printing,
        info_label=p.info.label if p.info else None,
        corner=tr(K + "corner"),
        aria=tr(K + "label"),
        guess_mark=tr(K + "guess_mark"),
        legend_heading=tr(K + "legend"),
        legend_unknown=tr(K + "legend_unknown", n=grid.unknown),
        legend_not_discussed=tr(K + "legend_not_discussed", n=grid.not_discussed),
        legend_guess=tr(K + "legend_guess"),
        notes_heading=tr(K + "notes_heading"),
        unknown_colour=UNKNOWN_COLOUR,
        blank_colour=NOT_DISCUSSED_COLOUR,
    )
