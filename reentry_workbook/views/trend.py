"""Trend per measure: one small line chart per measure from the counts entered each period,
with the target as a dashed line and a sentence in words (computation in ``trend_calc``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field

from ..model import Questionnaire, RefColumn, TableItem
from .base import PageContext, render, view
from .params import Finding, Params, TableName, column_ref
from .trend_calc import MeasureTrend, TrendResult, compute_trends, fmt_pct

K = "views.trend."
# the chart's geometry (SVG units; drawn at most this wide, so 14 units are 14 px)
WIDTH, HEIGHT = 360, 215
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 26, 44
COLOURS = {"better": "#009E73", "worse": "#D55E00"}
NEUTRAL = "#0072B2"
MAX_X_LABELS = 4
CHAR_WIDTH = 8.2  # about the width of one character at 14 px, bold


def _col(*kinds: str, table: str) -> Any:
    return column_ref(*kinds, table_param=table)


class Trend(Params):
    """Parameters of trend."""

    measures: TableName = Field(description="The measures: one chart each, in list order.")
    label: Annotated[str, _col("text", table="measures")]
    direction: Annotated[str, _col("choice", table="measures")] | None = Field(
        None,
        description="Which way is better, read from the options' score (> 0 higher, < 0 lower).",
    )
    target: Annotated[str, _col("number", "integer", table="measures")] | None = Field(
        None, description="Target in percent (0-100)."
    )
    entries: TableName = Field(description="The figures: one record per measure and period.")
    measure: Annotated[str, _col("ref", table="entries")]
    start: Annotated[str, _col("date", table="entries")]
    period_label: Annotated[str, _col("text", table="entries")] | None = None
    numerator: Annotated[str, _col("integer", "number", table="entries")]
    denominator: Annotated[str, _col("integer", "number", table="entries")]


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    """The entries' measure column picks from the measures."""
    table = q.items.get(p.entries)
    if not isinstance(table, TableItem) or p.measure not in table.column_ids():
        return
    column = table.column(p.measure)
    if not (
        isinstance(column, RefColumn)
        and any(t.page is None and t.table == p.measures for t in column.targets())
    ):
        yield ("measure",), f"column {p.measure!r} of {p.entries!r} must pick from {p.measures!r}"


def compute(ctx: PageContext, p: Trend) -> TrendResult:
    """The trends of the page's current lists."""
    scores: dict[str, float | None] = {}
    if p.direction:
        column = ctx.table(p.measures).column(p.direction)
        scores = {
            c.value: (None if c.knowledge_gap else c.score) for c in ctx.q.column_options(column)
        }
    return compute_trends(
        ctx.records(p.measures),
        ctx.records(p.entries),
        label=p.label,
        measure=p.measure,
        start=p.start,
        period_label=p.period_label,
        numerator=p.numerator,
        denominator=p.denominator,
        direction=p.direction,
        direction_scores=scores,
        target=p.target,
        tr=ctx.tr,
    )


