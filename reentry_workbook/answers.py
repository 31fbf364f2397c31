"""Answers as plain data: type checks, validator messages, visibility and progress."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import AnswerError
from .model import Column, Condition, Item, Questionnaire

Answers = dict[str, Any]
RECORD_ID = "_id"
MAX_TEXT = 20_000


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (_is_int(value) or isinstance(value, float)) and math.isfinite(value)


def _date(value: Any, where: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise AnswerError([f"{where}: {value!r} is not a date (YYYY-MM-DD)"])


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise AnswerError([f"{where}: expected text, got {type(value).__name__}"])
    if len(value) > MAX_TEXT:
        raise AnswerError([f"{where}: text longer than {MAX_TEXT:,} characters"])
    return value


def _choice(value: Any, allowed: list[str], where: str) -> str:
    if value not in allowed:
        raise AnswerError([f"{where}: {value!r} is not an option; options: {', '.join(allowed)}"])
    return value


def _choices(value: Any, allowed: list[str], where: str) -> list[str]:
    if not isinstance(value, list | tuple):
        raise AnswerError([f"{where}: expected a list of options, got {type(value).__name__}"])
    out = [_choice(v, allowed, where) for v in value]
    if len(set(out)) != len(out):
        raise AnswerError([f"{where}: an option is chosen twice"])
    return out


def _int_in(value: Any, low: int, high: int, where: str) -> int:
    if not _is_int(value) or not low <= value <= high:
        raise AnswerError([f"{where}: {value!r} is not a whole number from {low} to {high}"])
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise AnswerError([f"{where}: expected yes (true) or no (false), got {value!r}"])
    return value


def scale_bounds(column: Column) -> tuple[int, int]:
    """The low and high end of a scale column (default 1 to 5)."""
    return (
        column.min if column.min is not None else 1,
        column.max if column.max is not None else 5,
    )


def normalize_cell(q: Questionnaire, column: Column, value: Any, where: str) -> Any:
    """Check one table cell; return its canonical plain value (None when empty)."""
    if value is None or value == "" or value == []:
        return None
    kind = column.kind
    if kind in ("text", "long_text"):
        return _text(value, where)
    if kind == "integer":
        if not _is_int(value):
            raise AnswerError([f"{where}: {value!r} is not a whole number"])
        return value
    if kind == "number":
        if not _is_number(value):
            raise AnswerError([f"{where}: {value!r} is not a number"])
        return value
    if kind == "date":
        return _date(value, where)
    allowed = [c.value for c in q.resolve(column.choices)]
    if kind == "choice":
        return _choice(value, allowed, where)
    if kind == "multi_choice":
        return _choices(value, allowed, where) or None
    if kind == "scale":
        return _int_in(value, *scale_bounds(column), where)
    return _bool(value, where)  # yes_no


def _table(q: Questionnaire, item: Item, value: Any, where: str) -> list[dict[str, Any]]:
    if not isinstance(value, list | tuple):
        raise AnswerError([f"{where}: expected a list of records, got {type(value).__name__}"])
    columns = {c.id: c for c in item.columns or ()}
    records = []
    for r, record in enumerate(value):
        rwhere = f"{where}[{r}]"
        if not isinstance(record, Mapping):
            raise AnswerError([f"{rwhere}: expected a record (mapping), got {record!r}"])
        unknown = set(record) - set(columns) - {RECORD_ID}
        if unknown:
            raise AnswerError(
                [
                    f"{rwhere}: unknown field(s) {', '.join(sorted(map(str, unknown)))}; "
                    f"fields: {', '.join(columns)}"
                ]
            )
        clean: dict[str, Any] = {}
        if record.get(RECORD_ID) is not None:
            clean[RECORD_ID] = _text(record[RECORD_ID], f"{rwhere}.{RECORD_ID}")
        for cid, col in columns.items():
            cell = normalize_cell(q, col, record.get(cid), f"{rwhere}.{cid}")
            if cell is not None:
                clean[cid] = cell
        records.append(clean)
    return records


def _matrix(q: Questionnaire, item: Item, value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise AnswerError([f"{where}: expected a mapping of statement -> answer"])
    rows = item.row_ids()
    out = {}
    for row, answer in value.items():
        if row not in rows:
            raise AnswerError(
                [f"{where}: unknown statement {row!r}; statements: {', '.join(rows)}"]
            )
        if answer is None:
            continue
        if item.choices:
            out[row] = _choice(answer, [c.value for c in q.options(item)], f"{where}.{row}")
        else:
            out[row] = _int_in(answer, 1, item.points or 5, f"{where}.{row}")
    return out


def _number(item: Item, value: Any, where: str) -> int | float:
    check = _is_int if item.kind == "integer" else _is_number
    if not check(value):
        word = "a whole number" if item.kind == "integer" else "a number"
        raise AnswerError([f"{where}: {value!r} is not {word}"])
    return value


Normalizer = Callable[[Questionnaire, Item, Any, str], Any]
NORMALIZERS: dict[str, Normalizer] = {
    "short_text": lambda q, i, v, w: _text(v, w),
    "long_text": lambda q, i, v, w: _text(v, w),
    "integer": lambda q, i, v, w: _number(i, v, w),
    "number": lambda q, i, v, w: _number(i, v, w),
    "date": lambda q, i, v, w: _date(v, w),
    "single_choice": lambda q, i, v, w: _choice(v, [c.value for c in q.options(i)], w),
    "multiple_choice": lambda q, i, v, w: _choices(v, [c.value for c in q.options(i)], w),
    "yes_no": lambda q, i, v, w: _bool(v, w),
    "status": lambda q, i, v, w: _choice(v, [c.value for c in q.options(i)], w),
    "likert": lambda q, i, v, w: _int_in(v, 1, i.points or 5, w),
    "rating": lambda q, i, v, w: _int_in(v, 1, i.points or 5, w),
    "matrix": _matrix,
    "table": _table,
}


def normalize_answer(q: Questionnaire, item: Item, value: Any) -> Any:
    """Check an answer's type and options; return it in canonical plain form (None = no answer)."""
    if value is None:
        return None
    return NORMALIZERS[item.kind](q, item, value, item.id)


