"""The strategic plan as plain data: each change of the plan with its building blocks (read
from earlier pages' lists through ref ids), its action steps, and what needs attention
(unowned, overdue, dates out of order, circles of "waits for" links, removed records, missing
blocks). Pure: records, label lookups and today's date in; an outline and problems out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .plan_calc import BadValue, Words, nice_date, quoted, read_date, ref_ids

if TYPE_CHECKING:  # networkx loads when a plan has "waits for" links to check, not on import
    import networkx as nx

WARNING, NOTE = "warning", "note"


@dataclass(frozen=True)
class LineColumns:
    """Column ids of the plan-lines list (None: the page has no such column)."""

    change: str
    goal: str | None
    mechanism: str | None
    agreement: str | None
    measures: str | None
    lead: str | None


@dataclass(frozen=True)
class StepColumns:
    """Column ids of the action-steps list (None: the page has no such column)."""

    name: str
    change: str | None
    owner: str | None
    start: str | None
    due: str | None
    status: str | None
    waits_for: str | None


@dataclass
class Lookups:
    """id -> name of every record the plan points to (dict order is list order)."""

    changes: Mapping[str, str] = field(default_factory=dict)
    goals: Mapping[str, str] = field(default_factory=dict)
    goal_priority: Mapping[str, str] = field(default_factory=dict)
    """goal id -> its priority's id"""
    priorities: Mapping[str, str] = field(default_factory=dict)
    mechanisms: Mapping[str, str] = field(default_factory=dict)
    agreement: Mapping[str, str] = field(default_factory=dict)
    measures: Mapping[str, str] = field(default_factory=dict)
    members: Mapping[str, str] = field(default_factory=dict)
    statuses: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    """One plain message about the plan; ``kind`` is a stable code for tests."""

    kind: str
    message: str
    severity: str = WARNING


@dataclass
class Step:
    """An action step as the plan reads it."""

    id: str
    name: str
    owner: str
    start: dt.date | None
    due: dt.date | None
    status: str
    done: bool
    days_late: int = 0


@dataclass
class Line:
    """A change of the plan with its building blocks and how its steps stand."""

    id: str
    change: str
    goal: str
    priority: str
    mechanism: str
    agreement: list[str]
    measures: list[str]
    lead: str
    steps: int = 0
    done: int = 0
    overdue: int = 0
    next_step: str = ""
    next_due: dt.date | None = None


@dataclass
class StrategicPlan:
    """The outline (lines in priority and goal order), the steps and what needs attention."""

    lines: list[Line]
    steps: list[Step]
    whole_plan_steps: int
    problems: list[Problem]

    @property
    def warnings(self) -> list[Problem]:
        """Problems to act on."""
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def notes(self) -> list[Problem]:
        """Problems worth a look."""
        return [p for p in self.problems if p.severity == NOTE]

    def count(self, kind: str) -> int:
        """How many problems of one kind."""
        return sum(1 for p in self.problems if p.kind == kind)


_ORDER = [
    "cycle",
    "overdue",
    "unowned",
    "owner_removed",
    "due_before_start",
    "waits_for_later",
    "waits_for_removed",
    "bad_date",
    "removed",
    "no_change",
    "no_goal",
    "no_agreement",
    "no_measure",
    "no_steps",
    "no_due",
    "no_mechanism",
    "twice",
    "outside_plan",
    "goal_without_line",
]
_RANK = {kind: i for i, kind in enumerate(_ORDER)}