def _chart(ctx: PageContext, m: MeasureTrend) -> dict[str, Any]:
    """Coordinates of one chart: points, axis ticks, labels, the target line."""
    tr = ctx.tr
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP
    inner = 22
    n = len(m.points)

    def sx(i: int) -> float:
        return (x0 + x1) / 2 if n == 1 else x0 + inner + i * (x1 - x0 - 2 * inner) / (n - 1)

    def sy(pct: float) -> float:
        return y0 - pct / m.y_max * (y0 - y1)

    shown = {0, n - 1} if n > MAX_X_LABELS else set(range(n))
    points = []
    for i, pt in enumerate(m.points):
        x = sx(i)
        anchor = "middle"
        if n >= 2 and i in (0, n - 1):
            anchor = "start" if i == 0 else "end"
        shift = {"start": 2 - inner, "end": inner - 2}.get(anchor, 0)
        points.append(
            {
                "x": round(x, 1),
                "y": round(sy(pt.pct), 1),
                "value": fmt_pct(pt.pct) if i in shown else "",
                "period": pt.period if i in shown else "",
                "anchor": anchor,
                "label_x": round(x + shift, 1),
                "title": tr(
                    K + "point_title",
                    period=pt.period,
                    top=f"{pt.numerator:,}",
                    bottom=f"{pt.denominator:,}",
                    pct=fmt_pct(pt.pct),
                ),
            }
        )
    ticks = [{"y": round(sy(v), 1), "text": f"{v:g}%"} for v in (0, m.y_max / 2, m.y_max)]
    target = None
    if m.target is not None:
        text = tr(K + "target_label", pct=fmt_pct(m.target))
        x, y, anchor = _target_label(points, sy(m.target), len(text), x0, x1)
        target = {"y": round(sy(m.target), 1), "label_x": x, "label_y": y, "anchor": anchor}
        target["text"] = text
    way = {"higher": "better_higher", "lower": "better_lower"}.get(m.direction or "")
    return {
        "m": m,
        "points": points,
        "line": " ".join(f"{p['x']},{p['y']}" for p in points),
        "colour": COLOURS.get(m.movement or "", NEUTRAL),
        "ticks": ticks,
        "target": target,
        "direction": tr(K + way) if way else "",
        "aria": tr(K + "chart_label", measure=m.label),
        "problems": [
            tr(K + "entry_line", period=pr.period, message=pr.message) if pr.period else pr.message
            for pr in m.problems
        ],
    }


def _target_label(
    points: list[dict[str, Any]], line_y: float, chars: int, x0: float, x1: float
) -> tuple[float, float, str]:
    """Where the target's words go: right or left end of its line, above or below it, in the
    first place that covers no point nor the percent written above it."""
    width = chars * CHAR_WIDTH
    for side, above in (("end", True), ("end", False), ("start", True), ("start", False)):
        right = x1 - 2 if side == "end" else x0 + 4 + width
        left = right - width
        base = line_y - 6 if above else line_y + 18
        top = base - 14
        if top < 2:
            continue
        clash = any(
            left < p["x"] + 24 and p["x"] - 24 < right and top < p["y"] + 8 and p["y"] - 30 < base
            for p in points
        )
        if not clash:
            return (round(right if side == "end" else x0 + 4, 1), round(base, 1), side)
    return (x1 - 2, round(line_y - 6, 1), "end")


def _messages(ctx: PageContext, p: Trend) -> Mapping[str, list[str]]:
    """Entries that cannot be right, listed under the figures' list (and targets under the
    measures'), each naming its measure and period."""
    result = compute(ctx, p)
    out: dict[str, list[str]] = {}
    for m in result.measures:
        for pr in m.problems:
            if pr.column == p.target and not pr.period:
                out.setdefault(p.measures, []).append(
                    ctx.tr(K + "target_line", measure=m.label, message=pr.message)
                )
            else:
                out.setdefault(p.entries, []).append(
                    ctx.tr(
                        K + "measure_line", measure=m.label, period=pr.period, message=pr.message
                    )
                )
    for pr in result.unattached:
        out.setdefault(p.entries, []).append(
            ctx.tr(K + "entry_line", period=pr.period, message=pr.message)
        )
    return out


@view(
    "trend",
    Trend,
    summary="A small chart per measure: the percentage each period from its two counts, the "
    "target as a line, and a sentence; impossible counts are left off with a message.",
    check=_check,
    messages=_messages,
)
def trend(ctx: PageContext, p: Trend) -> str:
    """Small multiples, one per measure, with the sentence under each chart."""
    result = compute(ctx, p)
    return render(
        "trend.html.j2",
        result=result,
        charts=[_chart(ctx, m) for m in result.measures],
        width=WIDTH,
        height=HEIGHT,
        x0=LEFT,
        x1=WIDTH - RIGHT,
        y0=HEIGHT - BOTTOM,
        fix_heading=ctx.tr(K + "fix_heading"),
        unattached=[
            ctx.tr(K + "entry_line", period=pr.period, message=pr.message)
            for pr in result.unattached
        ],
        unattached_heading=ctx.tr(K + "unattached_heading"),
    )
