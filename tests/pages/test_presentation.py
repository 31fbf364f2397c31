"""How views read, over every shipped page's demo: numbers line up in tables, lists are
named and counted in proper plurals."""

from html.parser import HTMLParser

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.kinds import column_rules, record_nouns
from reentry_workbook.messages import catalog_for
from reentry_workbook.model import TableItem
from reentry_workbook.reports import list_titles
from reentry_workbook.templates import load_template, template_paths
from reentry_workbook.views import PageContext
from reentry_workbook.views.base import VIEWS

PAGES = template_paths()


class _Cells(HTMLParser):
    """The class of every header and body cell of the first table, row by row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th") and self.rows:
            self.rows[-1].append(dict(attrs).get("class") or "")


def _tables_with_numbers(q):
    for _, item in q.iter_items():
        if isinstance(item, TableItem):
            shown = [c for c in item.columns if not c.sensitive]
            if any(column_rules(c).numeric for c in shown):
                yield item, shown


CASES = [
    pytest.param(path, item.id, id=f"{path.stem}.{item.id}")
    for path in PAGES
    for item, _ in _tables_with_numbers(load_template(path))
]


def test_some_shipped_list_has_numbers():
    assert CASES


@pytest.mark.parametrize(("path", "table_id"), CASES)
def test_numbers_in_a_list_table_are_right_aligned_and_words_are_not(path, table_id):
    q = load_template(path)
    ctx = demo_context(q.id)
    table = q.items[table_id]
    columns = [c for c in table.columns if not c.sensitive]
    view = VIEWS["list_table"]
    html = view.render(ctx, view.params.model_validate({"table": table_id}))
    assert ctx.records(table_id), "the demo leaves this list empty: nothing would be checked"
    parser = _Cells()
    parser.feed(html)
    assert len(parser.rows) == 1 + len(ctx.records(table_id))
    for row in parser.rows:
        assert len(row) == len(columns)
        for column, cls in zip(columns, row, strict=True):
            assert ("rw-num" in cls) == column_rules(column).numeric, column.id


def test_a_record_label_with_of_is_made_plural_at_its_head():
    q = load_template(next(p for p in PAGES if p.stem == "focus-resources"))
    table = next(
        t for _, t in q.iter_items() if getattr(t, "record_label", None) == "group of places"
    )
    assert record_nouns(table, catalog_for(q)) == ("group of places", "groups of places")
    assert list_titles(q)[table.id] == "Groups of places"
    view = VIEWS["list_summary"]
    number = next(c.id for c in table.columns if column_rules(c).numeric)
    records = [{"_id": "r1", number: 3}, {"_id": "r2", number: 4}]
    one = view.render(PageContext.of(q, {table.id: records[:1]}), view.params(table=table.id))
    two = view.render(PageContext.of(q, {table.id: records}), view.params(table=table.id))
    assert "1 group of places listed" in one and "2 groups of places listed" in two
