"""A view repaints when what it shows changes, and only then: renaming the records a list picks
(a decision maker, a network) changes a view exactly when the view says it reads that list."""

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.model import RefColumn, TableItem
from reentry_workbook.templates import load_template, template_paths
from reentry_workbook.views import PageContext, parse
from reentry_workbook.views.params import refs

RENAMED = " (renamed)"


def _picked_tables(q) -> dict[str, set[str]]:
    """This page's tables whose records other tables pick, with the columns that name them."""
    found: dict[str, set[str]] = {}
    for item in q.items.values():
        if isinstance(item, TableItem):
            for column in item.columns:
                if isinstance(column, RefColumn):
                    for target in column.targets():
                        if target.page in (None, q.id):
                            found.setdefault(target.table, set()).add(column.label_column)
    return found


def _picked_ids(q, answers, reads, table: str) -> set[str]:
    """Ids of ``table``'s records that the lists a view reads pick in ``answers``."""
    ids: set[str] = set()
    for read in reads:
        item = q.items.get(read)
        if not isinstance(item, TableItem):
            continue
        for column in item.columns:
            if isinstance(column, RefColumn) and table in {t.table for t in column.targets()}:
                for record in answers.get(read) or []:
                    value = record.get(column.id)
                    ids.update(value if isinstance(value, list | tuple) else [value])
    return {i for i in ids if i}


def _named_tables(params) -> set[str]:
    return {v for _, m, v, _o in refs(params) if m.what in ("item", "table") and isinstance(v, str)}


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: p.stem)
def test_a_view_repaints_exactly_when_the_names_it_shows_change(path):
    q = load_template(path)
    picked = _picked_tables(q)
    if not picked:
        pytest.skip("this page picks no records from its own lists")
    answers = dict(demo_context(q.id).answers)
    changed = 0
    for spec in q.shown_views:
        view, params = parse(spec)
        reads = view.reads(q, params)
        named = _named_tables(params)
        before = view.render(PageContext.of(q, answers), params)
        for table, names in picked.items():
            records = answers.get(table) or []
            renamed = [{**r, **{n: f"{r.get(n) or ''}{RENAMED}" for n in names}} for r in records]
            after = view.render(PageContext.of(q, {**answers, table: renamed}), params)
            if after != before:
                changed += 1
                assert table in reads, (
                    f"{spec.view} shows names from {table!r} but repaints only when "
                    f"{sorted(reads)} change"
                )
            elif (
                table in reads
                and table not in named
                and _picked_ids(q, answers, reads, table) & {r.get("_id") for r in records}
            ):
                pytest.fail(
                    f"{spec.view} repaints when {table!r} changes but shows nothing from it "
                    f"(it reads {sorted(reads)})"
                )
    assert changed, "no view shows a picked record's name: nothing was checked"
