"""Baseline recidivism rate and reduction goals: the pure computation of ``baseline_calculator``.

Plain numbers and ISO dates in, a frozen dataclass out; the words come from the catalog
(``views.baseline_calculator.*``). Rules:

- a value that cannot be right (negative, not a whole number of people, more people with the event
  than in the cohort, a cohort of 0, a reduction below 0 or over 100 %) gives a plain message tied
  to its field, and **nothing is computed from it**;
- a missing value is not an error: the result says what to enter next;
- exact arithmetic throughout; rounding happens only when a figure is written out (half up).

The worked example in ``docs/baseline-example.md`` is checked number for number by
``tests/views/test_baseline_calculator.py``.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ..messages import Catalog, catalog

Status = Literal["incomplete", "invalid", "ok"]
ReductionKind = Literal["relative", "points"]
RELATIVE: ReductionKind = "relative"
POINTS: ReductionKind = "points"
KINDS: tuple[ReductionKind, ...] = (RELATIVE, POINTS)

SMALL_COHORT = 100
"""Below this many people, a note warns that the rate can move a lot by chance."""

# The calculator's own names for its inputs; the view maps them to the page's item ids through
# ``fields``, so that each message lands beside its own question.
COHORT = "cohort"
EVENTS = "events"
PER_YEAR = "per_year"
WINDOW = "window"
START = "start"
END = "end"
KIND = "kind"
K = "views.baseline_calculator."


@dataclass(frozen=True)
class FieldProblem:
    """A plain message to show beside one field; the field's value was not used."""

    field: str
    message: str


@dataclass(frozen=True)
class GoalInput:
    """One reduction goal as entered: a label, the reduction and (optionally) a target date."""

    label: str
    reduction: object
    by: str | None = None
    field: str = "reduction"


@dataclass(frozen=True)
class GoalResult:
    """What one goal means: the target rate and, with a yearly number, people each year."""

    label: str
    field: str
    kind: ReductionKind
    reduction: float  # percent (relative) or percentage points
    target_rate: float  # a share, 0..1
    points_lower: float  # baseline minus target, in percentage points
    relative_cut: float | None  # the same change as a percent of the baseline (None if 0)
    by: str | None
    baseline_per_year: float | None
    target_per_year: float | None
    fewer_per_year: float | None
    working: tuple[str, ...]
    sentence: str


@dataclass(frozen=True)
class BaselineResult:
    """The baseline and its goals, or the problems and what to enter next."""

    status: Status
    problems: tuple[FieldProblem, ...]
    notes: tuple[str, ...]
    next_step: str | None
    cohort: int | None
    events: int | None
    rate: float | None  # a share, 0..1
    per_year: int | None
    per_year_assumed: bool
    working: tuple[str, ...]
    sentence: str | None
    goals: tuple[GoalResult, ...]

    def problem_for(self, field: str) -> str | None:
        """The message to show beside ``field``, if any."""
        return next((p.message for p in self.problems if p.field == field), None)


# ----- formatting: one place, so the docs, the page and the tests agree --------------------------
_EPS = 1e-9  # absorbs binary noise such as 0.12345 * 100 = 12.344999...


def round_half_up(value: float) -> int:
    """A whole number, halves rounded up: 62.5 -> 63."""
    return int(math.floor(value + 0.5 + _EPS))


def round_to(value: float, places: int) -> float:
    """``value`` rounded half up to ``places`` decimals."""
    factor: int = 10**places  # int ** int is Any to mypy (a negative power is a float)
    return math.floor(value * factor + 0.5 + _EPS) / factor


def fmt_int(value: float) -> str:
    """A whole number with thousands separators, rounded half up: 1248 -> '1,248'."""
    return f"{round_half_up(value):,}"


def fmt_pct(share: float, places: int = 1) -> str:
    """A share as a percent: 0.350160 -> '35.0%'."""
    return f"{round_to(share * 100, places):.{places}f}%"


def fmt_number(value: float) -> str:
    """A number as a person typed it: 15 -> '15', 12.5 -> '12.5'."""
    return f"{int(value)}" if float(value) == int(value) else f"{value:g}"


def add_months(day: date, months: int) -> date:
    """``day`` plus whole months; a day the month lacks becomes its last (Jan 31 + 1: Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ----- reading one value --------------------------------------------------------------------------
def _number(value: object) -> float | None | Literal[False]:
    """A finite number, None when empty, False for anything else."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            return False
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return False


