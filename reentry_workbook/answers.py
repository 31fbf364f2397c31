"""Answers as plain data: checks through the kind registry, visibility, messages and progress."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import AnswerError
from .kinds import RECORD_ID, Context, Lookup, NoLookup, is_empty, item_rules, record_fields
from .messages import Catalog, catalog_for
from .model import Condition, ItemBase, Questionnaire, TableItem

Answers = dict[str, Any]
__all__ = [
    "RECORD_ID",
    "Answers",
    "StepProgress",
    "context",
    "current_answers",
    "is_answered",
    "item_messages",
    "known_answers",
    "normalize_answer",
    "progress",
    "unanswered",
    "validate_answers",
    "visible_items",
]


def context(q: Questionnaire, lookup: Lookup | None = None, tr: Catalog | None = None) -> Context:
    """What the kind rules need for ``q``: its words and where pick lists find records."""
    return Context(q, tr or catalog_for(q), lookup or NoLookup())


def normalize_answer(
    q: Questionnaire, item: ItemBase, value: Any, ctx: Context | None = None
) -> Any:
    """Check an answer's type and options; return it in canonical plain form (None = no answer)."""
    if is_empty(value):
        return None
    return item_rules(item).normalise(ctx or context(q), item, value, item.id)


def validate_answers(
    q: Questionnaire, answers: Mapping[str, Any], ctx: Context | None = None
) -> Answers:
    """Check a whole answer set; raise AnswerError listing every problem."""
    ctx = ctx or context(q)
    items = q.items
    problems: list[str] = []
    clean: Answers = {}
    for key, value in answers.items():
        if key not in items:
            problems.append(ctx.tr("answers.no_such_item", item=key, page=q.id))
            continue
        try:
            normalized = normalize_answer(q, items[key], value, ctx)
        except AnswerError as exc:
            problems.extend(exc.problems)
            continue
        if normalized is not None:
            clean[key] = normalized
    if problems:
        raise AnswerError(problems)
    return clean


def known_answers(q: Questionnaire, saved: Mapping[str, Any]) -> Answers:
    """Saved answers that still fit the template; the rest stay in the store and its history
    but are not shown or counted (a changed template must never block resuming). In a list,
    only the cells that no longer fit are left out, never the whole list."""
    ctx = context(q)
    good: Answers = {}
    items = q.items
    for key, value in saved.items():
        try:
            good.update(validate_answers(q, {key: value}, ctx))
        except AnswerError:
            item = items.get(key)
            if isinstance(item, TableItem) and isinstance(value, list):
                kept = _fitting_records(q, item, value, ctx)
                if kept:
                    good[key] = kept
    return good


def _fitting_records(
    q: Questionnaire, item: TableItem, records: list[Any], ctx: Context
) -> list[dict[str, Any]]:
    """Each record with the cells that still fit (records that are not records are dropped)."""
    from .kinds import column_rules

    columns = {c.id: c for c in item.columns}
    kept = []
    for record in records:
        if not isinstance(record, Mapping):
            continue
        clean: dict[str, Any] = {}
        for key, cell in record.items():
            if key == RECORD_ID and isinstance(cell, str):
                clean[key] = cell
            elif key in columns and not is_empty(cell):
                col = columns[key]
                try:
                    clean[key] = column_rules(col).normalise(ctx, col, cell, key)
                except AnswerError:
                    continue
        kept.append(clean)
    return kept


def stale_answers(q: Questionnaire, saved: Mapping[str, Any]) -> list[str]:
    """Ids of saved answers that no longer fit the template (for a note on the page)."""
    known = known_answers(q, saved)
    return sorted(k for k, v in saved.items() if v is not None and k not in known)


def is_answered(value: Any) -> bool:
    """Whether a normalized answer counts as given (a list needs a record with a field)."""
    if isinstance(value, list) and value and all(isinstance(r, Mapping) for r in value):
        return any(record_fields(r) for r in value)
    return not is_empty(value)


def _holds(cond: Condition, answers: Mapping[str, Any]) -> bool:
    if cond.all is not None:
        return all(_holds(c, answers) for c in cond.all)
    if cond.any is not None:
        return any(_holds(c, answers) for c in cond.any)
    if cond.not_ is not None:
        return not _holds(cond.not_, answers)
    value = answers.get(cond.item or "")
    if cond.answered is not None:
        return is_answered(value) == cond.answered
    if cond.equals is not None:
        return value == cond.equals
    if cond.not_equals is not None:
        return is_answered(value) and value != cond.not_equals
    if cond.one_of is not None:
        return value in cond.one_of
    return isinstance(value, list) and cond.includes in value


def visible_items(q: Questionnaire, answers: Mapping[str, Any]) -> set[str]:
    """Ids of the items shown for these answers; an item whose condition reads a hidden item
    treats that answer as not given."""
    shown: set[str] = set()
    seen: dict[str, Any] = {}
    for _, item in q.iter_items():
        if item.visible_if is None or _holds(item.visible_if, seen):
            shown.add(item.id)
            if item.id in answers:
                seen[item.id] = answers[item.id]
    return shown


def current_answers(q: Questionnaire, answers: Mapping[str, Any]) -> Answers:
    """The answers that count: those of visible items (hidden ones stay only in history)."""
    shown = visible_items(q, answers)
    return {k: v for k, v in answers.items() if k in shown}


def item_messages(
    q: Questionnaire, item: ItemBase, value: Any, ctx: Context | None = None
) -> list[str]:
    """Plain-language problems with one (normalized) answer, for showing next to the item."""
    ctx = ctx or context(q)
    if not is_answered(value):
        return [ctx.tr("answers.needs_answer")] if item.required else []
    return item_rules(item).messages(ctx, item, value)


@dataclass(frozen=True)
class StepProgress:
    """Required items answered in one step."""

    step_id: str
    title: str
    answered: int
    required: int
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """Whether every visible required item has an answer."""
        return self.answered == self.required


def progress(
    q: Questionnaire, answers: Mapping[str, Any], items: set[str] | None = None
) -> list[StepProgress]:
    """For each step: visible required items answered out of all visible required items
    (only among ``items`` when given, e.g. those a participant is asked)."""
    shown = visible_items(q, answers)
    out = []
    for step in q.steps:
        required = [
            i
            for i in step.items
            if i.required and i.id in shown and (items is None or i.id in items)
        ]
        missing = tuple(i.id for i in required if not is_answered(answers.get(i.id)))
        out.append(
            StepProgress(step.id, step.title, len(required) - len(missing), len(required), missing)
        )
    return out


def unanswered(
    q: Questionnaire, answers: Mapping[str, Any], items: set[str] | None = None
) -> list[tuple[str, ItemBase]]:
    """Every visible item without an answer, with its step title, for the review step."""
    shown = visible_items(q, answers)
    return [
        (step.title, item)
        for step, item in q.iter_items()
        if item.id in shown
        and (items is None or item.id in items)
        and not is_answered(answers.get(item.id))
    ]


def table_items(q: Questionnaire) -> list[TableItem]:
    """Every table item of the page, in order."""
    return [item for _, item in q.iter_items() if isinstance(item, TableItem)]
