"""The risk x need mismatch: people by risk level and need area against programme places.

A grid (one row per need area, one column per risk level), each square "places / people" shaded
by how far the places cover the people, then sentences: how well the priority levels are covered,
their share of needs against their share of places, places going to people at low risk while
priority people in the same need area go without. The computation is in
``risk_needs_mismatch_calc`` (pure, unit-tested).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field

from ..model import ChoiceColumn, Questionnaire, TableItem, TableTarget
from ..model.common import Id
from .base import PageContext, render, view
from .counts import number, percent
from .params import Finding, Params, TableSource, column_ref, item_ref
from .risk_needs_mismatch_calc import NO_COLUMNS, Columns, Mismatch, Option, risk_needs_mismatch

K = "views.risk_needs_mismatch."
OptionValue = Annotated[str, Field(min_length=1, max_length=200)]


class CellTable(Params):
    """A table with one count per risk level and need area."""

    table: TableSource
    risk: Annotated[Id, column_ref("choice")]
    need: Annotated[Id, column_ref("choice")]
    count: Annotated[Id, column_ref("integer", "number")]


class Headcount(Params):
    """A table with the number of people at each risk level."""

    table: TableSource
    risk: Annotated[Id, column_ref("choice")]
    count: Annotated[Id, column_ref("integer", "number")]


class RiskNeedsMismatch(Params):
    """Parameters of risk_needs_mismatch."""

    people: CellTable = Field(description="People: one count per risk level and need area.")
    places: CellTable = Field(description="Programme places a year by risk level and need area.")
    headcount: Headcount | None = Field(
        None, description="People at each risk level (need counts overlap; this counts people)."
    )
    released: Annotated[Id, item_ref("integer", "number")] | None = Field(
        None, description="People released per year (an item of this page), to check the counts."
    )
    priority: Annotated[tuple[OptionValue, ...], Field(min_length=1)] = Field(
        description="Risk levels places should go to first."
    )
    low: tuple[OptionValue, ...] = Field(
        description="Risk levels that should get the fewest intensive places."
    )
    limit: Annotated[int, Field(ge=1, le=11)] = Field(
        3, description="How many of the largest gaps and of the misdirected need areas to name."
    )


def _local(q: Questionnaire, table: str | TableTarget) -> TableItem | None:
    if isinstance(table, TableTarget):
        if table.page not in (None, q.id):
            return None  # another page's table: its columns are checked with the set of pages
        table = table.table
    found = q.items.get(table)
    return found if isinstance(found, TableItem) else None


def _values(q: Questionnaire, table: TableItem | None, column: str) -> list[str] | None:
    if table is None or column not in table.column_ids():
        return None
    return [c.value for c in q.column_options(table.column(column))]


def _check(q: Questionnaire, p: RiskNeedsMismatch) -> Iterator[Finding]:
    people = _local(q, p.people.table)
    places = _local(q, p.places.table)
    risks = _values(q, people, p.people.risk)
    if risks is not None:
        for key in ("priority", "low"):
            for i, value in enumerate(getattr(p, key)):
                if value not in risks:
                    yield (
                        (key, i),
                        f"{value!r} is not an option of {p.people.risk!r}; "
                        f"options: {', '.join(risks)}",
                    )
        both = set(p.priority) & set(p.low)
        if both:
            yield ("low",), f"{', '.join(sorted(both))} cannot be both a priority and a low level"
    for key in ("risk", "need"):
        mine = _values(q, people, getattr(p.people, key))
        theirs = _values(q, places, getattr(p.places, key))
        if mine is not None and theirs is not None and mine != theirs:
            yield (
                ("places", key),
                f"the places' {key} column must have the same options as the people's "
                f"({', '.join(mine)})",
            )
    if p.headcount is not None:
        mine = _values(q, people, p.people.risk)
        theirs = _values(q, _local(q, p.headcount.table), p.headcount.risk)
        if mine is not None and theirs is not None and mine != theirs:
            yield (
                ("headcount", "risk"),
                f"the headcount's risk column must have the same options as the people's "
                f"({', '.join(mine)})",
            )


def _options(ctx: PageContext, table: str | TableTarget, column: str) -> list[Any]:
    page = ctx.for_table(table)
    col = page.table_of(table).column(column)
    return list(page.q.column_options(col)) if isinstance(col, ChoiceColumn) else []


def compute(ctx: PageContext, p: RiskNeedsMismatch) -> Mismatch:
    """The comparison from the page context (records and options read from the tables named)."""
    risks = [
        Option(o.value, o.short_label, o.phrase or "", o.knowledge_gap)
        for o in _options(ctx, p.people.table, p.people.risk)
    ]
    needs = [Option(o.value, o.short_label) for o in _options(ctx, p.people.table, p.people.need)]
    headcount = None
    if p.headcount is not None:
        headcount = ctx.for_table(p.headcount.table).records(p.headcount.table)
    return risk_needs_mismatch(
        ctx.for_table(p.people.table).records(p.people.table),
        ctx.for_table(p.places.table).records(p.places.table),
        tr=ctx.tr,
        risks=risks,
        needs=needs,
        people_cols=Columns(p.people.risk, p.people.need, p.people.count),
        places_cols=Columns(p.places.risk, p.places.need, p.places.count),
        headcount_rows=headcount,
        headcount_cols=Columns(p.headcount.risk, "", p.headcount.count)
        if p.headcount
        else NO_COLUMNS,
        released_per_year=ctx.answers.get(p.released) if p.released else None,
        priority=p.priority,
        low=p.low,
        limit=p.limit,
    )


def _messages(ctx: PageContext, p: RiskNeedsMismatch) -> Mapping[str, list[str]]:
    """Errors and contradictions beside the tables (and the item) they come from."""
    where: dict[str, str] = {}
    for source, table in (
        ("people", p.people.table),
        ("places", p.places.table),
        ("headcount", p.headcount.table if p.headcount else None),
    ):
        if isinstance(table, str):
            where[source] = table
        elif isinstance(table, TableTarget) and table.page in (None, ctx.q.id):
            where[source] = table.table
    if p.released:
        where["released"] = p.released
    out: dict[str, list[str]] = {}
    for problem in compute(ctx, p).problems:
        item = where.get(problem.source)
        if item and problem.severity != "note":
            out.setdefault(item, []).append(problem.message)
    return out


@view(
    "risk_needs_mismatch",
    RiskNeedsMismatch,
    summary="People by risk level and need area against programme places, and the gaps.",
    check=_check,
    messages=_messages,
)
def risk_needs_mismatch_view(ctx: PageContext, p: RiskNeedsMismatch) -> str:
    """The grid, the sentences, and what could not be used."""
    m = compute(ctx, p)
    tr = ctx.tr
    risk_opts = {o.value: o for o in _options(ctx, p.people.table, p.people.risk)}
    need_opts = {o.value: o for o in _options(ctx, p.people.table, p.people.need)}
    columns = [risk_opts[r].short_label for r in m.risks]
    rows = []
    for need in m.needs:
        cells = []
        for risk in m.risks:
            c = m.cell(risk, need)
            assert c is not None
            status = tr(f"{K}status.{c.status}")
            cells.append(
                {
                    "status": c.status,
                    "text": "–"
                    if c.status == "empty"
                    else f"{number(c.places)} / {number(c.people)}",
                    "word": tr(K + "covered_pct", pct=percent(c.places / c.people))
                    if c.status in ("few", "part")
                    else ("" if c.status == "empty" else status),
                    "surplus": tr(K + "surplus", n=number(c.surplus))
                    if c.surplus and c.people and risk in p.low
                    else "",
                    "flagged": c.flagged,
                    "title": tr(
                        K + "cell_title",
                        risk=risk_opts[risk].short_label,
                        need=need_opts[need].short_label,
                        places=number(c.places),
                        people=number(c.people),
                        status=status,
                    ),
                }
            )
        here = [c for c in m.cells if c.need == need]
        rows.append(
            {
                "label": need_opts[need].short_label,
                "cells": cells,
                "all": f"{number(sum(c.places for c in here))} / "
                f"{number(sum(c.people for c in here))}",
            }
        )
    totals = [f"{number(t.places)} / {number(t.needs_counted)}" for t in m.by_risk]
    totals.append(f"{number(m.total_places)} / {number(m.total_needs_counted)}")
    heads = (
        [number(t.headcount) if t.headcount is not None else "–" for t in m.by_risk]
        + [number(sum(t.headcount or 0 for t in m.by_risk))]
        if p.headcount is not None and any(t.headcount is not None for t in m.by_risk)
        else None
    )
    present = {c.status for c in m.cells}
    legend = [
        (s, tr(f"{K}status.{s}"))
        for s in ("none", "few", "part", "covered", "no_people")
        if s in present
    ]
    return render(
        "risk_needs_mismatch.html.j2",
        m=m,
        tr=tr,
        k=K,
        columns=columns,
        rows=rows,
        totals=totals,
        heads=heads,
        legend=legend,
        errors=[x.message for x in m.by("error")],
        warnings=[x.message for x in m.by("warning")],
        notes=[x.message for x in m.by("note")],
    )
