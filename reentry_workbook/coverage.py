"""Representation coverage: who the lists reach, by each dimension a template names, and gaps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .messages import catalog_for
from .model import CoverageDimension, Questionnaire
from .words import plural

Records = Sequence[Mapping[str, Any]]
NAMED_GAPS = 6
"""At most this many empty categories are named in one sentence; the rest are counted."""
CROSS_PROMPTS = 3
"""At most this many 'no one reaches group X in area Y' sentences per crossed dimension."""


@dataclass(frozen=True)
class Coverage:
    """Counts for one dimension, the categories short of their target, and prompts in words."""

    dimension: CoverageDimension
    label: str
    counts: pd.DataFrame  # value, label, count, target, knowledge_gap, gap
    cross: pd.DataFrame | None  # categories x 'by' categories, counts
    prompts: tuple[str, ...]
    records: int

    @property
    def gaps(self) -> list[str]:
        """Labels of categories below target."""
        return [str(label) for label in self.counts.loc[self.counts["gap"], "label"]]


def _values(record: Mapping[str, Any], column: str) -> list[str]:
    value = record.get(column)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def coverage(
    q: Questionnaire, dimension: CoverageDimension, records: Records, noun: str = "entry"
) -> Coverage:
    """Count ``records`` of the dimension's table by its column, against targets.

    Every category needs at least one record unless the dimension's ``targets`` name another
    number for it. An option that means 'we do not know' (``knowledge_gap``, e.g. 'Not sure')
    is counted but is never a target, so it is never reported missing. Multi-choice values
    count once per chosen category.
    """
    table = q.table(dimension.table)
    column = table.column(dimension.column)
    choices = q.column_options(column)  # a choice column: the view's parameters say so
    labels = {c.value: c.label for c in choices}
    unknown = {c.value for c in choices if c.knowledge_gap}
    targets = dimension.targets or {}
    tally = {c.value: 0 for c in choices}
    for record in records:
        for value in _values(record, dimension.column):
            if value in tally:
                tally[value] += 1
    counts = pd.DataFrame(
        {
            "value": list(tally),
            "label": [labels[v] for v in tally],
            "count": list(tally.values()),
            "target": [0 if v in unknown else targets.get(v, 1) for v in tally],
            "knowledge_gap": [v in unknown for v in tally],
        }
    )
    counts["gap"] = counts["count"] < counts["target"]
    noun = table.record_label or noun
    nouns = table.record_label_plural or plural(noun)
    tr = catalog_for(q)
    # the sentences read the tally itself: boolean indexing of a frame this small costs more
    # than the rest of the count
    gap = counts["gap"].tolist()
    nobody = [labels[v] for v, g in zip(tally, gap, strict=True) if g and tally[v] == 0]
    prompts = []
    if nobody:
        named = ", ".join(nobody[:NAMED_GAPS])
        more = (
            tr("coverage.and_n_more", n=len(nobody) - NAMED_GAPS)
            if len(nobody) > NAMED_GAPS
            else ""
        )
        prompts.append(tr("coverage.none_for", noun=noun, named=named, more=more))
    target_of = counts["target"].tolist()
    prompts += [
        tr.plural("coverage.only", tally[v], noun=noun, nouns=nouns, label=labels[v], target=target)
        for v, g, target in zip(tally, gap, target_of, strict=True)
        if g and tally[v] > 0
    ]
    cross = None
    if dimension.by is not None:
        by_choices = q.column_options(table.column(dimension.by))  # a choice column too
        by_labels = {c.value: c.label for c in by_choices}
        unknown_by = {by_labels[c.value] for c in by_choices if c.knowledge_gap}
        grid: dict[tuple[str, Any], int] = {(v, b): 0 for v in tally for b in by_labels}
        for record in records:
            for b in _values(record, dimension.by):
                for value in _values(record, dimension.column):
                    if (value, b) in grid:
                        grid[(value, b)] += 1
        cross = _cross_frame(grid, labels, by_labels)
        # name the thinnest spots only: groups reached somewhere, but in the fewest areas
        # ('not sure' is neither a group to reach nor a place)
        reached = [labels[v] for v in tally if tally[v] > 0 and v not in unknown]
        places = [area for area in cross.columns if area not in unknown_by]
        missing = {group: [a for a in places if cell(cross, group, a) == 0] for group in reached}
        thin = sorted(missing.items(), key=lambda kv: -len(kv[1]))[:CROSS_PROMPTS]
        for group, areas in thin:
            if areas and len(areas) < len(places):
                where = ", ".join(areas[:3]) + (tr("coverage.and_more") if len(areas) > 3 else "")
                prompts.append(
                    tr("coverage.unreached", noun=noun, group=group.lower(), where=where)
                )
    return Coverage(
        dimension,
        dimension.label or column.label,
        counts,
        cross,
        tuple(prompts),
        len(records),
    )


def _cross_frame(
    grid: Mapping[tuple[str, Any], int], labels: Mapping[Any, str], by_labels: Mapping[Any, str]
) -> pd.DataFrame:
    """Counts as a frame: categories' labels down, 'by' categories' labels across."""
    rows, columns = list(labels.values()), list(by_labels.values())
    if len(set(rows)) < len(rows) or len(set(columns)) < len(columns) or not grid:
        # shared labels: selecting by label repeats rows, as the frame always has
        return pd.Series(grid).unstack().rename(index=labels, columns=by_labels).loc[rows, columns]
    return pd.DataFrame(
        [[grid[(v, b)] for b in by_labels] for v in labels], index=rows, columns=columns
    )


def cell(frame: pd.DataFrame, row: Any, column: Any) -> Any:
    """``frame.loc[row, column]``, read from the array when labels are unique (a scalar
    ``.loc`` costs as much as counting a list)."""
    if frame.index.is_unique and frame.columns.is_unique:
        i, j = frame.index.get_loc(row), frame.columns.get_loc(column)
        assert isinstance(i, int) and isinstance(j, int)  # unique labels give one position
        return frame.iat[i, j]
    return frame.loc[row, column]


def page_dimensions(q: Questionnaire) -> list[CoverageDimension]:
    """Every dimension the page's coverage views count, once each, in page order."""
    found: dict[tuple[str, str, str | None], CoverageDimension] = {}
    for spec in q.shown_views:
        params = spec.params
        dims = [params] if spec.view == "coverage_bars" else list(params.get("dimensions") or [])
        if spec.view not in ("coverage_bars", "gap_sentences"):
            continue
        for d in dims:
            key = (d["table"], d["column"], d.get("by"))
            if key not in found:
                found[key] = CoverageDimension(
                    table=d["table"],
                    column=d["column"],
                    by=d.get("by"),
                    label=(d.get("label") or spec.title) if spec.view == "coverage_bars" else None,
                    targets=d.get("targets"),
                )
    return list(found.values())


def all_coverage(
    q: Questionnaire,
    answers: Mapping[str, Any],
    dimensions: Sequence[CoverageDimension] | None = None,
) -> list[Coverage]:
    """Coverage for the given dimensions (default: every one the page's views count)."""
    dims = page_dimensions(q) if dimensions is None else dimensions
    return [coverage(q, dim, answers.get(dim.table) or []) for dim in dims]


def share(records: Records, column: str, value: str) -> tuple[int, int]:
    """How many records have ``value`` in ``column``, out of those that answered it."""
    answered = [r for r in records if r.get(column) is not None]
    return sum(1 for r in answered if value in _values(r, column)), len(answered)
