"""A page is data: no module of ``reentry_workbook/`` names an item, column or option of any page.

For every shipped page, its distinctive names (item, table column, step and matrix row ids and
option values that contain an underscore; generic words such as ``name`` are out of scope) are
collected, and every string constant in the package's Python source is compared against them.
A view that needs a page's name takes it from the template's view parameters instead.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

import reentry_workbook
from reentry_workbook.model import MatrixItem, Questionnaire, TableItem
from reentry_workbook.templates import load_template, template_paths

PACKAGE = Path(reentry_workbook.__file__).resolve().parent
SOURCES = sorted(PACKAGE.rglob("*.py"))


def _page_names(q: Questionnaire) -> Iterator[str]:
    for values in q.choice_lists.values():
        yield from (c.value for c in values)
    for step, item in q.iter_items():
        yield step.id
        yield item.id
        yield from (c.value for c in q.options(item))
        if isinstance(item, MatrixItem):
            yield from item.row_ids()
        if isinstance(item, TableItem):
            for column in item.columns:
                yield column.id
                yield from (c.value for c in q.column_options(column))


def distinctive_names(q: Questionnaire) -> set[str]:
    """The page's own names that no generic word could be mistaken for."""
    return {name for name in _page_names(q) if "_" in name}


def string_constants(source: str, file: str) -> list[tuple[str, int, str]]:
    """(file, line, value) of every string constant in a module's source, docstrings included."""
    tree = ast.parse(source, filename=file)
    return [
        (file, node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


CONSTANTS = [
    found
    for path in SOURCES
    for found in string_constants(
        path.read_text(encoding="utf-8"), str(path.relative_to(PACKAGE.parent))
    )
]


def named_in_source(
    names: set[str], constants: list[tuple[str, int, str]] = CONSTANTS
) -> list[str]:
    """``file:line: 'literal'`` for every string constant (of the package) equal to a name."""
    return [f"{file}:{line}: {value!r}" for file, line, value in constants if value in names]


@pytest.mark.parametrize("path", template_paths(), ids=lambda p: p.stem)
def test_no_module_names_an_item_column_or_option_of_the_page(path: Path) -> None:
    q = load_template(path)
    hits = named_in_source(distinctive_names(q))
    assert not hits, f"{q.id}: the package names the page's own ids:\n" + "\n".join(hits)


def test_the_check_finds_a_page_name_in_source() -> None:
    assert len(SOURCES) > 50 and len(CONSTANTS) > 1000  # the whole package is read
    pages = [load_template(path) for path in template_paths()]
    named = sorted(set().union(*(distinctive_names(q) for q in pages)))
    assert "need_area" in named and "not_sure" in named  # a column id and a status option
    assert "name" not in named  # generic words are out of scope
    source = 'NOTE = "a need_area"\n\ndef f(column=None):\n    return column or "need_area"\n'
    found = named_in_source(set(named), string_constants(source, "views/x.py"))
    assert found == ["views/x.py:4: 'need_area'"]
