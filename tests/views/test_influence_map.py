"""The influence map says in words what it shows: decision makers' stance under their names,
and the people left off the map named."""

import re
from html import unescape

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.templates import load_template
from reentry_workbook.views import PageContext, parse
from tests.views.maps import MAPS

TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def _drawn_text(html: str) -> list[str]:
    """What the map writes on screen (tooltips in <title> are not seen on a projector)."""
    svg = html[html.index("<svg") : html.index("</svg>")]
    return [unescape(t) for t in TEXT.findall(svg)]


@pytest.mark.parametrize(("path", "spec"), MAPS)
def test_each_decision_makers_stance_is_written_under_the_name(path, spec):
    q = load_template(path)
    ctx = demo_context(q.id)
    view, params = parse(spec)
    drawn = _drawn_text(view.render(ctx, params))
    deciders = params.deciders
    column = ctx.table(deciders.table).column(deciders.stance_column)
    words = {o.value: o.short_label for o in q.column_options(column)}
    stances = [r.get(deciders.stance_column) for r in ctx.records(deciders.table)]
    stances = [s for s in stances if s]
    assert stances, "the demo gives no decision maker a stance: nothing would be checked"
    for value in stances:
        assert f"({words[value]})" in drawn


@pytest.mark.parametrize(("path", "spec"), MAPS)
def test_people_without_a_link_to_a_decision_maker_are_named_beside_the_map(path, spec):
    q = load_template(path)
    view, params = parse(spec)
    ctx = demo_context(q.id)
    lonely_table = params.people[0].table
    answers = dict(ctx.answers)
    answers[lonely_table] = [
        *ctx.records(lonely_table),
        {"_id": "lonely-1", "name": "Nobody Links Me"},
    ]
    html = view.render(PageContext.of(q, answers), params)
    assert "Nobody Links Me" not in _drawn_text(html)
    assert re.search(r"Not on the map yet[^<]*Nobody Links Me", unescape(html))


@pytest.mark.parametrize(("path", "spec"), MAPS)
def test_a_group_someone_on_any_list_speaks_for_is_no_gap_in_the_reasons(path, spec):
    from reentry_workbook.views.influence import gap_groups

    q = load_template(path)
    view, params = parse(spec)
    ctx = demo_context(q.id)
    answers = dict(ctx.answers)
    for person in params.people:  # nobody speaks for any group yet
        answers[person.table] = [
            {k: v for k, v in r.items() if k != person.groups_column}
            for r in ctx.records(person.table)
        ]
    every = gap_groups(PageContext.of(q, answers), params)
    assert every
    last = params.people[-1]  # someone on the last list speaks for one group
    group = next(iter(every))
    answers[last.table] = [
        *answers[last.table],
        {"_id": "speaker-1", "name": "Speaks For Them", last.groups_column: [group]},
    ]
    after = gap_groups(PageContext.of(q, answers), params)
    assert group not in after and set(after) == set(every) - {group}
