"""Checks across an export file: unique ids, references that resolve, changes shaped by their op."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..errors import ExchangeError
from ..messages import t

if TYPE_CHECKING:
    from .fileformat import ExportFile, RevisionIn

MAX_VALUE_CHARS = 1_000_000


def _unique(name: str, part: str, ids: Iterable[str]) -> set[str]:
    first: dict[str, int] = {}
    for n, i in enumerate(ids):
        if i in first:
            raise ExchangeError(
                f"{name}: {part}[{n}].id: duplicate id {i} (first at {part}[{first[i]}])"
            )
        first[i] = n
    return set(first)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shape(rev: RevisionIn) -> str | None:
    """What is wrong with a change's value for its op, or None."""
    if rev.op in ("set", "clear"):
        if rev.record_id is not None:
            return f"op {rev.op!r} is for a plain answer, but a record_id is given"
        if rev.op == "set" and rev.value is None:
            return "op 'set' needs a value (a cleared answer is op 'clear')"
        if rev.op == "clear" and rev.value is not None:
            return "op 'clear' takes no value"
        return None
    if rev.record_id is None:
        return f"op {rev.op!r} is for a record, but no record_id is given"
    if rev.op in ("delete", "restore"):
        return None if rev.value is None else f"op {rev.op!r} takes no value"
    value = rev.value
    if not isinstance(value, dict):
        return f"op {rev.op!r} needs an object as its value"
    if rev.op == "move":
        if set(value) != {"position"} or not _is_number(value["position"]):
            return "op 'move' needs {\"position\": a number}"
        return None
    if set(value) - {"fields", "position"} or not isinstance(value.get("fields"), dict):
        return 'op \'fields\' needs {"fields": {...}} and may give a "position"'
    if "position" in value and not _is_number(value["position"]):
        return "op 'fields': position must be a number"
    if "_id" in value["fields"]:
        return "op 'fields': the record id goes in record_id, not in the fields"
    return None


def check(export: ExportFile, name: str) -> None:
    """Refuse (ExchangeError, one line) an export whose parts do not fit together."""
    people = _unique(name, "people", (p.id for p in export.people))
    responses = _unique(name, "responses", (r.id for r in export.responses))
    _unique(name, "revisions", (r.id for r in export.revisions))
    for n, p in enumerate(export.people):
        if p.merged_into is not None and (p.merged_into not in people or p.merged_into == p.id):
            raise ExchangeError(t("exchange.check.merged_into", name=name, n=n))
    seen: dict[tuple[str, str, int], int] = {}
    for n, r in enumerate(export.responses):
        where = f"{name}: responses[{n}]"
        if r.subject == "plan":
            if r.round != 0:
                raise ExchangeError(t("exchange.check.plan_round", where=where, round=r.round))
        elif r.subject not in people:
            raise ExchangeError(t("exchange.check.subject", where=where))
        elif r.round < 1:
            raise ExchangeError(t("exchange.check.personal_round", where=where))
        slot = (r.questionnaire_id, r.subject, r.round)
        if slot in seen:
            raise ExchangeError(t("exchange.check.second_response", where=where, first=seen[slot]))
        seen[slot] = n
    for n, rev in enumerate(export.revisions):
        where = f"{name}: revisions[{n}]"
        if rev.response_id not in responses:
            raise ExchangeError(t("exchange.check.response_id", where=where))
        if rev.author_id is not None and rev.author_id not in people:
            raise ExchangeError(t("exchange.check.author_id", where=where))
        problem = _shape(rev)
        if problem is not None:
            raise ExchangeError(f"{where}.value: {problem}")
        if len(json.dumps(rev.value, ensure_ascii=False)) > MAX_VALUE_CHARS:
            raise ExchangeError(t("exchange.check.too_long", where=where, limit=MAX_VALUE_CHARS))
