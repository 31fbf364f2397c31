"""The influence map and the outreach ranking, with every table and column named by the page."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import Field

from ..influence import (
    DecisionMaker,
    Person,
    Tie,
    Vocabulary,
    build_graph,
    layers,
    outreach_ranking,
)
from ..kinds import RECORD_ID
from ..model import ChoiceColumn, Questionnaire, RefColumn, TableItem
from .base import Action, ActionResult, PageContext, render, view
from .params import Finding, Params, TableName, no_column

Col = Annotated[str, Field(max_length=64)]


class PeopleTable(Params):
    """A list of people or networks and which of its columns hold what the analysis needs."""

    table: TableName
    groups_column: Col | None = None
    sway_column: Col | None = None
    support_column: Col | None = None
    relationship_column: Col | None = None
    contact_column: Col | None = None
    leadership_column: Col | None = None
    informal_value: Annotated[str, Field(max_length=200)] | None = None


class DecisionMakers(Params):
    """The decision makers' list: its power (1-5) and stance columns."""

    table: TableName
    power_column: Col | None = None
    stance_column: Col | None = None


class Ties(Params):
    """The list of links: who (source) can sway whom (target), and how strongly (1-5)."""

    table: TableName
    from_column: Col
    to_column: Col
    strength_column: Col | None = None


class InfluenceMap(Params):
    """Parameters of influence_map."""

    people: Annotated[tuple[PeopleTable, ...], Field(min_length=1)]
    deciders: DecisionMakers
    links: Ties


class AddTo(Params):
    """Where 'add the top suggestions to the plan' writes."""

    table: TableName
    target_column: Col
    messenger_column: Col | None = None
    status_column: Col | None = None
    status_value: Annotated[str, Field(max_length=200)] | None = None
    count: Annotated[int, Field(ge=1, le=20)] = 5


class OutreachRanking(InfluenceMap):
    """Parameters of outreach_ranking."""

    top: Annotated[int, Field(ge=1, le=100)] = 15
    add_to: AddTo | None = None


def _column_checks(
    q: Questionnaire, table_id: str, cols: dict[str, str | None], path: tuple[str | int, ...]
) -> Iterator[Finding]:
    table = q.items.get(table_id)
    if not isinstance(table, TableItem):
        return
    for key, col in cols.items():
        if col is not None and col not in table.column_ids():
            yield (
                (*path, key),
                no_column(table_id, col, table.column_ids()),
            )


def _check(q: Questionnaire, p: Any) -> Iterator[Finding]:
    for i, people in enumerate(p.people):
        cols = {
            k: getattr(people, k)
            for k in (
                "groups_column",
                "sway_column",
                "support_column",
                "relationship_column",
                "contact_column",
                "leadership_column",
            )
        }
        yield from _column_checks(q, people.table, cols, ("people", i))
    dm = p.deciders
    yield from _column_checks(
        q,
        dm.table,
        {"power_column": dm.power_column, "stance_column": dm.stance_column},
        ("deciders",),
    )
    t = p.links
    ends = {"from_column": t.from_column, "to_column": t.to_column}
    yield from _column_checks(
        q, t.table, {**ends, "strength_column": t.strength_column}, ("links",)
    )
    links = q.items.get(t.table)
    if isinstance(links, TableItem):
        for key, col in ends.items():
            if col in links.column_ids() and not isinstance(links.column(col), RefColumn):
                yield (
                    ("links", key),
                    f"column {col!r} must be a ref column (a pick list of records)",
                )
    add = getattr(p, "add_to", None)
    if add is not None:
        yield from _column_checks(
            q,
            add.table,
            {
                "target_column": add.target_column,
                "messenger_column": add.messenger_column,
                "status_column": add.status_column,
            },
            ("add_to",),
        )


def _options(ctx: PageContext, table: str, column: str | None) -> tuple[Any, ...]:
    if column is None:
        return ()
    col = ctx.table(table).column(column)
    return ctx.q.column_options(col) if isinstance(col, ChoiceColumn) else ()


