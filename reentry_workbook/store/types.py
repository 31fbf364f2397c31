"""The plain, frozen values the store hands out: workspaces, people, snapshots, history, changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Role = Literal["facilitator", "participant"]
LinkRole = Literal["facilitator", "participant", "person"]
# (response_id, item_id, record_id or None for a plain answer)
Key = tuple[str, str, str | None]


@dataclass(frozen=True)
class Workspace:
    """A coalition's workspace."""

    id: str
    name: str
    is_demo: bool
    created_at: dt.datetime


@dataclass(frozen=True)
class Access:
    """What a key opens: a workspace, with a role (and a person for personal links)."""

    workspace: Workspace
    role: LinkRole
    person_id: str | None


@dataclass(frozen=True)
class NewWorkspace:
    """A workspace just created, with its two keys (the only time they are shown)."""

    workspace: Workspace
    facilitator_key: str
    participant_key: str


@dataclass(frozen=True)
class Person:
    """Someone in a workspace."""

    id: str
    workspace_id: str
    name: str
    role: str
    counted: bool
    pseudonym: bool
    claimed: bool


@dataclass(frozen=True)
class Author:
    """Who makes a change: the name shown in history, and the person when known."""

    name: str
    person_id: str | None = None


@dataclass(frozen=True)
class Versioned:
    """A plain answer and its revision (how many changes it has had)."""

    value: Any
    revision: int


@dataclass(frozen=True)
class Rec:
    """One list record: its fields (without ``_id``), place in the list and revision."""

    record_id: str
    position: float
    fields: Mapping[str, Any]
    revision: int


@dataclass(frozen=True)
class Snapshot:
    """The current state of a response; ``seq`` is the newest change in it."""

    response_id: str
    answers: Mapping[str, Versioned]
    records: Mapping[str, tuple[Rec, ...]]
    seq: int


@dataclass(frozen=True)
class HistoryEntry:
    """One change from the log."""

    seq: int
    id: str
    item_id: str
    record_id: str | None
    op: str
    value: Any
    author: str
    author_id: str | None
    at: dt.datetime

    def __getitem__(self, key: str) -> Any:
        """Legacy, for scripts: ``entry["value"]`` as the old dict-shaped history allowed."""
        return getattr(self, key)


@dataclass(frozen=True)
class AnswerChange:
    """A plain answer as it is now, after changes a poller has not seen."""

    response_id: str
    item_id: str
    value: Any
    revision: int
    author: str
    at: dt.datetime


@dataclass(frozen=True)
class RecordChange:
    """A record as it is now (``record`` None when deleted), after unseen changes."""

    response_id: str
    item_id: str
    record_id: str
    record: Rec | None
    author: str
    at: dt.datetime


@dataclass(frozen=True)
class Changes:
    """What changed in a workspace after a ``seq``; pass ``seq`` back next time."""

    seq: int
    answers: tuple[AnswerChange, ...]
    records: tuple[RecordChange, ...]

    def __bool__(self) -> bool:
        return bool(self.answers or self.records)


@dataclass(frozen=True)
class Session:
    """Legacy, for scripts: who answers what, as ``open_session`` returns it."""

    workspace_id: str
    workspace: str
    respondent_id: str
    respondent: str
    response_id: str
    questionnaire_id: str


def plain_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A record's fields as stored: a None value means the field is empty, so it is left out."""
    return {k: v for k, v in fields.items() if v is not None and k != "_id"}
