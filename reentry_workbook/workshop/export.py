"""Workshop results for download: totals only (default) or answers under pseudonyms, with every
figure that rests on fewer people than the threshold left out of both."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any, Literal

from ..answers import context
from ..kinds import Lookup, item_rules
from ..messages import t
from ..model import MatrixItem, Questionnaire, TableItem
from .results import MIN_GROUP, aggregate
from .room import asked_items

if TYPE_CHECKING:
    import pandas as pd

Privacy = Literal["totals", "pseudonyms"]


def totals_rows(
    q: Questionnaire,
    frame: pd.DataFrame,
    rnd: int,
    *,
    threshold: int = MIN_GROUP,
    lookup: Lookup | None = None,
) -> list[list[Any]]:
    """round, question, statement, answer, people, share (%) for every slot answered by at
    least ``threshold`` people; smaller slots appear with no figures."""
    header = [
        t(f"workshop.export.{c}")
        for c in ("round", "question", "statement", "answer", "people", "share")
    ]
    rows: list[list[Any]] = [header]
    for result in aggregate(q, frame, rnd, threshold=threshold, lookup=lookup).items:
        for slot in result.slots:
            statement = slot.label if len(result.slots) > 1 else ""
            if slot.waiting or result.free_text:
                note = t("workshop.export.suppressed", threshold=threshold) if slot.waiting else ""
                shown = "" if slot.waiting else slot.n
                rows.append([rnd, result.prompt, statement, note, shown, ""])
                continue
            if not slot.bars:
                rows.append([rnd, result.prompt, statement, slot.summary, slot.n, ""])
            for bar in slot.bars:
                rows.append(
                    [rnd, result.prompt, statement, bar.label, bar.count, f"{bar.share:.1f}"]
                )
    return rows


def pseudonym_rows(
    q: Questionnaire,
    frame: pd.DataFrame,
    rnd: int,
    *,
    threshold: int = MIN_GROUP,
    lookup: Lookup | None = None,
) -> list[list[Any]]:
    """round, person (a pseudonym made for this file: "Person 3"), question, statement, answer;
    a question (or statement) fewer than ``threshold`` people answered is left out."""
    ctx = context(q, lookup)
    mine = frame[frame["round"] == rnd] if len(frame) else frame
    order: dict[str, str] = {}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for person, item_id, row, value in zip(
        mine.get("person_id", []),
        mine.get("item_id", []),
        mine.get("row", []),
        mine.get("value", []),
        strict=True,
    ):
        order.setdefault(str(person), t("workshop.export.person", n=len(order) + 1))
        cells.setdefault((str(item_id), str(row)), {})[str(person)] = value
    header = [
        t(f"workshop.export.{c}")
        for c in ("round", "person_column", "question", "statement", "answer")
    ]
    rows: list[list[Any]] = [header]
    for item in asked_items(q):
        if isinstance(item, TableItem):
            continue
        rules = item_rules(item)
        labels = rules.form_fields(ctx, item)
        row_labels = dict(labels.get("rows", [])) if isinstance(item, MatrixItem) else {"": ""}
        for row, statement in row_labels.items():
            answers = cells.get((item.id, row), {})
            if len(answers) < threshold:
                continue
            for person, value in sorted(answers.items(), key=lambda kv: order[kv[0]]):
                shown = (
                    rules.display(ctx, item, {row: value}).split(": ", 1)[-1]
                    if row
                    else rules.display(ctx, item, value)
                )
                rows.append([rnd, order[person], item.prompt, statement, shown])
    return rows


def export_csv(
    q: Questionnaire,
    frame: pd.DataFrame,
    rounds: list[int],
    privacy: Privacy = "totals",
    *,
    threshold: int = MIN_GROUP,
    lookup: Lookup | None = None,
) -> str:
    """The CSV text of a page's workshop results over ``rounds``."""
    make = pseudonym_rows if privacy == "pseudonyms" else totals_rows
    out = io.StringIO()
    writer = csv.writer(out)
    for i, rnd in enumerate(rounds):
        rows = make(q, frame, rnd, threshold=threshold, lookup=lookup)
        writer.writerows(rows if i == 0 else rows[1:])
    return out.getvalue()


def download_link(text: str, filename: str, label: str) -> str:
    """An HTML link that downloads ``text`` as a CSV file (no server round trip)."""
    import base64
    import html

    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="rw-ws-download" download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{payload}">{html.escape(label)}</a>'
    )


def exports_panel(
    q: Questionnaire,
    frame: pd.DataFrame,
    rnd: int,
    tr: Any,
    *,
    threshold: int = MIN_GROUP,
    lookup: Lookup | None = None,
) -> str:
    """The two downloads with their privacy choice: totals only first (the default)."""
    import html

    links = []
    for privacy, label in (("totals", "export_totals"), ("pseudonyms", "export_people")):
        text = export_csv(q, frame, [rnd], privacy, threshold=threshold, lookup=lookup)  # type: ignore[arg-type]
        name = tr("workshop.export.file", page=q.id, round=rnd, privacy=privacy)
        links.append(f"<li>{download_link(text, name, tr(f'workshop.dashboard.{label}'))}</li>")
    heading = html.escape(tr("workshop.dashboard.export_heading"))
    note = html.escape(tr("workshop.dashboard.export_note", threshold=threshold))
    return (
        f"<div class='rw-ws rw-ws-item'><h3>{heading}</h3><ul>{''.join(links)}</ul>"
        f"<p class='rw-ws-note'>{note}</p></div>"
    )
