"""Checks a schema cannot express: unique ids, references, kind-specific keys, scales."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .model import (
    COMMON_ITEM_KEYS,
    DEFAULT_LIKERT_LABELS,
    KIND_KEYS,
    KIND_VALIDATORS,
    SCORED_KINDS,
    Choice,
    Choices,
    Condition,
    Item,
    Questionnaire,
)

Path_ = tuple[str | int, ...]
Finding = tuple[Path_, str]

CHOICE_COLUMN_KINDS = ("choice", "multi_choice")


def format_path(path: Sequence[str | int]) -> str:
    """``('steps', 2, 'items', 0)`` -> ``steps[2].items[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_semantics(q: Questionnaire) -> list[Finding]:
    """Every rule violation in a schema-valid questionnaire, as (path, message)."""
    return [
        *_check_choice_lists(q),
        *_check_factors_and_bands(q),
        *_check_steps_and_items(q),
        *_check_factor_scales(q),
        *_check_coverage(q),
    ]


def _check_options(options: Sequence[Choice], path: Path_) -> Iterator[Finding]:
    seen: set[str] = set()
    for i, choice in enumerate(options):
        if choice.value in seen:
            yield (*path, i, "value"), f"option value {choice.value!r} appears twice"
        seen.add(choice.value)


def _check_choice_ref(q: Questionnaire, choices: Choices | None, path: Path_) -> Iterator[Finding]:
    if isinstance(choices, str):
        if choices not in q.choice_lists:
            defined = ", ".join(sorted(q.choice_lists)) or "none"
            yield path, f"unknown shared list {choices!r}; lists defined in choice_lists: {defined}"
    elif choices is not None:
        if not choices:
            yield path, "needs at least one option"
        yield from _check_options(choices, path)


def _check_choice_lists(q: Questionnaire) -> Iterator[Finding]:
    for name, options in q.choice_lists.items():
        if not options:
            yield ("choice_lists", name), "a shared list needs at least one option"
        yield from _check_options(options, ("choice_lists", name))


def _check_bands(bands: Sequence, path: Path_) -> Iterator[Finding]:
    mins = [b.min for b in bands]
    for i, b in enumerate(bands):
        if mins.count(b.min) > 1 and mins.index(b.min) != i:
            yield (*path, i, "min"), f"two bands start at {b.min}; each band needs its own minimum"


def _check_factors_and_bands(q: Questionnaire) -> Iterator[Finding]:
    ids = [f.id for f in q.factors]
    for i, f in enumerate(q.factors):
        if ids.index(f.id) != i:
            yield ("factors", i, "id"), f"factor id {f.id!r} is used twice"
        if f.bands:
            yield from _check_bands(f.bands, ("factors", i, "bands"))
    yield from _check_bands(q.bands, ("bands",))


def _check_steps_and_items(q: Questionnaire) -> Iterator[Finding]:
    step_ids: list[str] = []
    earlier: dict[str, Item] = {}
    factor_ids = {f.id for f in q.factors}
    for s, step in enumerate(q.steps):
        if step.id in step_ids:
            yield ("steps", s, "id"), f"step id {step.id!r} is used twice"
        step_ids.append(step.id)
        for i, item in enumerate(step.items):
            path: Path_ = ("steps", s, "items", i)
            if item.id in earlier:
                yield (*path, "id"), f"item id {item.id!r} is used twice"
            yield from _check_item(q, item, path, factor_ids)
            if item.visible_if is not None:
                yield from _check_condition(q, item.visible_if, (*path, "visible_if"), earlier)
            earlier[item.id] = item
            # an item's own id is not "earlier" for its own condition; added after the check


def _check_item(
    q: Questionnaire, item: Item, path: Path_, factor_ids: set[str]
) -> Iterator[Finding]:
    allowed = COMMON_ITEM_KEYS | KIND_KEYS[item.kind]
    for key in sorted(item.model_fields_set - allowed):
        yield (
            (*path, key),
            (
                f"key {key!r} does not apply to a {item.kind} item; "
                f"keys for {item.kind}: {', '.join(sorted(KIND_KEYS[item.kind])) or 'none'}"
            ),
        )
    yield from _check_choice_ref(q, item.choices, (*path, "choices"))
    if item.kind in ("single_choice", "multiple_choice") and item.choices is None:
        yield (*path, "choices"), f"a {item.kind} item needs choices (a list or a shared list name)"
    if item.kind in ("likert", "rating", "matrix") and not item.choices:
        points = item.points or 5
        if item.labels is not None and len(item.labels) != points:
            yield (*path, "labels"), f"gives {len(item.labels)} labels for {points} points"
        if item.kind != "rating" and item.labels is None and points not in DEFAULT_LIKERT_LABELS:
            yield (
                (*path, "labels"),
                (
                    f"no standard labels for a {points}-point scale; give 'labels' "
                    "(standard labels exist for "
                    f"{', '.join(map(str, DEFAULT_LIKERT_LABELS))} points)"
                ),
            )
    if item.kind == "matrix":
        if item.choices and (item.points or item.labels):
            yield (*path, "choices"), "a matrix uses either choices or points/labels, not both"
        if not item.rows:
            yield (*path, "rows"), "a matrix item needs rows (its statements)"
        rows = [r.id for r in item.rows or ()]
        for r, row in enumerate(item.rows or ()):
            if rows.index(row.id) != r:
                yield (*path, "rows", r, "id"), f"row id {row.id!r} is used twice"
            if row.factor is not None and row.factor not in factor_ids:
                yield (*path, "rows", r, "factor"), _unknown_factor(row.factor, factor_ids)
    if item.kind == "table":
        yield from _check_columns(q, item, path)
    if item.validation is not None:
        yield from _check_validation(item, (*path, "validation"))
    if item.scoring is not None:
        if item.scoring.factor is not None and item.scoring.factor not in factor_ids:
            yield (*path, "scoring", "factor"), _unknown_factor(item.scoring.factor, factor_ids)
        if item.kind in SCORED_KINDS and not _has_scale(q, item):
            yield (
                (*path, "scoring"),
                ("every option needs a score (options marked knowledge_gap may leave it empty)"),
            )
    if item.kind == "status" and not _has_scale(q, item):
        yield (*path, "choices"), "status options need scores (knowledge_gap options excepted)"


def _unknown_factor(factor: str, factor_ids: set[str]) -> str:
    return f"unknown factor {factor!r}; factors defined: {', '.join(sorted(factor_ids)) or 'none'}"


def _has_scale(q: Questionnaire, item: Item) -> bool:
    try:
        options = q.options(item)
    except KeyError:
        return True  # the dangling reference is reported on its own
    return all(c.score is not None or c.knowledge_gap for c in options)


def _check_columns(q: Questionnaire, item: Item, path: Path_) -> Iterator[Finding]:
    columns = item.columns or ()
    if not columns:
        yield (*path, "columns"), "a table item needs columns"
    ids = [c.id for c in columns]
    for c, col in enumerate(columns):
        cpath = (*path, "columns", c)
        if ids.index(col.id) != c:
            yield (*cpath, "id"), f"column id {col.id!r} is used twice"
        if col.kind in CHOICE_COLUMN_KINDS:
            if col.choices is None:
                yield (*cpath, "choices"), f"a {col.kind} column needs choices"
            yield from _check_choice_ref(q, col.choices, (*cpath, "choices"))
        elif col.choices is not None:
            yield (*cpath, "choices"), f"choices do not apply to a {col.kind} column"
        if col.kind not in ("scale", "integer", "number") and (
            col.min is not None or col.max is not None
        ):
            yield (*cpath, "min"), f"min/max do not apply to a {col.kind} column"
        if col.kind == "scale" and (col.min or 1) >= (col.max or 5):
            yield (*cpath, "max"), "a scale column needs min below max"


def _check_validation(item: Item, path: Path_) -> Iterator[Finding]:
    rules = item.validation
    assert rules is not None
    allowed = KIND_VALIDATORS.get(item.kind, frozenset({"message"}))
    for key in sorted(rules.model_fields_set - allowed):
        valid = ", ".join(sorted(allowed - {"message"})) or "none"
        yield (*path, key), f"rule {key!r} does not apply to a {item.kind} item; rules: {valid}"
    for low, high in (
        ("min", "max"),
        ("min_length", "max_length"),
        ("min_selected", "max_selected"),
        ("min_rows", "max_rows"),
        ("earliest", "latest"),
    ):
        lo, hi = getattr(rules, low), getattr(rules, high)
        if lo is not None and hi is not None and lo > hi:
            yield (*path, low), f"{low} ({lo}) is greater than {high} ({hi})"
    if rules.pattern is not None:
        try:
            re.compile(rules.pattern)
        except re.error as exc:
            yield (*path, "pattern"), f"not a valid regular expression: {exc}"


def _check_condition(
    q: Questionnaire, cond: Condition, path: Path_, earlier: dict[str, Item]
) -> Iterator[Finding]:
    for key in ("all", "any"):
        for i, sub in enumerate(getattr(cond, key) or ()):
            yield from _check_condition(q, sub, (*path, key, i), earlier)
    if cond.not_ is not None:
        yield from _check_condition(q, cond.not_, (*path, "not"), earlier)
    if cond.item is None:
        return
    target = earlier.get(cond.item)
    if target is None:
        later = cond.item in q.items
        yield (
            (*path, "item"),
            (
                f"refers to {cond.item!r}, which comes later; conditions may only use earlier items"
                if later
                else f"refers to unknown item {cond.item!r}"
            ),
        )
        return
    if cond.includes is not None and target.kind != "multiple_choice":
        yield (*path, "includes"), f"'includes' needs a multiple_choice item, not {target.kind}"
    if target.kind in ("table", "matrix") and cond.answered is None:
        yield (*path, "item"), f"a {target.kind} item can only be tested with 'answered'"
    values = _comparable_values(q, target)
    if values is None:
        return
    for key in ("equals", "not_equals", "includes"):
        value = getattr(cond, key)
        if value is not None and value not in values:
            yield (
                (*path, key),
                f"{value!r} is not an answer of {target.id!r}; valid: "
                + ", ".join(repr(v) for v in values),
            )
    for i, value in enumerate(cond.one_of or ()):
        if value not in values:
            yield (*path, "one_of", i), f"{value!r} is not an answer of {target.id!r}"


def _comparable_values(q: Questionnaire, item: Item) -> list | None:
    if item.kind == "yes_no":
        return [True, False]
    if item.kind in ("likert", "rating"):
        return list(range(1, (item.points or 5) + 1))
    if item.kind in ("single_choice", "multiple_choice", "status"):
        try:
            return [c.value for c in q.options(item)]
        except KeyError:
            return None
    return None


def _score_range(q: Questionnaire, item: Item) -> tuple[float, float] | None:
    try:
        scores = [c.score for c in q.options(item) if c.score is not None]
    except KeyError:
        return None
    return (min(scores), max(scores)) if scores else None


def _check_factor_scales(q: Questionnaire) -> Iterator[Finding]:
    """Items averaged into one factor must share one score range."""
    ranges: dict[str, tuple[tuple[float, float], str]] = {}
    used: set[str] = set()
    for s, step in enumerate(q.steps):
        for i, item in enumerate(step.items):
            if item.kind not in SCORED_KINDS:
                continue
            default = item.scoring.factor if item.scoring else None
            factors = {default} | {r.factor for r in item.rows or ()}
            rng = _score_range(q, item)
            for factor in factors - {None}:
                used.add(factor)
                if rng is None:
                    continue
                if factor in ranges and ranges[factor][0] != rng:
                    first_rng, first_item = ranges[factor]
                    yield (
                        ("steps", s, "items", i, "scoring"),
                        (
                            f"factor {factor!r} mixes score ranges: {item.id!r} runs "
                            f"{rng[0]:g}-{rng[1]:g} but {first_item!r} runs "
                            f"{first_rng[0]:g}-{first_rng[1]:g}"
                        ),
                    )
                ranges.setdefault(factor, (rng, item.id))
    for f, factor in enumerate(q.factors):
        if factor.id not in used:
            yield ("factors", f, "id"), f"factor {factor.id!r} has no scored items"


def _check_coverage(q: Questionnaire) -> Iterator[Finding]:
    tables = {item.id: item for _, item in q.iter_items() if item.kind == "table"}
    for d, dim in enumerate(q.coverage):
        path: Path_ = ("coverage", d)
        table = tables.get(dim.table)
        if table is None:
            yield (
                (*path, "table"),
                (
                    f"unknown table item {dim.table!r}; "
                    f"tables: {', '.join(sorted(tables)) or 'none'}"
                ),
            )
            continue
        try:
            col = table.column(dim.column)
        except KeyError:
            yield (*path, "column"), f"table {dim.table!r} has no column {dim.column!r}"
            continue
        if col.kind not in CHOICE_COLUMN_KINDS:
            yield (*path, "column"), "coverage counts choice or multi_choice columns only"
            continue
        if dim.by is not None:
            try:
                by = table.column(dim.by)
            except KeyError:
                yield (*path, "by"), f"table {dim.table!r} has no column {dim.by!r}"
            else:
                if by.kind != "choice":
                    yield (*path, "by"), "'by' must name a choice column"
        try:
            values = {c.value for c in q.resolve(col.choices)}
        except KeyError:
            continue
        for key in dim.targets or {}:
            if key not in values:
                yield (*path, "targets", key), f"{key!r} is not an option of {dim.column!r}"
