"""strategic_plan: the coalition's plan on one screen, built from what earlier pages hold (each
change with its goal and priority, how it will be made, whose agreement it needs, measures,
lead and how its steps stand), and the list of what needs attention."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field

from ..kinds.columns import ref_options
from ..model import Questionnaire, RefColumn, TableItem
from ..model.common import Id
from .base import PageContext, render, view
from .params import Finding, Params, TableName, column_ref
from .strategic_plan_calc import LineColumns, Lookups, StepColumns, StrategicPlan, compute


def _line_col(*kinds: str) -> Any:
    return column_ref(*kinds, table_param="lines")


def _step_col(*kinds: str) -> Any:
    return column_ref(*kinds, table_param="steps")


class StrategicPlanParams(Params):
    """Parameters of strategic_plan: the page names every column it uses (null: no such column)."""

    part: Literal["outline", "problems", "both"] = Field(
        "both", description="outline: the plan; problems: what needs attention; both."
    )
    lines: TableName = Field(description="The plan's lines: one record per change.")
    steps: TableName = Field(description="The action steps.")
    change: Annotated[Id, _line_col("ref")] = Field(description="Column of lines: the change.")
    goal: Annotated[Id, _line_col("ref")] | None = Field(
        description="Column of lines: the goal it serves (its priority comes with it)."
    )
    goal_priority: Id | None = Field(
        description="The column of the goals' list that picks each goal's priority."
    )
    mechanism: Annotated[Id, _line_col("ref")] | None = Field(
        description="Column of lines: how it will be made."
    )
    agreement: Annotated[Id, _line_col("ref")] | None = Field(
        description="Column of lines: whose agreement it needs."
    )
    measures: Annotated[Id, _line_col("ref")] | None = Field(
        description="Column of lines: how we will know it works."
    )
    lead: Annotated[Id, _line_col("ref")] | None = Field(
        description="Column of lines: the member who leads it."
    )
    step_name: Annotated[Id, _step_col("text")] = Field(description="Column of steps: its name.")
    step_change: Annotated[Id, _step_col("ref")] | None = Field(
        description="Column of steps: the change it serves."
    )
    owner: Annotated[Id, _step_col("ref")] | None = Field(description="Column of steps: its owner.")
    start: Annotated[Id, _step_col("date")] | None = Field(description="Column of steps: start.")
    due: Annotated[Id, _step_col("date")] | None = Field(description="Column of steps: due date.")
    status: Annotated[Id, _step_col("choice")] | None = Field(
        description="Column of steps: its status."
    )
    waits_for: Annotated[Id, _step_col("ref")] | None = Field(
        description="Column of steps: the steps it waits for (a ref to the steps themselves)."
    )
    done_values: tuple[Annotated[str, Field(max_length=200)], ...] = Field(
        description="Options of the status column that mean a step needs nothing more."
    )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    steps = q.items.get(p.steps)
    if not isinstance(steps, TableItem):
        return
    if p.status and p.status in steps.column_ids():
        values = [c.value for c in q.column_options(steps.column(p.status))]
        for i, v in enumerate(p.done_values):
            if v not in values:
                yield (
                    ("done_values", i),
                    f"{v!r} is not an option of {p.status!r}; options: {', '.join(values)}",
                )
    if p.waits_for and p.waits_for in steps.column_ids():
        column = steps.column(p.waits_for)
        if isinstance(column, RefColumn) and any(
            t.page not in (None, q.id) or t.table != steps.id for t in column.targets()
        ):
            yield ("waits_for",), f"column {p.waits_for!r} must pick from {steps.id!r} itself"


def _labels(ctx: PageContext, table: TableItem, *columns: str | None) -> dict[str, str]:
    """id -> name of every record the ref columns can pick (in list order)."""
    out: dict[str, str] = {}
    for column_id in columns:
        if not column_id:
            continue
        column = table.column(column_id)
        if isinstance(column, RefColumn):
            for name, rid in ref_options(ctx.kinds, column):
                out.setdefault(rid, name)
    return out


def lookups(ctx: PageContext, p: StrategicPlanParams) -> Lookups:
    """Names of the records the plan points to, read from the pages that hold them."""
    lines, steps = ctx.table(p.lines), ctx.table(p.steps)
    found = Lookups(
        changes=_labels(ctx, lines, p.change) | _labels(ctx, steps, p.step_change),
        goals=_labels(ctx, lines, p.goal),
        mechanisms=_labels(ctx, lines, p.mechanism),
        agreement=_labels(ctx, lines, p.agreement),
        measures=_labels(ctx, lines, p.measures),
        members=_labels(ctx, lines, p.lead) | _labels(ctx, steps, p.owner),
        statuses={c.value: c.label for c in ctx.q.column_options(steps.column(p.status))}
        if p.status
        else {},
    )
    goal_col = lines.column(p.goal) if p.goal else None
    if isinstance(goal_col, RefColumn) and p.goal_priority:
        priorities: dict[str, str] = {}
        of_goal: dict[str, str] = {}
        for target in goal_col.targets():
            try:
                page = ctx.for_table(target)
                goals = page.table_of(target)
                prio = goals.column(p.goal_priority)
            except KeyError:
                continue
            if not isinstance(prio, RefColumn):
                continue
            for name, rid in ref_options(page.kinds, prio):
                priorities.setdefault(rid, name)
            for record in page.records(target):
                value = record.get(p.goal_priority)
                if record.get("_id") and isinstance(value, str):
                    of_goal[str(record["_id"])] = value
        found.priorities, found.goal_priority = priorities, of_goal
    return found


def compute_plan(ctx: PageContext, p: StrategicPlanParams) -> StrategicPlan:
    """The plan of this page's lists, as of ``ctx.today``."""
    return compute(
        ctx.records(p.lines),
        ctx.records(p.steps),
        lookups(ctx, p),
        ctx.tr,
        today=ctx.today,
        done_values=p.done_values,
        line_columns=LineColumns(p.change, p.goal, p.mechanism, p.agreement, p.measures, p.lead),
        step_columns=StepColumns(
            p.step_name, p.step_change, p.owner, p.start, p.due, p.status, p.waits_for
        ),
    )


