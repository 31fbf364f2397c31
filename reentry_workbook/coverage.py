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
    nobody = counts.loc[counts["gap"] & (counts["count"] == 0), "label"].tolist()
    prompts = []
    if nobody:
        named = ", ".join(nobody[:NAMED_GAPS])
        more = (
            tr("coverage.and_n_more", n=len(nobody) - NAMED_GAPS)
            if len(nobody) > NAMED_GAPS
            else ""
        )
        prompts.append(tr("coverage.none_for", noun=noun, named=named, more=more))
    short = counts.loc[counts["gap"] & (counts["count"] > 0), ["label", "count", "target"]]
    prompts += [
        tr.plural("coverage.only", int(count), noun=noun, nouns=nouns, label=label, target=target)
        for label, count, target in short.itertuples(index=False)
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
        cross = (
            pd.Series(grid)
            .unstack()
            .rename(index=labels, columns=by_labels)
            .loc[list(labels.values()), list(by_labels.values())]
        )
        # name the thinnest spots only: groups reached somewhere, but in the fewest areas
        # ('not sure' is neither a group to reach nor a place)
        reached = counts.loc[(counts["count"] > 0) & ~counts["knowledge_gap"], "label"]
        places = [area for area in cross.columns if area not in unknown_by]
        missing = {
            group: [area for area in places if cross.loc[group, area] == 0] for group in reached
        }
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


def page_dimensions(q: Questionnaire) -> list[CoverageDimension]:
    """Every dimension the page's coverage views count, once each, in page order."""
    specs = [v for s in q.steps for v in s.show] + list(q.summary) + list(q.report or ())
    found: dict[tuple[str, str, str | None], CoverageDimension] = {}
    for spec in specs:
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