class _Reader:
    def __init__(self, tr: Catalog, names: Mapping[str, str]) -> None:
        self.tr = tr
        self.names = names
        self.problems: list[FieldProblem] = []

    def problem(self, param: str, key: str, **values: object) -> None:
        self.problems.append(FieldProblem(self.names.get(param, param), self.tr(K + key, **values)))

    def has_problem(self, param: str) -> bool:
        field = self.names.get(param, param)
        return any(p.field == field for p in self.problems)

    def count(self, value: object, param: str) -> int | None:
        """A whole, non-negative number of people, or None (missing, or reported)."""
        number = _number(value)
        if number is None:
            return None
        if number is False:
            self.problem(param, "enter_number")
        elif number < 0:
            self.problem(param, "below_zero")
        elif number != int(number):
            self.problem(param, "whole_people")
        else:
            return int(number)
        return None

    def day(self, value: object, param: str) -> date | None:
        if value is None or value == "":
            return None
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.problem(param, "bad_date")
            return None


# ----- the calculation ----------------------------------------------------------------------------
def compute_baseline(
    cohort: object,
    events: object,
    *,
    per_year: object = None,
    goals: Sequence[GoalInput] = (),
    kind: object = "relative",
    window_months: object = None,
    cohort_start: object = None,
    cohort_end: object = None,
    event_phrase: str | None = None,
    as_of: date | None = None,
    fields: Mapping[str, str] | None = None,
    tr: Catalog | None = None,
) -> BaselineResult:
    """The baseline rate, and for each goal the target rate and the yearly difference in people.

    ``cohort``: people in the cohort; ``events``: those of them with the event within the
    follow-up period; ``per_year``: people expected to leave each year from now on (when missing,
    the cohort size stands in and a note says so); ``kind``: "relative" (a 20 % cut of 40 % gives
    32 %) or "points" (20 points off 40 % gives 20 %); ``event_phrase``: how the event reads in
    a sentence ("were arrested again"); ``as_of``: today, for the notes on follow-up not yet
    finished and goal dates passed; ``fields``: the calculator's name of an input (``COHORT``,
    ``WINDOW``, ...) -> item id, so that each message lands beside its own field.
    """
    tr = tr or catalog()
    names = {key: key for key in (COHORT, EVENTS, PER_YEAR, WINDOW, START, END, KIND)}
    names.update(fields or {})
    read = _Reader(tr, names)
    notes: list[str] = []

    n_cohort = read.count(cohort, COHORT)
    n_events = read.count(events, EVENTS)
    n_per_year = read.count(per_year, PER_YEAR)
    if n_cohort == 0:
        read.problem(COHORT, "cohort_zero")
        n_cohort = None
    if n_per_year == 0:
        read.problem(PER_YEAR, "per_year_zero")
        n_per_year = None
    if n_cohort is not None and n_events is not None and n_events > n_cohort:
        read.problem(
            EVENTS, "events_over_cohort", events=fmt_int(n_events), cohort=fmt_int(n_cohort)
        )
        n_events = None

    window = read.count(window_months, WINDOW)
    if window == 0:
        read.problem(WINDOW, "window_zero")
        window = None
    start, end = read.day(cohort_start, START), read.day(cohort_end, END)
    if start and end and end < start:
        read.problem(END, "end_before_start")
        start = end = None

    reduction_kind: ReductionKind = "relative"
    if kind in KINDS:
        reduction_kind = kind
    elif kind not in (None, ""):
        read.problem(KIND, "bad_kind")

    if window and end and as_of:
        complete_on = add_months(end, window)
        if complete_on > as_of:
            notes.append(tr(K + "not_finished", months=window, date=complete_on.isoformat()))

    if n_cohort is None or n_events is None:
        missing = []
        if n_cohort is None and not read.has_problem(COHORT):
            missing.append(tr(K + "missing_cohort"))
        if n_events is None and not read.has_problem(EVENTS):
            missing.append(tr(K + "missing_events"))
        return BaselineResult(
            status="invalid" if read.problems else "incomplete",
            problems=tuple(read.problems),
            notes=tuple(notes),
            next_step=tr(K + "enter", what=tr(K + "and").join(missing)) if missing else None,
            cohort=n_cohort,
            events=n_events,
            rate=None,
            per_year=n_per_year,
            per_year_assumed=False,
            working=(),
            sentence=None,
            goals=(),
        )

    rate = n_events / n_cohort
    working = (
        tr(K + "working_formula"),
        tr(K + "working_numbers", events=fmt_int(n_events), cohort=fmt_int(n_cohort)),
        tr(K + "working_result", decimal=f"{round_to(rate, 4):.4f}", pct=fmt_pct(rate)),
    )
    sentence = tr(
        K + "sentence",
        events=fmt_int(n_events),
        cohort=fmt_int(n_cohort),
        pct=fmt_pct(rate),
        phrase=event_phrase or tr(K + "default_phrase"),
        within=tr(K + "within", months=window) if window else "",
    )
    if n_cohort < SMALL_COHORT:
        notes.append(tr(K + "small_cohort", n=SMALL_COHORT))
    if n_events == 0:
        notes.append(tr(K + "no_events"))

    per_year_used, assumed = n_per_year, False
    if per_year_used is None and not read.has_problem(PER_YEAR):
        per_year_used, assumed = n_cohort, True
        notes.append(tr(K + "per_year_assumed", n=fmt_int(n_cohort)))

    results: list[GoalResult] = []
    if not read.has_problem(KIND):
        for index, goal in enumerate(goals):
            found = _goal(tr, goal, index, rate, reduction_kind, per_year_used, as_of, read, notes)
            if found is not None:
                results.append(found)

    return BaselineResult(
        status="invalid" if read.problems else "ok",
        problems=tuple(read.problems),
        notes=tuple(notes),
        next_step=None,
        cohort=n_cohort,
        events=n_events,
        rate=rate,
        per_year=per_year_used,
        per_year_assumed=assumed,
        working=working,
        sentence=sentence,
        goals=tuple(results),
    )