def compute(
    lines: Sequence[Mapping[str, Any]],
    steps: Sequence[Mapping[str, Any]],
    lookups: Lookups,
    tr: Words,
    *,
    today: dt.date,
    done_values: Sequence[str],
    line_columns: LineColumns,
    step_columns: StepColumns,
) -> StrategicPlan:
    """Join the plan lines and the action steps; every problem becomes a plain message and the
    rest is still computed. The inputs are not changed."""
    w = _Writer(tr)
    sc, lc = step_columns, line_columns
    names = {
        str(r["_id"]): str(r.get(sc.name) or "").strip()
        or tr("views.strategic_plan.unnamed_step", n=i)
        for i, r in enumerate(steps, start=1)
        if isinstance(r, Mapping) and r.get("_id")
    }
    rows = [r for r in steps if isinstance(r, Mapping) and r.get("_id")]
    states: list[Step] = []
    by_change: dict[str, list[Step]] = {}
    whole_plan = 0
    for row in rows:
        step = _step(row, names[str(row["_id"])], lookups, sc, done_values, today, w)
        states.append(step)
        change = ref_ids(row.get(sc.change)) if sc.change else []
        if change:
            by_change.setdefault(change[0], []).append(step)
        else:
            whole_plan += 1
    if sc.waits_for:
        _waits_for(rows, names, {s.id: s.due for s in states}, sc.waits_for, w)

    outline: list[Line] = []
    seen: dict[str, str] = {}
    goals_used: set[str] = set()
    for i, row in enumerate((r for r in lines if isinstance(r, Mapping)), start=1):
        line = _line(i, row, lookups, lc, w, seen, goals_used)
        change_id = (ref_ids(row.get(lc.change)) or [""])[0]
        mine = by_change.get(change_id, []) if change_id else []
        line.steps = len(mine)
        line.done = sum(s.done for s in mine)
        line.overdue = sum(s.days_late > 0 for s in mine)
        upcoming = sorted((s for s in mine if not s.done and s.due), key=lambda s: s.due or today)
        if upcoming:
            line.next_step, line.next_due = upcoming[0].name, upcoming[0].due
        if change_id in lookups.changes and not mine:
            w.add("no_steps", "no_steps", what=quoted(line.change))
        outline.append(line)

    for change_id, mine in by_change.items():
        if change_id in seen:
            continue
        known = lookups.changes.get(change_id)
        for s in mine:
            if known is None:
                w.add("outside_plan", "step_change_removed", NOTE, step=quoted(s.name))
            else:
                w.add("outside_plan", "outside_plan", NOTE, step=quoted(s.name), what=quoted(known))
    for goal_id, goal in lookups.goals.items():
        if goal_id not in goals_used:
            w.add("goal_without_line", "goal_without_line", NOTE, goal=quoted(goal))

    outline.sort(key=_outline_key(lookups))
    problems = sorted(w.problems, key=lambda p: (p.severity != WARNING, _RANK.get(p.kind, 99)))
    return StrategicPlan(outline, states, whole_plan, problems)


class _Writer:
    def __init__(self, tr: Words) -> None:
        self.tr = tr
        self.problems: list[Problem] = []

    def add(self, kind: str, key: str, severity: str = WARNING, **values: Any) -> None:
        text = self.tr(f"views.strategic_plan.{key}", **values)
        self.problems.append(Problem(kind, text, severity))


def _date(row: Mapping[str, Any], column: str | None, name: str, w: _Writer) -> dt.date | None:
    if not column:
        return None
    try:
        return read_date(row.get(column))
    except BadValue as exc:
        w.add("bad_date", "bad_date", step=quoted(name), value=quoted(str(exc)))
        return None


def _step(
    row: Mapping[str, Any],
    name: str,
    lookups: Lookups,
    sc: StepColumns,
    done_values: Sequence[str],
    today: dt.date,
    w: _Writer,
) -> Step:
    start = _date(row, sc.start, name, w)
    due = _date(row, sc.due, name, w)
    status = str(row.get(sc.status) or "") if sc.status else ""
    done = status in done_values
    owner = ""
    if sc.owner:
        ids = ref_ids(row.get(sc.owner))
        if not ids:
            if not done:
                w.add("unowned", "unowned", step=quoted(name))
        elif ids[0] not in lookups.members:
            owner = w.tr("answers.removed_record")
            w.add("owner_removed", "owner_removed", step=quoted(name))
        else:
            owner = lookups.members[ids[0]]
    late = 0
    if due is not None and not done and due < today:
        late = (today - due).days
        w.add(
            "overdue",
            "overdue",
            step=quoted(name),
            due=nice_date(due),
            late=w.tr.plural("views.strategic_plan.days", late),
        )
    if sc.due and due is None and not done and not row.get(sc.due):
        w.add("no_due", "no_due", NOTE, step=quoted(name))
    if start is not None and due is not None and due < start:
        w.add(
            "due_before_start",
            "due_before_start",
            step=quoted(name),
            due=nice_date(due),
            start=nice_date(start),
        )
    label = lookups.statuses.get(status, status)
    return Step(str(row["_id"]), name, owner, start, due, label, done, late)


