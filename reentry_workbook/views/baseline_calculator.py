"""The baseline calculator: the baseline recidivism rate from cohort counts and what each
reduction goal means in people a year, with the arithmetic shown (computation in
``baseline_calculator_calc``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any

from pydantic import Field

from ..answers import item_messages
from ..model import Questionnaire
from ..model.common import Id
from .base import PageContext, render, view
from .baseline_calculator_calc import (
    COHORT,
    END,
    EVENTS,
    KIND,
    PER_YEAR,
    POINTS,
    RELATIVE,
    START,
    WINDOW,
    BaselineResult,
    GoalInput,
    ReductionKind,
    compute_baseline,
    fmt_int,
    fmt_pct,
)
from .params import Finding, Params, item_ref

CountItem = Annotated[Id, item_ref("integer", "number")]
DateItemName = Annotated[Id, item_ref("date")]
ChoiceItemName = Annotated[Id, item_ref("single_choice")]
OptionValue = Annotated[str, Field(min_length=1, max_length=200)]


class Goal(Params):
    """One reduction goal: its name, the item holding the reduction, and its date."""

    label: Annotated[str, Field(min_length=1, max_length=80)]
    reduction: CountItem
    by: DateItemName | None = None


class BaselineCalculator(Params):
    """Parameters of baseline_calculator."""

    cohort: CountItem = Field(description="People in the cohort (the group followed).")
    events: CountItem = Field(description="People in the cohort with the event in the period.")
    per_year: CountItem | None = Field(
        None, description="People expected to leave each year (blank: the cohort size)."
    )
    window_months: CountItem | None = None
    cohort_start: DateItemName | None = None
    cohort_end: DateItemName | None = None
    event: ChoiceItemName | None = Field(
        None, description="The event; its option's `phrase` is used in the sentence."
    )
    kind: ChoiceItemName | None = Field(
        None,
        description="How reductions are written: a choice whose options are exactly "
        "`relative_option` and `points_option` (blank: a share of today's rate).",
    )
    relative_option: OptionValue | None = Field(
        None, description="The option of `kind` for a share of today's rate (20% of 40% is 8)."
    )
    points_option: OptionValue | None = Field(
        None, description="The option of `kind` for percentage points off the rate."
    )
    goals: tuple[Goal, ...] = ()


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    from ..messages import catalog_for

    item = q.items.get(p.kind) if p.kind else None
    if item is None:
        return
    wanted = [p.relative_option, p.points_option]
    values = [] if getattr(item, "choices_from", None) else [c.value for c in q.options(item)]
    if None in wanted or wanted[0] == wanted[1] or sorted(values) != sorted(wanted):
        yield (
            ("kind",),
            catalog_for(q)(
                "views.baseline_calculator.kind_options",
                item=p.kind,
                values=", ".join(values),
                relative=p.relative_option or "",
                points=p.points_option or "",
            ),
        )


def _kind(p: BaselineCalculator, answer: Any) -> Any:
    """The calculator's word for the answer to ``kind`` (an unknown answer as it is)."""
    if not p.kind:
        return RELATIVE
    kinds: dict[Any, ReductionKind] = {p.relative_option: RELATIVE, p.points_option: POINTS}
    kinds.pop(None, None)
    return kinds.get(answer, answer)


def _fields(p: BaselineCalculator) -> dict[str, str]:
    named = {
        COHORT: p.cohort,
        EVENTS: p.events,
        PER_YEAR: p.per_year,
        WINDOW: p.window_months,
        START: p.cohort_start,
        END: p.cohort_end,
        KIND: p.kind,
    }
    return {k: v for k, v in named.items() if v}


def compute(ctx: PageContext, p: BaselineCalculator) -> BaselineResult:
    """The calculator's result for the page's current answers."""
    answers = ctx.answers

    def get(item: str | None) -> Any:
        return answers.get(item) if item else None

    phrase = None
    if p.event and answers.get(p.event) is not None:
        option = next(
            (c for c in ctx.q.options(ctx.q.item(p.event)) if c.value == answers[p.event]), None
        )
        phrase = option.phrase if option is not None else None
    goals = [GoalInput(g.label, get(g.reduction), get(g.by), g.reduction) for g in p.goals]
    return compute_baseline(
        get(p.cohort),
        get(p.events),
        per_year=get(p.per_year),
        goals=goals,
        kind=_kind(p, get(p.kind)),
        window_months=get(p.window_months),
        cohort_start=get(p.cohort_start),
        cohort_end=get(p.cohort_end),
        event_phrase=phrase,
        as_of=ctx.today,
        fields=_fields(p),
        tr=ctx.tr,
    )


def _messages(ctx: PageContext, p: BaselineCalculator) -> Mapping[str, list[str]]:
    """Each problem beside its own question (unless the question already says something)."""
    out: dict[str, list[str]] = {}
    for problem in compute(ctx, p).problems:
        item = ctx.q.items.get(problem.field)
        if item is not None and item_messages(ctx.q, item, ctx.answers.get(item.id)):
            continue
        out.setdefault(problem.field, []).append(problem.message)
    return out


@view(
    "baseline_calculator",
    BaselineCalculator,
    summary="The baseline rate from cohort counts and what each reduction goal means, "
    "with the arithmetic shown; impossible counts get a message beside their question.",
    check=_check,
    messages=_messages,
)
def baseline_calculator(ctx: PageContext, p: BaselineCalculator) -> str:
    """The sentence, the working, a bar per goal, the problems and the notes."""
    result = compute(ctx, p)
    tr = ctx.tr

    def k(key: str, **values: Any) -> str:
        return tr(f"views.baseline_calculator.{key}", **values)

    problems = []
    for problem in result.problems:
        item = ctx.q.items.get(problem.field)
        name = item.prompt if item is not None else problem.field
        problems.append((name, problem.message))
    bars = []
    if result.rate is not None and result.goals:
        top = result.rate or 1.0
        bars.append(
            {
                "label": k("bar_today"),
                "pct": fmt_pct(result.rate),
                "width": 100.0,
                "people": k("bar_people", n=fmt_int(result.goals[0].baseline_per_year))
                if result.goals[0].baseline_per_year is not None
                else "",
                "fewer": "",
                "colour": "#0072B2",
            }
        )
        for goal in result.goals:
            bars.append(
                {
                    "label": k("bar_goal", label=goal.label),
                    "pct": fmt_pct(goal.target_rate),
                    "width": 100.0 * goal.target_rate / top if result.rate else 0.0,
                    "people": k("bar_people", n=fmt_int(goal.target_per_year))
                    if goal.target_per_year is not None
                    else "",
                    "fewer": k("bar_fewer", n=fmt_int(goal.fewer_per_year))
                    if goal.fewer_per_year is not None
                    else "",
                    "colour": "#009E73",
                }
            )
    return render(
        "baseline_calculator.html.j2",
        result=result,
        problems=problems,
        bars=bars,
        printing=ctx.printing,
        how=k("how"),
        notes_heading=k("notes"),
        problems_heading=k("problems"),
        bars_caption=k("bars_caption"),
    )