def _goal(
    tr: Catalog,
    goal: GoalInput,
    index: int,
    rate: float,
    kind: ReductionKind,
    per_year: int | None,
    as_of: date | None,
    read: _Reader,
    notes: list[str],
) -> GoalResult | None:
    field = goal.field or f"goals[{index}].reduction"
    value = _number(goal.reduction)
    if value is None:
        return None
    if value is False:
        read.problem(field, "enter_number")
        return None
    if value < 0:
        read.problem(field, "reduction_negative")
        return None

    def pct(share: float) -> str:
        """The working's two-decimal percent."""
        return fmt_pct(share, 2)

    if kind == "relative":
        if value > 100:
            read.problem(field, "reduction_over_100")
            return None
        target = rate * (1 - value / 100)
        working = [
            tr(K + "relative_formula"),
            tr(
                K + "relative_numbers",
                rate=pct(rate),
                share=f"{value / 100:g}",
                factor=f"{round_to(1 - value / 100, 6):g}",
            ),
            tr(K + "target_result", target=pct(target)),
        ]
    else:
        if value > 100:
            read.problem(field, "points_over_100")
            return None
        if value / 100 > rate + 1e-12:
            read.problem(field, "points_below_zero", points=fmt_number(value), pct=fmt_pct(rate))
            return None
        target = max(0.0, rate - value / 100)
        working = [
            tr(K + "points_formula"),
            tr(K + "points_numbers", rate=pct(rate), points=fmt_number(value)),
            tr(K + "target_result", target=pct(target)),
        ]
    points_lower = (rate - target) * 100
    relative_cut = (rate - target) / rate * 100 if rate > 0 else None
    if kind == "relative":
        working.append(tr(K + "points_lower", points=f"{round_to(points_lower, 1):.1f}"))
    elif relative_cut is not None:
        working.append(tr(K + "relative_cut", pct=f"{round_to(relative_cut, 1):.1f}%"))

    now_n = target_n = fewer = None
    if per_year is not None:
        now_n, target_n = per_year * rate, per_year * target
        fewer = now_n - target_n
        n = fmt_int(per_year)
        working += [
            tr(K + "each_year_now", n=n, rate=pct(rate), people=fmt_int(now_n)),
            tr(K + "each_year_target", n=n, target=pct(target), people=fmt_int(target_n)),
            tr(
                K + "fewer_each_year", n=n, rate=pct(rate), target=pct(target), fewer=fmt_int(fewer)
            ),
        ]

    by_text, by_day = "", None
    if goal.by:
        try:
            by_day = date.fromisoformat(goal.by)
        except ValueError:
            by_day = None
    if by_day is not None:
        by_text = tr(K + "by", date=by_day.isoformat())
        if as_of is not None and by_day < as_of:
            notes.append(tr(K + "goal_past", goal=goal.label, date=by_day.isoformat()))
    cut = (
        tr(K + "cut_relative", pct=f"{fmt_number(value)}%")
        if kind == "relative"
        else tr(K + "cut_points", points=fmt_number(value))
    )
    sentence = tr(
        K + "goal_sentence", cut=cut, rate=fmt_pct(rate), target=fmt_pct(target), by=by_text
    )
    if fewer is not None:
        one = round_half_up(fewer) == 1
        sentence += tr(K + ("fewer_one" if one else "fewer_other"), n=fmt_int(fewer))
    else:
        sentence += tr(K + "full_stop")
    return GoalResult(
        label=goal.label,
        field=field,
        kind=kind,
        reduction=value,
        target_rate=target,
        points_lower=points_lower,
        relative_cut=relative_cut,
        by=by_day.isoformat() if by_day else None,
        baseline_per_year=now_n,
        target_per_year=target_n,
        fewer_per_year=fewer,
        working=tuple(working),
        sentence=sentence,
    )
