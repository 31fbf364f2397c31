"""How views read, over every shipped page's demo: numbers line up in tables."""

from html.parser import HTMLParser

import pytest

from reentry_workbook.demo import demo_context
from reentry_workbook.kinds import column_rules
from reentry_workbook.model import TableItem
from reentry_workbook.templates import load_template, template_paths
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