def headline(ctx: PageContext, plan: StrategicPlan) -> str:
    """'5 changes in the plan, 9 action steps: 1 done, 2 overdue, 1 without an owner.'"""
    tr = ctx.tr
    return tr(
        "views.strategic_plan.headline",
        lines=tr.plural("views.strategic_plan.lines", len(plan.lines)),
        steps=tr.plural("views.strategic_plan.steps", len(plan.steps)),
        done=sum(s.done for s in plan.steps),
        overdue=sum(s.days_late > 0 for s in plan.steps),
        unowned=plan.count("unowned"),
    )


@view(
    "strategic_plan",
    StrategicPlanParams,
    summary="The plan from earlier pages' lists: each change, its blocks and steps; what needs "
    "attention.",
    check=_check,
)
def strategic_plan(ctx: PageContext, p: StrategicPlanParams) -> str:
    """The outline grouped by priority, and/or the problems (warnings before notes)."""
    from .plan_calc import nice_date

    tr = ctx.tr
    plan = compute_plan(ctx, p)
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    for line in plan.lines:
        heading = line.priority or tr("views.strategic_plan.no_priority")
        if not line.goal:
            heading = tr("views.strategic_plan.no_goal_heading")
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        progress = (
            [tr("views.strategic_plan.step_counts", done=line.done, total=line.steps)]
            if line.steps
            else [tr("views.strategic_plan.no_steps_yet")]
        )
        if line.overdue:
            progress.append(tr("views.strategic_plan.step_overdue", n=line.overdue))
        groups[-1][1].append(
            {
                "change": line.change,
                "blocks": [
                    (tr("views.strategic_plan.goal"), line.goal) if p.goal else None,
                    (tr("views.strategic_plan.how"), line.mechanism) if p.mechanism else None,
                    (tr("views.strategic_plan.agreement"), ", ".join(line.agreement))
                    if p.agreement
                    else None,
                    (tr("views.strategic_plan.measures"), ", ".join(line.measures))
                    if p.measures
                    else None,
                    (tr("views.strategic_plan.lead"), line.lead) if p.lead else None,
                ],
                "progress": " · ".join(progress),
                "overdue": bool(line.overdue),
                "next": tr(
                    "views.strategic_plan.next", step=line.next_step, due=nice_date(line.next_due)
                )
                if line.next_step
                else "",
            }
        )
    return render(
        "strategic_plan.html.j2",
        tr=tr,
        part=p.part,
        headline=headline(ctx, plan),
        groups=groups,
        whole_plan=tr.plural("views.strategic_plan.whole_plan", plan.whole_plan_steps)
        if plan.whole_plan_steps and plan.lines
        else "",
        warnings=[x.message for x in plan.warnings],
        notes=[x.message for x in plan.notes],
    )
