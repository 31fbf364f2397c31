"""Lists edited in two places: what one side changed since a common base, and how to combine.

Pure functions on plain lists of records (dicts with ``_id``). The store merges saves; these
decide what a page sends and how a page takes in what others saved while it was editing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..kinds import RECORD_ID

Record = Mapping[str, Any]


def fields_of(record: Record) -> dict[str, Any]:
    """A record's fields without its id (empty fields left out)."""
    return {k: v for k, v in record.items() if k != RECORD_ID and v is not None}


def by_id(records: Sequence[Record] | None) -> dict[str, dict[str, Any]]:
    """Records by their id, in list order (records without an id are left out)."""
    return {str(r[RECORD_ID]): fields_of(r) for r in records or () if r.get(RECORD_ID)}


@dataclass(frozen=True)
class ListDiff:
    """What one side did to a list since the base: records added, fields changed, deleted,
    and the new order."""

    added: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: dict[str, dict[str, Any]] = field(default_factory=dict)  # field -> new value or None
    deleted: tuple[str, ...] = ()
    order: tuple[str, ...] = ()
    moved: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted or self.moved)


def diff(base: Sequence[Record] | None, mine: Sequence[Record] | None) -> ListDiff:
    """What ``mine`` changed relative to ``base``, record by record and field by field."""
    old, new = by_id(base), by_id(mine)
    added = {rid: f for rid, f in new.items() if rid not in old and f}
    changed: dict[str, dict[str, Any]] = {}
    for rid, fields in new.items():
        if rid in old:
            keys = set(fields) | set(old[rid])
            delta = {k: fields.get(k) for k in keys if fields.get(k) != old[rid].get(k)}
            if delta:
                changed[rid] = delta
    deleted = tuple(rid for rid in old if rid not in new)
    order = tuple(rid for rid in new if new[rid] or rid in old)
    kept_old = [rid for rid in old if rid in new]
    kept_new = [rid for rid in order if rid in old]
    moved = tuple(rid for i, rid in enumerate(kept_new) if kept_old.index(rid) != i)
    return ListDiff(added, changed, deleted, order, moved)


def rebase(
    base: Sequence[Record] | None, mine: Sequence[Record] | None, theirs: Sequence[Record] | None
) -> list[dict[str, Any]]:
    """``mine`` (edited from ``base``) with what others did in ``theirs`` (also from ``base``).

    Records both sides added are kept; a field changed on one side only takes that change; a
    field both changed keeps mine (the save will report the conflict); a record deleted on
    the other side goes unless I edited it (then my edit brings it back); my deletes stay.
    Order: theirs, with my new records where I put them.
    """
    old, own, other = by_id(base), by_id(mine), by_id(theirs)
    merged: dict[str, dict[str, Any]] = {}
    for rid, fields in other.items():
        if rid in old and rid not in own:
            continue  # I deleted it
        if rid in own:
            mine_fields = own[rid]
            base_fields = old.get(rid, {})
            out = dict(fields)
            for key in set(mine_fields) | set(base_fields):
                if mine_fields.get(key) != base_fields.get(key):
                    if mine_fields.get(key) is None:
                        out.pop(key, None)
                    else:
                        out[key] = mine_fields[key]
            merged[rid] = out
        else:
            merged[rid] = dict(fields)
    for rid, fields in own.items():
        if rid not in merged and rid not in old:
            merged[rid] = dict(fields)  # added here
        elif rid not in merged and rid in old and fields != old[rid]:
            merged[rid] = dict(fields)  # deleted there, edited here: my edit brings it back
    mine_order = [rid for rid in own if rid in merged]
    result_order = [rid for rid in other if rid in merged]
    for i, rid in enumerate(mine_order):
        if rid not in result_order:
            after = next((r for r in reversed(mine_order[:i]) if r in result_order), None)
            result_order.insert(result_order.index(after) + 1 if after else 0, rid)
    return [{RECORD_ID: rid, **merged[rid]} for rid in result_order]
