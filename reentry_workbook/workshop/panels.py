"""The dashboard's pictures as escaped HTML: join panel, results, projector, people, answers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..answers import context
from ..kinds import Lookup, item_rules
from ..messages import Catalog
from ..model import Questionnaire, TableItem
from .data import Joined
from .form import environment
from .results import Results
from .room import asked_items

if TYPE_CHECKING:
    import pandas as pd


def _render(template: str, **ns: Any) -> str:
    return environment().get_template(f"dashboard/{template}").render(**ns)


def style() -> str:
    """The dashboard's stylesheet (once per page)."""
    return _render("style.html")


def join_panel(
    link: str, svg: str, joined: int, finished: int, tr: Catalog, compact: bool = False
) -> str:
    """The join link, its QR code (our own SVG from segno) and the counts; one line when
    ``compact`` (projector mode)."""
    qr = Markup(svg)  # noqa: S704 - segno's SVG of our own link, no one's text
    return _render(
        "join.html", link=link, svg=qr, joined=joined, finished=finished, tr=tr, compact=compact
    )


def results_panel(results: Results, tr: Catalog) -> str:
    """Every question's answers (bars, or waiting for more answers)."""
    return _render("results.html", results=results, threshold=results.threshold, tr=tr)


def projector_panel(results: Results, index: int, tr: Catalog) -> str:
    """One question in large type, with how many answered."""
    if not results.items:
        return results_panel(results, tr)
    index = max(0, min(index, len(results.items) - 1))
    r = results.items[index]
    return _render(
        "projector.html", results=results, r=r, index=index, threshold=results.threshold, tr=tr
    )


def people_panel(people: Sequence[Joined], done: set[str], tr: Catalog) -> str:
    """Who has joined (names or pseudonyms) and who has finished."""
    rows = [{"name": p.name, "done": p.person_id in done} for p in people]
    return _render("people.html", people=rows, tr=tr)


def answers_panel(
    q: Questionnaire,
    frame: pd.DataFrame,
    people: Sequence[Joined],
    tr: Catalog,
    lookup: Lookup | None = None,
) -> str:
    """Each person's answers as words (only when the facilitator opens them)."""
    ctx = context(q, lookup, tr)
    items = [i for i in asked_items(q) if not isinstance(i, TableItem)]
    found: dict[str, dict[str, Any]] = {}
    for person, item_id, row, value in zip(
        frame.get("person_id", []),
        frame.get("item_id", []),
        frame.get("row", []),
        frame.get("value", []),
        strict=True,
    ):
        mine = found.setdefault(str(person), {})
        if row:
            mine.setdefault(str(item_id), {})[str(row)] = value
        else:
            mine[str(item_id)] = value
    rows = []
    for p in people:
        answers = found.get(p.person_id, {})
        cells = [
            item_rules(i).display(ctx, i, answers[i.id]) if i.id in answers else "" for i in items
        ]
        rows.append((p.name, cells))
    return _render("answers.html", headers=[i.prompt for i in items], rows=rows, tr=tr)
