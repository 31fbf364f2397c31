"""References between pages: pick lists and views that read another page, checked as a set."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from .errors import Problem
from .model import Questionnaire, RefColumn, TableItem, ViewSpec, table_target
from .template_rules import format_path

Path_ = tuple[str | int, ...]


def page_links(q: Questionnaire) -> Iterator[tuple[Path_, str, str | None, str | None]]:
    """Every reference of a page to another page: (path, page id, table or None, item or None)."""
    for s, step in enumerate(q.steps):
        for i, item in enumerate(step.items):
            for key in ("choices_from", "rows_from"):
                target = table_target(getattr(item, key, None))
                if target is not None and target.page not in (None, q.id):
                    yield ("steps", s, "items", i, key), target.page, target.table, None
            if not isinstance(item, TableItem):
                continue
            for c, col in enumerate(item.columns):
                if not isinstance(col, RefColumn):
                    continue
                for t, target in enumerate(col.targets()):
                    if target.page is not None and target.page != q.id:
                        where: Path_ = ("steps", s, "items", i, "columns", c, "to")
                        if isinstance(col.to, tuple):
                            where = (*where, t)
                        yield where, target.page, target.table, None
    yield from _view_links(q)


def _view_links(q: Questionnaire) -> Iterator[tuple[Path_, str, str | None, str | None]]:
    from .views import page_items_of, parse
    from .views.base import foreign_refs

    specs: list[tuple[Path_, ViewSpec]] = []
    for s, step in enumerate(q.steps):
        specs += [(("steps", s, "show", v), spec) for v, spec in enumerate(step.show)]
    specs += [(("summary", v), spec) for v, spec in enumerate(q.summary)]
    specs += [(("report", v), spec) for v, spec in enumerate(q.report or ())]
    for path, spec in specs:
        try:
            _view, params = parse(spec)
        except Exception:  # noqa: BLE001, S112 - reported by the page's own check
            continue
        for ref in page_items_of(params):
            if ref.page != q.id:
                yield path, ref.page, None, ref.item
        for sub, page, table, _column, _kinds in foreign_refs(q, params):
            yield (*path, *sub), page, table, None


def check_references(pages: Mapping[str, tuple[str, Questionnaire]]) -> list[Problem]:
    """Problems with references between the given pages (file name, page): unknown pages,
    tables and items, wrong kinds, and cycles between pages."""
    import networkx as nx

    problems: list[Problem] = []
    graph = nx.DiGraph()
    for pid, (file, q) in pages.items():
        graph.add_node(pid)
        for path, other_id, table, item in page_links(q):
            other = pages.get(other_id)
            if other is None:
                known = ", ".join(sorted(pages)) or "none"
                problems.append(
                    Problem(file, format_path(path), f"unknown page {other_id!r}; pages: {known}")
                )
                continue
            target = other[1]
            graph.add_edge(pid, other_id, path=path)
            if table is not None:
                tables = {i.id: i for _, i in target.iter_items() if isinstance(i, TableItem)}
                if table not in tables:
                    problems.append(
                        Problem(
                            file,
                            format_path(path),
                            f"page {other_id!r} has no table {table!r}; tables: "
                            + (", ".join(tables) or "none"),
                        )
                    )
            if item is not None and item not in target.items:
                problems.append(
                    Problem(
                        file,
                        format_path(path),
                        f"page {other_id!r} has no item {item!r}; items: {', '.join(target.items)}",
                    )
                )
    problems += _foreign_columns(pages)
    for cycle in nx.simple_cycles(graph):
        first = cycle[0]
        file = pages[first][0]
        loop = " -> ".join([*cycle, first])
        problems.append(
            Problem(file, "", f"pages refer to each other in a circle ({loop}); one must not")
        )
    return problems


def _foreign_columns(pages: Mapping[str, tuple[str, Questionnaire]]) -> list[Problem]:
    """Columns that views name in another page's tables must exist there and fit."""
    from .views import parse
    from .views.base import foreign_refs

    problems = []
    for _pid, (file, q) in pages.items():
        specs: list[tuple[tuple[str | int, ...], ViewSpec]] = [
            (("steps", s, "show", v), spec)
            for s, st in enumerate(q.steps)
            for v, spec in enumerate(st.show)
        ]
        specs += [(("summary", v), spec) for v, spec in enumerate(q.summary)]
        specs += [(("report", v), spec) for v, spec in enumerate(q.report or ())]
        for path, spec in specs:
            try:
                _view, params = parse(spec)
            except Exception:  # noqa: BLE001, S112 - reported by the page's own check
                continue
            for sub, page, table, column, kinds in foreign_refs(q, params):
                other = pages.get(page)
                if other is None or column is None:
                    continue
                try:
                    col = other[1].table(table).column(column)
                except KeyError:
                    if table in {i.id for _, i in other[1].iter_items()}:
                        problems.append(
                            Problem(
                                file,
                                format_path((*path, *sub)),
                                f"page {page!r}: table {table!r} has no column {column!r}",
                            )
                        )
                    continue
                if kinds and col.kind not in kinds:
                    problems.append(
                        Problem(
                            file,
                            format_path((*path, *sub)),
                            f"column {column!r} of {page}.{table} is a {col.kind} column; "
                            "this parameter needs " + " or ".join(sorted(kinds)),
                        )
                    )
    return problems