def validate_answers(q: Questionnaire, answers: Mapping[str, Any]) -> Answers:
    """Check a whole answer set; raise AnswerError listing every problem."""
    items = q.items
    problems: list[str] = []
    clean: Answers = {}
    for key, value in answers.items():
        if key not in items:
            problems.append(f"{key}: no such item in {q.id!r}")
            continue
        try:
            normalized = normalize_answer(q, items[key], value)
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
    but are not shown (a changed template must never block resuming)."""
    good: Answers = {}
    for key, value in saved.items():
        try:
            good.update(validate_answers(q, {key: value}))
        except AnswerError:
            continue
    return good


def is_answered(value: Any) -> bool:
    """Whether a normalized answer counts as given."""
    return value not in (None, "", [], {}) and not (isinstance(value, str) and not value.strip())


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
    """Ids of the items shown for these answers; answers to hidden items do not count."""
    shown: set[str] = set()
    seen: dict[str, Any] = {}
    for _, item in q.iter_items():
        if item.visible_if is None or _holds(item.visible_if, seen):
            shown.add(item.id)
            if item.id in answers:
                seen[item.id] = answers[item.id]
    return shown


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _range_message(low: Any, high: Any, noun: str) -> str:
    if low is not None and high is not None:
        return f"Enter {noun} between {low:g} and {high:g}"
    if low is not None:
        return f"Enter {noun} of at least {low:g}"
    return f"Enter {noun} of at most {high:g}"


def item_messages(q: Questionnaire, item: Item, value: Any) -> list[str]:
    """Plain-language problems with one (normalized) answer, for showing next to the item."""
    rules = item.validation
    custom = rules.message if rules and rules.message else None
    if not is_answered(value):
        return ["This question needs an answer."] if item.required else []
    out: list[str] = []
    if rules is not None:
        if item.kind in ("integer", "number") and (
            (rules.min is not None and value < rules.min)
            or (rules.max is not None and value > rules.max)
        ):
            noun = "a whole number" if item.kind == "integer" else "a number"
            out.append(custom or _range_message(rules.min, rules.max, noun))
        if isinstance(value, str) and item.kind in ("short_text", "long_text"):
            if rules.min_length is not None and len(value) < rules.min_length:
                out.append(custom or f"Write at least {_count(rules.min_length, 'character')}.")
            if rules.max_length is not None and len(value) > rules.max_length:
                out.append(
                    custom
                    or f"Shorten this to {rules.max_length:,} characters (now {len(value):,})."
                )
            if rules.pattern is not None and not re.fullmatch(rules.pattern, value):
                out.append(custom or "This answer is not in the expected form.")
        if item.kind == "date":
            if (rules.earliest and value < rules.earliest) or (
                rules.latest and value > rules.latest
            ):
                out.append(
                    custom
                    or f"Choose a date from {rules.earliest or 'any'} to {rules.latest or 'any'}."
                )
        if item.kind == "multiple_choice":
            if rules.min_selected is not None and len(value) < rules.min_selected:
                out.append(custom or f"Choose at least {_count(rules.min_selected, 'option')}.")
            if rules.max_selected is not None and len(value) > rules.max_selected:
                out.append(custom or f"Choose at most {_count(rules.max_selected, 'option')}.")
        if item.kind == "table":
            noun = item.record_label or "record"
            if rules.min_rows is not None and len(value) < rules.min_rows:
                out.append(custom or f"Add at least {_count(rules.min_rows, noun)}.")
            if rules.max_rows is not None and len(value) > rules.max_rows:
                out.append(custom or f"Keep to at most {_count(rules.max_rows, noun)}.")
    if item.kind == "table":
        out.extend(record_messages(item, value))
    return out


def record_messages(item: Item, records: list[dict[str, Any]]) -> list[str]:
    """Messages for table records that leave a required field empty."""
    out = []
    noun = item.record_label or "record"
    for col in item.columns or ():
        if col.required:
            missing = [i + 1 for i, r in enumerate(records) if not is_answered(r.get(col.id))]
            if missing:
                which = ", ".join(map(str, missing[:5])) + (" ..." if len(missing) > 5 else "")
                out.append(f"{col.label} is empty in {noun} {which}.")
    return out


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


def progress(q: Questionnaire, answers: Mapping[str, Any]) -> list[StepProgress]:
    """For each step: visible required items answered out of all visible required items."""
    shown = visible_items(q, answers)
    out = []
    for step in q.steps:
        required = [i for i in step.items if i.required and i.id in shown]
        missing = tuple(i.id for i in required if not is_answered(answers.get(i.id)))
        out.append(
            StepProgress(step.id, step.title, len(required) - len(missing), len(required), missing)
        )
    return out


def unanswered(q: Questionnaire, answers: Mapping[str, Any]) -> list[tuple[str, Item]]:
    """Every visible item without an answer, with its step title, for the review step."""
    shown = visible_items(q, answers)
    return [
        (step.title, item)
        for step, item in q.iter_items()
        if item.id in shown and not is_answered(answers.get(item.id))
    ]