def _num(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def gather(
    ctx: PageContext, p: InfluenceMap
) -> tuple[list[Person], list[DecisionMaker], list[Tie], Vocabulary]:
    """The page's lists as the analysis's plain data, and the meaning of their options."""
    people: list[Person] = []
    support_scores: dict[str, float] = {}
    phrases: dict[str, str] = {}
    access: dict[str, float] = {}
    access_words: dict[str, str] = {}
    for spec in p.people:
        kind = ctx.table(spec.table).record_label or ""
        for option in _options(ctx, spec.table, spec.support_column):
            if option.score is not None and not option.knowledge_gap:
                support_scores[option.value] = option.score
            if option.phrase:
                phrases[option.value] = option.phrase
        for option in _options(ctx, spec.table, spec.relationship_column):
            access[option.value] = option.score or 0.0
            access_words[option.value] = option.phrase or option.short_label.lower()
        for r in ctx.records(spec.table):
            if not r.get(RECORD_ID) or not r.get("name"):
                continue
            groups = r.get(spec.groups_column) if spec.groups_column else None
            people.append(
                Person(
                    id=str(r[RECORD_ID]),
                    name=str(r["name"]),
                    kind=kind,
                    groups=tuple(groups) if isinstance(groups, list) else (),
                    influence=_num(r.get(spec.sway_column)) if spec.sway_column else None,
                    support=r.get(spec.support_column) if spec.support_column else None,
                    relationship=r.get(spec.relationship_column)
                    if spec.relationship_column
                    else None,
                    owner_name=r.get(spec.contact_column) if spec.contact_column else None,
                    informal=bool(
                        spec.leadership_column
                        and spec.informal_value
                        and r.get(spec.leadership_column) == spec.informal_value
                    ),
                )
            )
    dm = p.deciders
    dms = [
        DecisionMaker(
            str(r[RECORD_ID]),
            str(r["name"]),
            _num(r.get(dm.power_column)) if dm.power_column else None,
            r.get(dm.stance_column) if dm.stance_column else None,
        )
        for r in ctx.records(dm.table)
        if r.get(RECORD_ID) and r.get("name")
    ]
    t = p.links
    links = [
        Tie(
            str(r[t.from_column]),
            str(r[t.to_column]),
            _num(r.get(t.strength_column)) if t.strength_column else None,
        )
        for r in ctx.records(t.table)
        if isinstance(r.get(t.from_column), str) and isinstance(r.get(t.to_column), str)
    ]
    return people, dms, links, Vocabulary(support_scores, phrases, access, access_words)


def gap_groups(ctx: PageContext, p: InfluenceMap) -> dict[str, str]:
    """Groups no list reaches yet (value -> words): a group someone speaks for is no gap."""
    options: dict[str, str] = {}
    covered: set[str] = set()
    for spec in p.people:
        if not spec.groups_column:
            continue
        for option in _options(ctx, spec.table, spec.groups_column):
            if not option.knowledge_gap:
                options[option.value] = option.label[:1].lower() + option.label[1:]
        for r in ctx.records(spec.table):
            value = r.get(spec.groups_column)
            covered.update(value if isinstance(value, list) else [])
    return {v: words for v, words in options.items() if v not in covered}


def ranking(ctx: PageContext, p: InfluenceMap) -> Any:
    """The ranked outreach suggestions for the page's lists."""
    people, dms, links, vocab = gather(ctx, p)
    return outreach_ranking(people, dms, links, vocab, gap_groups=gap_groups(ctx, p), tr=ctx.tr)


@view(
    "influence_map",
    InfluenceMap,
    summary="Who can sway each decision maker, in columns.",
    check=_check,
)
def influence_map(ctx: PageContext, p: InfluenceMap) -> str:
    """Decision makers on the right, then those who reach them directly, then one step further."""
    from .influence_svg import map_svg

    people, dms, links, vocab = gather(ctx, p)
    graph = build_graph(people, dms, links)
    depth = layers(graph, [d.id for d in dms])
    support_options = _options(ctx, p.people[0].table, p.people[0].support_column)
    stance_options = _options(ctx, p.deciders.table, p.deciders.stance_column)
    return map_svg(ctx, graph, depth, support_options, stance_options)


def _add_label(ctx: PageContext, p: OutreachRanking) -> str:
    n = p.add_to.count if p.add_to else 5
    return ctx.tr(
        "views.outreach.add_top", n=n, plan=ctx.table(p.add_to.table).prompt if p.add_to else ""
    )


def _add_top(ctx: PageContext, p: OutreachRanking) -> ActionResult:
    assert p.add_to is not None
    add = p.add_to
    plan = [dict(r) for r in ctx.answers.get(add.table) or []]
    planned = {r.get(add.target_column) for r in plan}
    added = 0
    for row in ranking(ctx, p).head(add.count).itertuples():
        if row.id in planned:
            continue
        record: dict[str, Any] = {RECORD_ID: uuid.uuid4().hex, add.target_column: row.id}
        if add.messenger_column and row.via != ctx.tr("influence.find_introduction"):
            record[add.messenger_column] = row.via
        if add.status_column and add.status_value:
            record[add.status_column] = add.status_value
        plan.append(record)
        added += 1
    note = (
        ctx.tr("views.outreach.added", n=added)
        if added
        else ctx.tr("views.outreach.already", n=add.count)
    )
    return ActionResult({add.table: plan}, note)


ADD_TOP: Action[Any] = Action("add_top", _add_label, _add_top)


@view(
    "outreach_ranking",
    OutreachRanking,
    summary="Whom to approach first, with messenger and reasons.",
    check=_check,
    actions=(ADD_TOP,),
)
def outreach(ctx: PageContext, p: OutreachRanking) -> str:
    """The top suggestions as a table: rank, who, priority, messenger, why."""
    ranked = ranking(ctx, p).head(p.top)
    rows = [[str(r.rank), r.name, f"{r.score:.0f}", r.via, r.reason] for r in ranked.itertuples()]
    headers = [
        ctx.tr("views.outreach.rank"),
        ctx.tr("views.outreach.who"),
        ctx.tr("views.outreach.priority"),
        ctx.tr("views.outreach.messenger"),
        ctx.tr("views.outreach.why"),
    ]
    return render(
        "influence.html.j2",
        kind="ranking",
        rows=rows,
        headers=headers,
        heading=ctx.tr("views.outreach.heading"),
        empty=ctx.tr("views.outreach.empty"),
        note=ctx.tr("views.outreach.how"),
    )
