"""impact_projection: what each change would do and cost, the net effect a year (as bars that
say "saves" or "costs" in words), payback time, totals by goal, and how much of the savings
rests on rough guesses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from ..kinds.columns import ref_options
from ..model import Questionnaire, RefColumn, TableItem
from .base import PageContext, render, view
from .impact_projection_calc import ImpactColumns, compute
from .params import Finding, Params, TableName, column_ref

CURRENCY_FIRST = ("$", "€", "£")


class ImpactProjection(Params):
    """Parameters of impact_projection (the page names every column; null: no such column)."""

    table: TableName
    change: Annotated[str, column_ref("ref")]
    goal: Annotated[str, column_ref("ref")] | None
    people: Annotated[str, column_ref("integer", "number")] | None
    one_time_cost: Annotated[str, column_ref("integer", "number")] | None
    yearly_cost: Annotated[str, column_ref("integer", "number")]
    yearly_savings: Annotated[str, column_ref("integer", "number")]
    basis: Annotated[str, column_ref("choice")] | None
    guess_values: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        description="Options of basis that mark a figure as a rough guess."
    )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    table = q.items.get(p.table)
    if not isinstance(table, TableItem) or not p.basis or p.basis not in table.column_ids():
        return
    values = [c.value for c in q.column_options(table.column(p.basis))]
    for i, v in enumerate(p.guess_values):
        if v not in values:
            yield (
                ("guess_values", i),
                f"{v!r} is not an option of {p.basis!r}; options: {', '.join(values)}",
            )


def _labels(ctx: PageContext, table: TableItem, column_id: str | None) -> dict[str, str]:
    if not column_id:
        return {}
    column = table.column(column_id)
    if not isinstance(column, RefColumn):
        return {}
    return {rid: name for name, rid in ref_options(ctx.kinds, column)}


def money_format(unit: str | None) -> Any:
    """A function writing an amount with its unit: '$95,000', '−$12,000', '1,200 kr'."""

    def fmt(v: float | None) -> str:
        if v is None:
            return "–"
        sign = "−" if v < 0 else ""
        number = f"{abs(v):,.0f}"
        if not unit:
            return sign + number
        if unit in CURRENCY_FIRST:
            return f"{sign}{unit}{number}"
        return f"{sign}{number} {unit}"

    return fmt


@view(
    "impact_projection",
    ImpactProjection,
    summary="Per change: people reached, costs, savings, net a year, payback; by goal; guesses.",
    check=_check,
)
def impact_projection(ctx: PageContext, p: ImpactProjection) -> str:
    """Headline, net bars, the figures table with totals, the by-goal table and notes."""
    tr = ctx.tr
    table = ctx.table(p.table)
    unit = getattr(table.column(p.yearly_savings), "unit", None)
    money = money_format(unit)
    result = compute(
        ctx.records(p.table),
        tr,
        changes=_labels(ctx, table, p.change),
        goals=_labels(ctx, table, p.goal),
        guess_values=p.guess_values,
        columns=ImpactColumns(
            p.change,
            p.goal,
            p.people,
            p.one_time_cost,
            p.yearly_cost,
            p.yearly_savings,
            p.basis,
        ),
    )

    def people(n: int | None) -> str:
        return "–" if n is None else f"{n:,}"

    biggest = max((abs(r.net) for r in result.rows if r.net is not None), default=0.0) or 1.0
    bars = []
    for r in result.rows:
        if r.net is None:
            words = tr("views.impact_projection.net_unknown")
        elif r.net >= 0:
            words = tr("views.impact_projection.saves", amount=money(r.net))
        else:
            words = tr("views.impact_projection.costs", amount=money(-r.net))
        share = 0 if r.net is None else round(abs(r.net) / biggest * 100)
        bars.append({"label": r.change, "words": words, "share": max(share, 1), "net": r.net})
    rows = [
        [
            r.change,
            people(r.people) if p.people else None,
            money(r.one_time or 0.0) if p.one_time_cost else None,
            money(r.yearly_cost),
            money(r.savings),
            money(r.net),
            r.payback,
        ]
        for r in result.rows
    ]
    headers = [
        table.column(p.change).label,
        tr("views.impact_projection.h_people") if p.people else None,
        tr("views.impact_projection.h_one_time") if p.one_time_cost else None,
        tr("views.impact_projection.h_yearly_cost"),
        tr("views.impact_projection.h_savings"),
        tr("views.impact_projection.h_net"),
        tr("views.impact_projection.h_payback"),
    ]
    footer = [
        tr("views.totals.total"),
        people(result.people) if p.people else None,
        money(result.one_time) if p.one_time_cost else None,
        money(result.yearly_cost),
        money(result.savings),
        money(result.net),
        "",
    ]
    keep = [i for i, h in enumerate(headers) if h is not None]
    if result.net is None:
        headline = tr("views.impact_projection.headline_unknown") if result.rows else ""
    else:
        key = "saves_total" if result.net >= 0 else "costs_total"
        headline = tr(
            f"views.impact_projection.{key}",
            people=people(result.people),
            amount=money(abs(result.net)),
        )
        if p.one_time_cost and result.first_year is not None:
            headline += " " + tr(
                "views.impact_projection.first_year", amount=money(result.first_year)
            )
    notes = []
    if result.without_net:
        notes.append(tr.plural("views.impact_projection.left_out", result.without_net))
    if result.guess_share is not None and result.guess_share > 0:
        notes.append(
            tr("views.impact_projection.guesses", share=f"{result.guess_share * 100:.0f}%")
        )
    if p.people and len(result.rows) > 1:
        notes.append(tr("views.impact_projection.people_twice"))
    by_goal = [[g.goal, str(g.changes), people(g.people), money(g.net)] for g in result.by_goal]
    return render(
        "impact_projection.html.j2",
        tr=tr,
        headline=headline,
        bars=bars,
        headers=[headers[i] for i in keep],
        rows=[[row[i] for i in keep] for row in rows],
        footer=[footer[i] for i in keep],
        by_goal=by_goal if p.goal and len(result.by_goal) > 1 else [],
        goal_header=table.column(p.goal).label if p.goal else "",
        notes=notes,
        problems=result.problems,
        empty=tr("views.impact_projection.empty"),
    )
