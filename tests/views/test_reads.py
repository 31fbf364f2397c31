"""A view repaints when what it shows changes: renaming a picked record (a decision maker, a
network) changes a view only if the view says it reads that record's list."""

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.model import RefColumn, TableItem
from reentry_workbook.templates import load_template, template_paths
from reentry_workbook.views import PageContext, parse

RENAMED = " (renamed)"


def _picked_tables(q) -> dict[str, str]:
    """This page's tables whose records other tables pick, with the column that names them."""
    found: dict[str, str] = {}
    for item in q.items.values():
        if isinstance(item, TableItem):
            for column in item.columns:
                if isinstance(column, RefColumn):
                    for target in column.targets():
                        if target.page in (None, q.id):
                            found[target.table] = column.label_column
    return found


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: p.stem)
def test_a_view_that_shows_a_picked_records_name_reads_its_list(path):
    q = load_template(path)
    picked = _picked_tables(q)
    if not picked:
        pytest.skip("this page picks no records from its own lists")
    answers = dict(demo_context(q.id).answers)
    checked = 0
    for spec in q.shown_views:
        view, params = parse(spec)
        reads = view.reads(q, params)
        before = view.render(PageContext.of(q, answers), params)
        for table, name in picked.items():
            records = answers.get(table) or []
            renamed = [{**r, name: f"{r.get(name) or ''}{RENAMED}"} for r in records]
            after = view.render(PageContext.of(q, {**answers, table: renamed}), params)
            if after != before:
                checked += 1
                assert table in reads, (
                    f"{spec.view} shows names from {table!r} but repaints only when "
                    f"{sorted(reads)} change"
                )
    assert checked, "no view shows a picked record's name: nothing was checked"