def _waits_for(
    rows: Sequence[Mapping[str, Any]],
    names: Mapping[str, str],
    due: Mapping[str, dt.date | None],
    column: str,
    w: _Writer,
) -> None:
    """Circles of "waits for" links (each reported once), links to removed steps, and waiting
    for a step that is due later."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    for row in rows:
        sid = str(row["_id"])
        for other in ref_ids(row.get(column)):
            if other in names:
                graph.add_edge(sid, other)
            else:
                w.add("waits_for_removed", "waits_for_removed", step=quoted(names[sid]))
    order = {sid: i for i, sid in enumerate(names)}
    in_circle: set[str] = set()
    for component in sorted(
        nx.strongly_connected_components(graph), key=lambda c: min(order[s] for s in c)
    ):
        first = min(component, key=order.__getitem__)
        if len(component) == 1 and not graph.has_edge(first, first):
            continue
        in_circle |= component
        if len(component) == 1:
            w.add("cycle", "waits_for_itself", step=quoted(names[first]))
            continue
        circle = _circle(graph.subgraph(component), first)
        chain = " → ".join(quoted(names[s]) for s in [*circle, circle[0]])
        w.add("cycle", "cycle", chain=chain)
    for sid, other in graph.edges:
        if sid in in_circle and other in in_circle:
            continue
        mine, theirs = due.get(sid), due.get(other)
        if mine is not None and theirs is not None and theirs > mine:
            w.add(
                "waits_for_later",
                "waits_for_later",
                step=quoted(names[sid]),
                other=quoted(names[other]),
                their_due=nice_date(theirs),
                due=nice_date(mine),
            )


def _circle(graph: nx.DiGraph, start: str) -> list[str]:
    """The shortest circle through ``start`` in a strongly connected graph, in link order."""
    import networkx as nx

    best: list[str] = [start]
    for nxt in graph.successors(start):
        back = nx.shortest_path(graph, nxt, start)
        candidate = [start, *back[:-1]]
        if len(best) == 1 or len(candidate) < len(best):
            best = candidate
    return best


def _cell(row: Mapping[str, Any], column: str | None) -> Any:
    """The row's value in ``column``; None when the page names no such column."""
    return row.get(column) if column is not None else None


def _names(ids: list[str], labels: Mapping[str, str], removed: str) -> list[str]:
    return [labels.get(i, removed) for i in ids]


def _line(
    i: int,
    row: Mapping[str, Any],
    lookups: Lookups,
    lc: LineColumns,
    w: _Writer,
    seen: dict[str, str],
    goals_used: set[str],
) -> Line:
    tr = w.tr
    removed = tr("answers.removed_record")
    lid = str(row.get("_id") or f"line-{i}")
    change_id = (ref_ids(row.get(lc.change)) or [""])[0]
    change = lookups.changes.get(change_id, removed) if change_id else ""
    if not change_id:
        change = tr("views.strategic_plan.line_n", n=i)
        w.add("no_change", "no_change", line=i)
        title = change
    elif change == removed:
        w.add("removed", "change_removed", line=i)
        title = tr("views.strategic_plan.line_n", n=i)
    else:
        title = quoted(change)
        if change_id in seen:
            w.add("twice", "twice", NOTE, what=title)
        seen.setdefault(change_id, lid)

    goal = priority = ""
    goal_id = (ref_ids(row.get(lc.goal)) or [""])[0] if lc.goal else ""
    if goal_id:
        goals_used.add(goal_id)
        goal = lookups.goals.get(goal_id, removed)
        if goal == removed:
            w.add("removed", "goal_removed", what=title)
        prio_id = lookups.goal_priority.get(goal_id)
        priority = lookups.priorities.get(prio_id, removed) if prio_id else ""
    elif lc.goal:
        w.add("no_goal", "no_goal", what=title)

    mechanism = ""
    if lc.mechanism:
        ids = ref_ids(row.get(lc.mechanism))
        if ids:
            mechanism = lookups.mechanisms.get(ids[0], removed)
        else:
            w.add("no_mechanism", "no_mechanism", NOTE, what=title)
    agreement = _names(ref_ids(_cell(row, lc.agreement)), lookups.agreement, removed)
    if lc.agreement and not agreement:
        w.add("no_agreement", "no_agreement", what=title)
    measures = _names(ref_ids(_cell(row, lc.measures)), lookups.measures, removed)
    if lc.measures and not measures:
        w.add("no_measure", "no_measure", what=title)
    if removed in (mechanism, *agreement, *measures):
        w.add("removed", "block_removed", NOTE, what=title)
    lead = ""
    if lc.lead:
        ids = ref_ids(row.get(lc.lead))
        if ids:
            lead = lookups.members.get(ids[0], removed)
            if lead == removed:
                w.add("owner_removed", "lead_removed", what=title)
    return Line(lid, change, goal, priority, mechanism, agreement, measures, lead)


def _outline_key(lookups: Lookups) -> Any:
    prio = {label: i for i, label in enumerate(lookups.priorities.values())}
    goal = {label: i for i, label in enumerate(lookups.goals.values())}
    big = 10**6

    def key(line: Line) -> tuple[int, int]:
        return (prio.get(line.priority, big), goal.get(line.goal, big))

    return key
