"""Checks a schema cannot express: unique ids, references, scales, conditions, views, patterns."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from .answers import context
from .kinds import item_rules
from .model import (
    DEFAULT_LIKERT_LABELS,
    Band,
    Choice,
    ChoiceColumn,
    ChoiceItemBase,
    Choices,
    Condition,
    ItemBase,
    MatrixItem,
    MultipleChoiceItem,
    Questionnaire,
    RefColumn,
    ScaleItem,
    StatusItem,
    TableItem,
    TableTarget,
    TextItem,
    table_target,
)

Path_ = tuple[str | int, ...]
Finding = tuple[Path_, str]

PATTERN_PROBE_SECONDS = 0.2
"""A validation pattern slower than this on a probe answer is refused (runaway backtracking)."""


def format_path(path: Sequence[str | int]) -> str:
    """``('steps', 2, 'items', 0)`` -> ``steps[2].items[0]``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def check_semantics(q: Questionnaire) -> list[Finding]:
    """Every rule violation in a schema-valid page, as (path, message)."""
    return [
        *_check_choice_lists(q),
        *_check_factors_and_bands(q),
        *_check_steps_and_items(q),
        *_check_factor_scales(q),
        *_check_views(q),
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


def _check_bands(bands: Sequence[Band], path: Path_) -> Iterator[Finding]:
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
    earlier: dict[str, ItemBase] = {}
    factor_ids = {f.id for f in q.factors}
    tables = {i.id: i for _, i in q.iter_items() if isinstance(i, TableItem)}
    for s, step in enumerate(q.steps):
        if step.id in step_ids:
            yield ("steps", s, "id"), f"step id {step.id!r} is used twice"
        step_ids.append(step.id)
        for i, item in enumerate(step.items):
            path: Path_ = ("steps", s, "items", i)
            if item.id in earlier:
                yield (*path, "id"), f"item id {item.id!r} is used twice"
            yield from _check_item(q, item, path, factor_ids, tables)
            if item.visible_if is not None:
                yield from _check_condition(q, item.visible_if, (*path, "visible_if"), earlier)
            if item.audience == "facilitator" and item.scope == "personal":
                yield (
                    (*path, "scope"),
                    (
                        "a facilitator question cannot be personal: participants never see it; "
                        "use audience: both"
                    ),
                )
            earlier[item.id] = item  # after the check: an item's condition may not read itself


def _unknown_factor(factor: str, factor_ids: set[str]) -> str:
    return f"unknown factor {factor!r}; factors defined: {', '.join(sorted(factor_ids)) or 'none'}"


def _has_scale(q: Questionnaire, item: ItemBase) -> bool:
    try:
        options = q.options(item)
    except KeyError:
        return True  # the dangling reference is reported on its own
    return all(c.score is not None or c.knowledge_gap for c in options)


def _check_table_source(
    q: Questionnaire, source: str | TableTarget | None, tables: dict[str, TableItem], path: Path_
) -> Iterator[Finding]:
    target = table_target(source)
    if target is None or target.page not in (None, q.id):
        return  # another page's list: checked with the whole set of pages
    if target.table not in tables:
        yield (
            path,
            (f"unknown table {target.table!r}; tables of this page: {', '.join(tables) or 'none'}"),
        )


def _check_item(
    q: Questionnaire,
    item: ItemBase,
    path: Path_,
    factor_ids: set[str],
    tables: dict[str, TableItem],
) -> Iterator[Finding]:
    rule = item.scoring_rule
    if rule is not None and rule.factor is not None and rule.factor not in factor_ids:
        yield (*path, "scoring", "factor"), _unknown_factor(rule.factor, factor_ids)
    if isinstance(item, ChoiceItemBase | StatusItem | MatrixItem):
        yield from _check_choice_ref(q, item.choices, (*path, "choices"))
    if isinstance(item, ChoiceItemBase):
        yield from _check_table_source(q, item.choices_from, tables, (*path, "choices_from"))
        if item.choices_from and rule is not None:
            yield (*path, "scoring"), "options taken from a list cannot carry scores"
    if isinstance(item, ScaleItem | MatrixItem) and not (
        isinstance(item, MatrixItem) and item.choices
    ):
        yield from _check_scale_labels(item, path)
    if isinstance(item, MatrixItem):
        if item.choices and ("points" in item.model_fields_set or item.labels):
            yield (*path, "choices"), "a matrix uses either choices or points/labels, not both"
        yield from _check_table_source(q, item.rows_from, tables, (*path, "rows_from"))
        if item.rows_from and rule is not None and rule.factor is not None:
            yield (
                (*path, "scoring"),
                (
                    "ratings of a list's records are summed up per record by views such as "
                    "vote_result or grid_2d; they cannot feed a factor"
                ),
            )
        rows = [r.id for r in item.rows or ()]
        for r, row in enumerate(item.rows or ()):
            if rows.index(row.id) != r:
                yield (*path, "rows", r, "id"), f"row id {row.id!r} is used twice"
            if row.factor is not None and row.factor not in factor_ids:
                yield (*path, "rows", r, "factor"), _unknown_factor(row.factor, factor_ids)
    if rule is not None and not _has_scale(q, item):
        yield (
            (*path, "scoring"),
            ("every option needs a score (options marked knowledge_gap may leave it empty)"),
        )
    if isinstance(item, StatusItem) and not _has_scale(q, item):
        yield (*path, "choices"), "status options need scores (knowledge_gap options excepted)"
    if isinstance(item, TableItem):
        yield from _check_columns(q, item, path, tables)
    if isinstance(item, TextItem) and item.validation and item.validation.pattern is not None:
        yield from _check_pattern(item.validation.pattern, (*path, "validation", "pattern"))
    if isinstance(item, MultipleChoiceItem) and item.validation is not None:
        v = item.validation
        if (
            v.min_selected is not None
            and v.max_selected is not None
            and v.min_selected > v.max_selected
        ):
            yield (
                (*path, "validation", "min_selected"),
                (
                    f"min_selected ({v.min_selected}) is greater than "
                    f"max_selected ({v.max_selected})"
                ),
            )
    yield from _check_ranges(item, path)


def _check_ranges(item: ItemBase, path: Path_) -> Iterator[Finding]:
    rules = getattr(item, "validation", None)
    if rules is None:
        return
    for low, high in (
        ("min", "max"),
        ("min_length", "max_length"),
        ("min_rows", "max_rows"),
        ("earliest", "latest"),
    ):
        lo, hi = getattr(rules, low, None), getattr(rules, high, None)
        if lo is not None and hi is not None and lo > hi:
            yield (*path, "validation", low), f"{low} ({lo}) is greater than {high} ({hi})"


def _check_scale_labels(item: ScaleItem | MatrixItem, path: Path_) -> Iterator[Finding]:
    points = item.points
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


def _check_columns(
    q: Questionnaire, item: TableItem, path: Path_, tables: dict[str, TableItem]
) -> Iterator[Finding]:
    ids = [c.id for c in item.columns]
    for c, col in enumerate(item.columns):
        cpath = (*path, "columns", c)
        if ids.index(col.id) != c:
            yield (*cpath, "id"), f"column id {col.id!r} is used twice"
        if isinstance(col, ChoiceColumn):
            yield from _check_choice_ref(q, col.choices, (*cpath, "choices"))
        if isinstance(col, RefColumn):
            for t, target in enumerate(col.targets()):
                where = (*cpath, "to") if not isinstance(col.to, tuple) else (*cpath, "to", t)
                if target.page is not None and target.page != q.id:
                    continue  # checked across pages by check_references
                table = tables.get(target.table)
                if table is None:
                    yield (
                        where,
                        (
                            f"unknown table {target.table!r}; tables of this page: "
                            f"{', '.join(tables) or 'none'}"
                        ),
                    )
                elif col.label_column not in table.column_ids():
                    yield (
                        (*cpath, "label_column"),
                        (
                            f"table {table.id!r} has no column {col.label_column!r}; "
                            f"columns: {', '.join(table.column_ids())}"
                        ),
                    )


def _probes(pattern: str) -> list[str]:
    """Answers that make a pattern with nested repetition backtrack for a long time."""
    chars = {ch for ch in pattern if ch.isalnum()} or {"a"}
    chars |= {"a", "1", " ", "-"}
    return [ch * 40 + tail for ch in sorted(chars) for tail in ("!", "\x00")]


def _check_pattern(pattern: str, path: Path_) -> Iterator[Finding]:
    import regex  # only templates with patterns pay for it

    try:
        compiled = regex.compile(pattern)
    except regex.error as exc:
        yield path, f"not a valid regular expression: {exc}"
        return
    for probe in _probes(pattern):
        try:
            compiled.fullmatch(probe, timeout=PATTERN_PROBE_SECONDS)
        except TimeoutError:
            yield (
                path,
                (
                    f"the pattern {pattern!r} takes too long on some answers "
                    "(nested repetition such "
                    "as (a+)+ makes it backtrack without end); simplify it"
                ),
            )
            return


def _check_condition(
    q: Questionnaire, cond: Condition, path: Path_, earlier: dict[str, ItemBase]
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
        yield (
            (*path, "includes"),
            f"'includes' needs a multiple_choice item, not {target.kind}",
        )
    if isinstance(target, TableItem | MatrixItem) and cond.answered is None:
        yield (*path, "item"), f"a {target.kind} item can only be tested with 'answered'"
    try:
        values = item_rules(target).condition_values(context(q), target)
    except KeyError:
        return
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


def _score_range(q: Questionnaire, item: ItemBase) -> tuple[float, float] | None:
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
            rule = item.scoring_rule
            default = rule.factor if rule else None
            rows = item.rows or () if isinstance(item, MatrixItem) else ()
            factors = {default} | {r.factor for r in rows}
            rng = _score_range(q, item)
            for factor in factors - {None}:
                assert factor is not None
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
    for f, declared in enumerate(q.factors):
        if declared.id not in used:
            yield ("factors", f, "id"), f"factor {declared.id!r} has no scored items"


def _check_views(q: Questionnaire) -> Iterator[Finding]:
    from .views import check_spec

    for s, step in enumerate(q.steps):
        for v, spec in enumerate(step.show):
            yield from check_spec(q, spec, ("steps", s, "show", v))
    for v, spec in enumerate(q.summary):
        yield from check_spec(q, spec, ("summary", v))
    for v, spec in enumerate(q.report or ()):
        yield from check_spec(q, spec, ("report", v))
    for v, spec in enumerate(q.coalition_plan.views or ()):
        yield from check_spec(q, spec, ("coalition_plan", "views", v))
