"""A two-axis grid: the records of a list placed by two numbers, e.g. impact and feasibility."""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, model_validator

from ..kinds import RECORD_ID
from ..model import MatrixItem, NumberColumn, Questionnaire, ScaleColumn, TableItem
from .base import PageContext, render, view
from .group_votes import _flag, ratings
from .params import AnyColumn, Finding, Params, TableName, no_column


class Axis(Params):
    """Where one axis's numbers come from: a number column of the list, or everyone's ratings of
    each record (a matrix item with ``rows_from`` the list)."""

    column: Annotated[str, Field(max_length=64)] | None = None
    item: Annotated[str, Field(max_length=64)] | None = None

    @model_validator(mode="after")
    def _one(self) -> Axis:
        if (self.column is None) == (self.item is None):
            raise ValueError("give either 'column' or 'item'")
        return self


class Grid2D(Params):
    """Parameters of grid_2d."""

    table: TableName
    label_column: AnyColumn = Field(description="The column that names each record.")
    x: Axis
    y: Axis
    x_label: Annotated[str, Field(min_length=1, max_length=80)]
    y_label: Annotated[str, Field(min_length=1, max_length=80)]
    quadrants: tuple[str, str, str, str] | None = Field(
        None, description="Names of the quadrants: top left, top right, bottom left, bottom right."
    )


def _check_axis(q: Questionnaire, table: TableItem, axis: Axis, key: str) -> Iterator[Finding]:
    if axis.column is not None:
        if axis.column not in table.column_ids():
            yield (
                (key, "column"),
                no_column(table.id, axis.column, table.column_ids()),
            )
        elif not isinstance(table.column(axis.column), NumberColumn | ScaleColumn):
            yield (
                (key, "column"),
                f"column {axis.column!r} must be a number, integer or scale column",
            )
    else:
        item = q.items.get(axis.item or "")
        if not isinstance(item, MatrixItem) or item.rows_from != table.id:
            yield (key, "item"), f"item {axis.item!r} must be a matrix with rows_from: {table.id}"


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    table = q.items.get(p.table)
    if isinstance(table, TableItem):
        yield from _check_axis(q, table, p.x, "x")
        yield from _check_axis(q, table, p.y, "y")


@dataclass(frozen=True)
class Point:
    """A record on the grid."""

    number: int
    name: str
    x: float
    y: float
    nx: int
    ny: int
    differ: bool


def _axis_values(
    ctx: PageContext, p: Grid2D, axis: Axis
) -> tuple[dict[str, tuple[float, int, bool]], float, float]:
    """Record id -> (value, people, views differ), and the axis range."""
    table = ctx.table(p.table)
    if axis.column is not None:
        col = table.column(axis.column)
        low = float(getattr(col, "min", None) or 0)
        high = float(getattr(col, "max", None) or 0)
        values = {
            str(r[RECORD_ID]): (float(r[axis.column]), 0, False)
            for r in ctx.records(p.table)
            if isinstance(r.get(axis.column), int | float) and r.get(RECORD_ID)
        }
        if not high:
            high = max([v for v, _, _ in values.values()] + [1.0])
        return values, low, high
    item = ctx.q.item(axis.item or "")
    assert isinstance(item, MatrixItem)
    given = ratings(ctx, item.id)
    out = {
        rid: (statistics.fmean(vs), len(vs), _flag(ctx, vs, float(item.points - 1)))
        for rid, vs in given.items()
        if vs
    }
    return out, 1.0, float(item.points)


@view(
    "grid_2d",
    Grid2D,
    summary="Records placed on two axes; disagreement marked.",
    group=True,
    check=_check,
)
def grid_2d(ctx: PageContext, p: Grid2D) -> str:
    """An SVG grid with numbered points and a legend table in words."""
    xs, xlow, xhigh = _axis_values(ctx, p, p.x)
    ys, ylow, yhigh = _axis_values(ctx, p, p.y)
    points: list[Point] = []
    missing: list[str] = []
    for r in ctx.records(p.table):
        rid = str(r.get(RECORD_ID, ""))
        name = str(r.get(p.label_column) or "")
        if rid in xs and rid in ys:
            (x, nx, dx), (y, ny, dy) = xs[rid], ys[rid]
            points.append(Point(len(points) + 1, name, x, y, nx, ny, dx or dy))
        elif name:
            missing.append(name)
    size, pad = 420, 56

    def sx(v: float) -> float:
        return pad + (v - xlow) / ((xhigh - xlow) or 1) * (size - 2 * pad)

    def sy(v: float) -> float:
        return size - pad - (v - ylow) / ((yhigh - ylow) or 1) * (size - 2 * pad)

    placed = [{"p": pt, "cx": sx(pt.x), "cy": sy(pt.y)} for pt in points]
    return render(
        "grid.html.j2",
        placed=placed,
        size=size,
        pad=pad,
        x_label=p.x_label,
        y_label=p.y_label,
        xlow=f"{xlow:g}",
        xhigh=f"{xhigh:g}",
        ylow=f"{ylow:g}",
        yhigh=f"{yhigh:g}",
        quadrants=p.quadrants,
        mid=size / 2,
        missing=missing,
        missing_text=ctx.tr("views.grid.missing", names="; ".join(missing)),
        differ_text=ctx.tr("views.scores.views_differ"),
        differ_key=ctx.tr("views.grid.differ_key") if any(pt.differ for pt in points) else "",
        answers=lambda n: ctx.tr.plural("units.answer", n),
        empty=ctx.tr("views.grid.empty"),
        legend_headers=[
            "#",
            ctx.tr("views.votes.what"),
            p.x_label,
            p.y_label,
            ctx.tr("views.scores.notes"),
        ],
    )
