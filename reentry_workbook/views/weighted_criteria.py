"""weighted_criteria: candidate ways of making each change, scored against weighted criteria."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field, model_validator

from ..model import MatrixItem, NumberColumn, Questionnaire, ScaleColumn, TableItem, table_target
from ..model.common import Id
from .amounts import beside, plain, points_at
from .base import PageContext, render, view
from .params import Finding, Params, TableName, column_ref, no_column
from .weighted_criteria_calc import AGREED, AVERAGE, VOTES, WeightedCriteria, weighted_criteria


class WeightFrom(Params):
    """Where the weights come from: the criteria's agreed weight column, members' votes (a
    matrix whose rows are the criteria), or both (the agreed weight first, then the votes)."""

    column: Id | None = None
    item: Id | None = None

    @model_validator(mode="after")
    def _some(self) -> WeightFrom:
        if self.column is None and self.item is None:
            raise ValueError("give 'column', 'item' or both")
        return self


class WeightedCriteriaParams(Params):
    """Parameters of weighted_criteria."""

    criteria: TableName
    criterion_label: Annotated[Id, column_ref(table_param="criteria")] = Field(
        description="The criteria's column that names each one."
    )
    weight: WeightFrom
    options: TableName
    option_label: Annotated[Id, column_ref(table_param="options")] = Field(
        description="The candidates' column that names each one."
    )
    improvement: Annotated[Id, column_ref("ref", table_param="options")]
    mechanism: Annotated[Id, column_ref("choice", table_param="options")] | None = None
    scores: TableName
    score_option: Annotated[Id, column_ref("ref", table_param="scores")]
    score_criterion: Annotated[Id, column_ref("ref", table_param="scores")]
    score: Annotated[Id, column_ref("scale", "integer", "number", table_param="scores")]
    choices: TableName | None = None
    choice_improvement: Annotated[Id, column_ref("ref", table_param="choices")] | None = None
    choice_option: Annotated[Id, column_ref("ref", table_param="choices")] | None = None
    close_margin: float = Field(
        0.25, ge=0, le=10, description="A lead smaller than this (in score points) is a close call."
    )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    tables = {i.id: i for i in q.items.values() if isinstance(i, TableItem)}
    criteria = tables.get(p.criteria)
    if criteria is not None and p.weight.column is not None:
        if p.weight.column not in criteria.column_ids():
            yield (
                ("weight", "column"),
                no_column(criteria.id, p.weight.column, criteria.column_ids()),
            )
        elif not isinstance(criteria.column(p.weight.column), NumberColumn | ScaleColumn):
            yield (
                ("weight", "column"),
                f"column {p.weight.column!r} must be a number or scale column",
            )
    if p.weight.item is not None:
        item = q.items.get(p.weight.item)
        target = table_target(item.rows_from) if isinstance(item, MatrixItem) else None
        if target is None or target.table != p.criteria or target.page not in (None, q.id):
            yield (
                ("weight", "item"),
                f"item {p.weight.item!r} must be a matrix with rows_from: {p.criteria}",
            )
    wanted = [
        ("scores", "score_option", p.options),
        ("scores", "score_criterion", p.criteria),
        ("choices", "choice_option", p.options),
    ]
    for table_param, column_param, target_table in wanted:
        table = tables.get(getattr(p, table_param) or "")
        column_id = getattr(p, column_param)
        if table is None or column_id is None or column_id not in table.column_ids():
            continue
        if not points_at(table.column(column_id), target_table, q.id):
            yield (column_param,), f"column {column_id!r} must pick from the list {target_table!r}"
    if p.choices is not None and (p.choice_improvement is None or p.choice_option is None):
        yield ("choices",), "with 'choices', give 'choice_improvement' and 'choice_option' too"


def compute(ctx: PageContext, p: WeightedCriteriaParams) -> WeightedCriteria:
    """The ranking from this page's lists (and members' weight votes, when asked for)."""
    from .group_votes import ratings

    options = ctx.records(p.options)
    imp_col = ctx.table(p.options).column(p.improvement)
    labels = {
        str(o[p.improvement]): ctx.cell(imp_col, o[p.improvement])
        for o in options
        if o.get(p.improvement)
    }
    low, high = _scale(ctx, p)
    choices = ctx.records(p.choices) if p.choices else []
    return weighted_criteria(
        ctx.records(p.criteria),
        options,
        ctx.records(p.scores),
        tr=ctx.tr,
        choices=choices,
        improvement_labels=labels,
        weight_column=p.weight.column,
        votes=ratings(ctx, p.weight.item) if p.weight.item else None,
        criterion_label=p.criterion_label,
        option_label=p.option_label,
        option_improvement=p.improvement,
        option_mechanism=p.mechanism,
        score_option=p.score_option,
        score_criterion=p.score_criterion,
        score_value=p.score,
        choice_improvement=p.choice_improvement or "",
        choice_option=p.choice_option or "",
        score_min=low,
        score_max=high,
        close_margin=p.close_margin,
    )


def _scale(ctx: PageContext, p: WeightedCriteriaParams) -> tuple[float, float]:
    column = ctx.table(p.scores).column(p.score)
    if isinstance(column, ScaleColumn):
        return float(column.min), float(column.max)
    if isinstance(column, NumberColumn) and column.min is not None and column.max is not None:
        return float(column.min), float(column.max)
    return 1.0, 5.0


def _source(ctx: PageContext, c: Any) -> str:
    t = ctx.tr
    if c.source == AGREED:
        return t("views.weighted_criteria.from_agreed")
    if c.source == VOTES:
        if c.spread and c.votes > 1 and c.spread[0] != c.spread[1]:
            return t(
                "views.weighted_criteria.from_votes_range",
                n=c.votes,
                low=plain(c.spread[0]),
                high=plain(c.spread[1]),
            )
        return t.plural("views.weighted_criteria.from_votes", c.votes)
    if c.source == AVERAGE:
        return t("views.weighted_criteria.from_average")
    return t("views.weighted_criteria.from_equal")


@view(
    "weighted_criteria",
    WeightedCriteriaParams,
    summary="Each improvement's candidates ranked by scores on weighted criteria; close calls, "
    "rankings the weights decide, a choice that did not rank first.",
    group=True,
    check=_check,
    messages=lambda ctx, p: _messages(ctx, p),
)
def render_weighted_criteria(ctx: PageContext, p: WeightedCriteriaParams) -> str:
    """The weights, then one ranked table per improvement with what to notice under it."""
    result = compute(ctx, p)
    low, high = _scale(ctx, p)
    t = ctx.tr
    mech_col = ctx.table(p.options).column(p.mechanism) if p.mechanism else None
    mech_labels = (
        {o.value: o.short_label for o in ctx.q.column_options(mech_col)} if mech_col else {}
    )
    top_weight = max((c.weight for c in result.criteria), default=0.0) or 1.0
    weights = [
        {
            "name": c.name,
            "weight": plain(round(c.weight, 1)),
            "width": 100 * c.weight / top_weight,
            "share": round(100 * c.share),
            "from": _source(ctx, c),
            "filled": c.source not in (AGREED, VOTES),
        }
        for c in result.criteria
    ]
    criteria = [
        {"id": c.id, "name": c.name, "weight": plain(round(c.weight, 1))} for c in result.criteria
    ]
    improvements = []
    for imp in result.improvements:
        rows = []
        for o in imp.options:
            rows.append(
                {
                    "rank": o.rank or "",
                    "name": o.name,
                    "mechanism": mech_labels.get(o.mechanism or "", ""),
                    "scores": [
                        plain(round(o.scores[c.id], 1))
                        if c.id in o.scores
                        else t("views.weighted_criteria.blank_score")
                        for c in result.criteria
                    ],
                    "weighted": f"{o.weighted:.2f}" if o.weighted is not None else None,
                    "width": 100 * (o.weighted or 0) / high if high else 0,
                    "chosen": o.chosen,
                    "top": o.rank == 1,
                }
            )
        improvements.append({"label": imp.label, "rows": rows, "notes": imp.notes})
    return render(
        "weighted_criteria.html.j2",
        t=lambda key, **kw: t(f"views.weighted_criteria.{key}", **kw),
        weights=weights,
        weight_messages=result.weight_messages,
        criteria=criteria,
        improvements=improvements,
        messages=[m.text for m in result.messages],
        low=plain(low),
        high=plain(high),
        has_criteria=bool(result.criteria),
    )


def _messages(ctx: PageContext, p: WeightedCriteriaParams) -> Mapping[str, list[str]]:
    result = compute(ctx, p)
    found = beside(
        result.messages, {"criteria": p.criteria, "scores": p.scores, "choices": p.choices}
    )
    if result.weight_messages:
        found.setdefault(p.criteria, []).extend(result.weight_messages)
    return found
