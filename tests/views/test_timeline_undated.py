"""timeline's skip_undated: records with no date left out (a generic view, one new parameter)."""

from reentry_workbook.model import ViewSpec
from reentry_workbook.templates import find_shipped
from reentry_workbook.views import PageContext, parse

TALKS = [
    {
        "_id": "a",
        "who": "demo-dm-1",
        "next_step": "Send the outline",
        "next_step_due": "2030-01-01",
    },
    {"_id": "b", "who": "demo-dm-2"},
]


def _render(**extra):
    q = find_shipped("cultivate_buy_in_to_enact")
    spec = ViewSpec(
        view="timeline",
        table="conversations",
        date="next_step_due",
        label_column="next_step",
        **extra,
    )
    view, params = parse(spec)
    return view.render(PageContext.of(q, {"conversations": TALKS}), params)


def test_undated_records_are_listed_unless_skipped():
    assert "no date yet" in _render()
    html = _render(skip_undated=True)
    assert "Send the outline" in html and "no date yet" not in html
