"""funding_progress: each fundraising target against the money won, waiting and still early.

``totals`` (grouped by the prospects' ``target`` ref column and their stage) sums the pipeline
per target, but it knows nothing of the target's own amount, of which stages mean money won, or
of the target's date; this view sets those against each other.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field

from ..model import ChoiceColumn, Questionnaire, TableItem
from ..model.common import Id
from .amounts import beside, money, points_at
from .base import PageContext, render, view
from .funding_progress_calc import MET, FundingProgress, TargetProgress, funding_progress, nice_date
from .params import Finding, Params, TableName, column_ref

Stage = Annotated[str, Field(max_length=200)]


class FundingProgressParams(Params):
    """Parameters of funding_progress."""

    targets: TableName
    target_label: Annotated[Id, column_ref(table_param="targets")] = Field(
        description="The targets' column that names each one."
    )
    target_amount: Annotated[Id, column_ref("integer", "number", table_param="targets")]
    target_date: Annotated[Id, column_ref("date", table_param="targets")] | None = None
    prospects: TableName
    prospect_label: Annotated[Id, column_ref(table_param="prospects")] = Field(
        description="The prospects' column that names each one."
    )
    prospect_target: Annotated[Id, column_ref("ref", table_param="prospects")]
    prospect_amount: Annotated[Id, column_ref("integer", "number", table_param="prospects")]
    prospect_stage: Annotated[Id, column_ref("choice", table_param="prospects")]
    won_values: tuple[Stage, ...] = Field(description="Stages that mean money won.")
    pending_values: tuple[Stage, ...] = Field(
        description="Stages that mean asked and waiting on a decision."
    )
    lost_values: tuple[Stage, ...] = Field(
        description="Stages that mean no money; every other stage counts as early."
    )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    prospects = q.items.get(p.prospects)
    if not isinstance(prospects, TableItem):
        return
    ids = prospects.column_ids()
    if p.prospect_target in ids and not points_at(
        prospects.column(p.prospect_target), p.targets, q.id
    ):
        yield ("prospect_target",), f"column {p.prospect_target!r} must pick from {p.targets!r}"
    if p.prospect_stage in ids and isinstance(prospects.column(p.prospect_stage), ChoiceColumn):
        values = [c.value for c in q.column_options(prospects.column(p.prospect_stage))]
        seen: set[str] = set()
        for key in ("won_values", "pending_values", "lost_values"):
            for i, v in enumerate(getattr(p, key)):
                if v not in values:
                    yield (
                        (key, i),
                        f"{v!r} is not an option of {p.prospect_stage!r}; options: "
                        + ", ".join(values),
                    )
                elif v in seen:
                    yield (key, i), f"{v!r} is listed in more than one group of stages"
                seen.add(v)


def compute(ctx: PageContext, p: FundingProgressParams) -> FundingProgress:
    """The progress of every target, from this page's two lists."""
    return funding_progress(
        ctx.records(p.targets),
        ctx.records(p.prospects),
        today=ctx.today,
        tr=ctx.tr,
        target_label=p.target_label,
        target_amount=p.target_amount,
        target_date=p.target_date,
        prospect_label=p.prospect_label,
        prospect_target=p.prospect_target,
        prospect_amount=p.prospect_amount,
        prospect_stage=p.prospect_stage,
        won_values=p.won_values,
        pending_values=p.pending_values,
        lost_values=p.lost_values,
    )


def _row(ctx: PageContext, x: TargetProgress) -> dict[str, Any]:
    t = ctx.tr
    found = x.won + x.pending + x.early
    scale = max(x.target or 0.0, found) or 1.0
    when = ""
    if x.by_when is not None:
        when = t("views.funding_progress.by", date=nice_date(x.by_when))
    left = ""
    if x.days_left is not None and x.status != MET:
        left = (
            t("views.funding_progress.passed")
            if x.days_left < 0
            else t.plural("views.funding_progress.days_left", x.days_left)
        )
    segments = [
        {
            "cls": cls,
            "width": 100 * value / scale,
            "label": t(f"views.funding_progress.{cls}"),
            "amount": money(value, t),
        }
        for cls, value in (("won", x.won), ("pending", x.pending), ("early", x.early))
        if value
    ]
    return {
        "name": x.name,
        "target": money(x.target, t) if x.target is not None else "",
        "when": when,
        "left": left,
        "overdue": x.overdue,
        "met": x.status == MET,
        "segments": segments,
        "tick": 100 * x.target / scale if x.target else None,
        "sentence": x.sentence,
    }


@view(
    "funding_progress",
    FundingProgressParams,
    summary="Each fundraising target against the money won, waiting on a decision and still "
    "early; what is left to find; dates passed.",
    check=_check,
    messages=lambda ctx, p: _messages(ctx, p),
)
def render_funding_progress(ctx: PageContext, p: FundingProgressParams) -> str:
    """One bar per target on its own scale (won, waiting, early; a mark at the target)."""
    result = compute(ctx, p)
    t = ctx.tr
    rows = [_row(ctx, x) for x in result.targets]
    unlinked = _row(ctx, result.unlinked) if result.unlinked else None
    return render(
        "funding_progress.html.j2",
        t=lambda key, **kw: t(f"views.funding_progress.{key}", **kw),
        rows=rows,
        unlinked=unlinked,
        totals=t(
            "views.funding_progress.totals",
            won=money(result.total_won, t),
            pending=money(result.total_pending, t),
            target=money(result.total_target, t),
        )
        if len(rows) > 1
        else "",
        messages=[m.text for m in result.messages],
    )


def _messages(ctx: PageContext, p: FundingProgressParams) -> Mapping[str, list[str]]:
    return beside(compute(ctx, p).messages, {"targets": p.targets, "prospects": p.prospects})
