"""What a save asks for (one small frozen dataclass per kind of change) and what it answers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .types import Key


@dataclass(frozen=True)
class SetAnswer:
    """Set a plain answer (``value`` None clears it), starting from ``base_revision``."""

    response_id: str
    item_id: str
    value: Any
    base_revision: int | None


@dataclass(frozen=True)
class SetFields:
    """Change some fields of a record; ``base`` is the record as the editor saw it (None: new).

    Only the fields given are considered; a field set to None is emptied.
    """

    response_id: str
    item_id: str
    record_id: str
    fields: Mapping[str, Any]
    base: Mapping[str, Any] | None
    position: float | None = None


@dataclass(frozen=True)
class DeleteRecord:
    """Delete a record (a tombstone: it can be restored)."""

    response_id: str
    item_id: str
    record_id: str
    base_revision: int | None = None


@dataclass(frozen=True)
class RestoreRecord:
    """Undo the delete of a record."""

    response_id: str
    item_id: str
    record_id: str


@dataclass(frozen=True)
class MoveRecord:
    """Give a record a new place in its list."""

    response_id: str
    item_id: str
    record_id: str
    position: float


Change = SetAnswer | SetFields | DeleteRecord | RestoreRecord | MoveRecord


def change_key(change: Change) -> Key:
    """The answer or record a change is about."""
    if isinstance(change, SetAnswer):
        return (change.response_id, change.item_id, None)
    return (change.response_id, change.item_id, change.record_id)


@dataclass(frozen=True)
class Conflict:
    """A change not written because someone else changed the same thing since ``base``.

    ``field`` names the record field (None for a plain answer). Both values are kept: theirs is
    stored, mine is returned here so the editor can choose.
    """

    response_id: str
    item_id: str
    record_id: str | None
    field: str | None
    theirs: Any
    mine: Any
    base: Any
    author: str
    at: dt.datetime


@dataclass(frozen=True)
class SaveResult:
    """What a save did: when, the newest seq, the new revision of each key, what it did not do."""

    committed_at: dt.datetime
    seq: int
    revisions: Mapping[Key, int]
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()
    restored: tuple[Key, ...] = field(default=())
