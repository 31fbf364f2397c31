"""Projected impact of each change, in plain data: people reached a year, one-time and running
costs, savings, the net effect a year and in the first year, running cost per person, payback
time; totals overall and by goal; the share of savings that rests on rough guesses."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .plan_calc import BadValue, Words, quoted, read_amount, ref_ids


@dataclass(frozen=True)
class ImpactColumns:
    """Column ids of the estimates list (None: the page does not ask it)."""

    change: str
    goal: str | None
    people: str | None
    one_time_cost: str | None
    yearly_cost: str
    yearly_savings: str
    basis: str | None


@dataclass
class Row:
    """One change's figures (None: not given or not readable)."""

    id: str
    change: str
    goal: str
    basis: str
    people: int | None
    one_time: float | None
    yearly_cost: float | None
    savings: float | None
    net: float | None
    first_year: float | None
    per_person: float | None
    payback_months: int | None
    payback: str


@dataclass
class GoalTotal:
    """Changes, people and net a year of the changes serving one goal."""

    goal: str
    changes: int = 0
    people: int = 0
    net: float | None = None


@dataclass
class Projection:
    """Every change, the totals, totals by goal and the share of savings on rough guesses."""

    rows: list[Row]
    people: int
    one_time: float
    yearly_cost: float
    savings: float
    net: float | None
    first_year: float | None
    without_net: int
    by_goal: list[GoalTotal]
    guess_share: float | None
    problems: list[str] = field(default_factory=list)


def payback(one_time: float, net: float | None, tr: Words) -> tuple[int | None, str]:
    """Months of net savings that cover the one-time cost, and the words for it."""
    if net is None:
        return None, tr("views.impact_projection.payback_unknown")
    if net < 0:
        return None, tr("views.impact_projection.never_costs")
    if net == 0:
        return None, tr("views.impact_projection.never_even")
    if not one_time:
        return 0, tr("views.impact_projection.from_start")
    months = math.ceil(one_time / net * 12 - 1e-9)
    if months <= 24:
        return months, tr.plural("views.impact_projection.months", months)
    return months, tr("views.impact_projection.years", years=f"{months / 12:.1f}")


_P = "views.impact_projection"
_WHAT = {
    "people": "views.impact_projection.col_people",
    "one_time": "views.impact_projection.col_one_time",
    "yearly": "views.impact_projection.col_yearly_cost",
    "savings": "views.impact_projection.col_savings",
}


def _read(
    rec: Mapping[str, Any],
    key: str,
    column: str | None,
    *,
    name: str,
    tr: Words,
    problems: list[str],
) -> tuple[float | None, bool]:
    """(the figure or None, whether something unreadable was there); a message if so."""
    if column is None:
        return None, False
    raw = rec.get(column)
    try:
        return read_amount(raw), False
    except BadValue:
        what = tr(_WHAT[key], name=name)
        problems.append(tr(f"{_P}.bad_amount", what=what, value=raw))
        return None, True


def compute(
    records: Sequence[Mapping[str, Any]],
    tr: Words,
    *,
    changes: Mapping[str, str],
    goals: Mapping[str, str],
    guess_values: Sequence[str],
    columns: ImpactColumns,
) -> Projection:
    """``changes``/``goals``: id -> name of the picked records (dict order is list order).

    An empty one-time cost counts as 0; an empty running cost or saving leaves the net unknown.
    A negative or unreadable figure is named in a plain message and left out; the rest is
    still computed."""
    c = columns
    problems: list[str] = []
    removed = tr("answers.removed_record")
    rows: list[Row] = []
    for i, rec in enumerate(records, start=1):
        ids = ref_ids(rec.get(c.change))
        change = changes.get(ids[0], removed) if ids else tr("views.impact_projection.row_n", n=i)
        name = quoted(change) if ids and change != removed else tr(f"{_P}.row_n", n=i)
        if ids and change == removed:
            problems.append(tr("views.impact_projection.change_removed", n=i))
        goal_ids = ref_ids(rec.get(c.goal)) if c.goal else []
        goal = goals.get(goal_ids[0], removed) if goal_ids else ""

        read = functools.partial(_read, rec, name=name, tr=tr, problems=problems)
        people_f, _ = read("people", c.people)
        people = None
        if people_f is not None:
            if people_f != int(people_f):
                what = tr(_WHAT["people"], name=name)
                problems.append(tr(f"{_P}.whole_number", what=what, value=people_f))
            else:
                people = int(people_f)
        one_time, one_time_bad = read("one_time", c.one_time_cost)
        yearly, _ = read("yearly", c.yearly_cost)
        savings, _ = read("savings", c.yearly_savings)
        net = savings - yearly if yearly is not None and savings is not None else None
        first = None if net is None or one_time_bad else net - (one_time or 0.0)
        per_person = yearly / people if yearly is not None and people else None
        if one_time_bad:
            months, words = None, tr("views.impact_projection.check_one_time")
        else:
            months, words = payback(one_time or 0.0, net, tr)
        basis = str(rec.get(c.basis) or "") if c.basis else ""
        rows.append(
            Row(
                str(rec.get("_id") or i),
                change,
                goal,
                basis,
                people,
                one_time,
                yearly,
                savings,
                net,
                first,
                per_person,
                months,
                words,
            )
        )
    with_net = [r.net for r in rows if r.net is not None]
    with_first = [r.first_year for r in rows if r.first_year is not None]
    total_savings = sum(r.savings or 0.0 for r in rows)
    guessed = sum(r.savings or 0.0 for r in rows if r.basis in guess_values)
    by_goal: dict[str, GoalTotal] = {}
    for r in rows:
        label = r.goal or tr("views.impact_projection.no_goal")
        total = by_goal.setdefault(label, GoalTotal(label))
        total.changes += 1
        total.people += r.people or 0
        if r.net is not None:
            total.net = (total.net or 0.0) + r.net
    order = {label: n for n, label in enumerate(goals.values())}
    return Projection(
        rows=rows,
        people=sum(r.people or 0 for r in rows),
        one_time=sum(r.one_time or 0.0 for r in rows),
        yearly_cost=sum(r.yearly_cost or 0.0 for r in rows),
        savings=total_savings,
        net=sum(with_net) if with_net else None,
        first_year=sum(with_first) if with_first else None,
        without_net=len(rows) - len(with_net),
        by_goal=sorted(by_goal.values(), key=lambda g: order.get(g.goal, len(order))),
        guess_share=guessed / total_savings if total_savings else None,
        problems=problems,
    )
