"""The response store (version 2): shared plans, people, keys, records and an append-only log."""

from __future__ import annotations

from ..errors import StoreError
from .access import AccessDenied
from .api import Store, open_store
from .changes import (
    Change,
    Conflict,
    DeleteRecord,
    MoveRecord,
    RestoreRecord,
    SaveResult,
    SetAnswer,
    SetFields,
)
from .engine import ENV_DB, absolute_url, data_dir, default_url
from .schema import STORE_SCHEMA_VERSION, meta, metadata
from .types import (
    Access,
    AnswerChange,
    Author,
    Changes,
    HistoryEntry,
    NewWorkspace,
    Person,
    Rec,
    RecordChange,
    Session,
    Snapshot,
    Versioned,
    Workspace,
)

__all__ = [
    "ENV_DB",
    "STORE_SCHEMA_VERSION",
    "Access",
    "AccessDenied",
    "AnswerChange",
    "Author",
    "Change",
    "Changes",
    "Conflict",
    "DeleteRecord",
    "HistoryEntry",
    "MoveRecord",
    "NewWorkspace",
    "Person",
    "Rec",
    "RecordChange",
    "RestoreRecord",
    "SaveResult",
    "Session",
    "SetAnswer",
    "SetFields",
    "Snapshot",
    "Store",
    "StoreError",
    "Versioned",
    "Workspace",
    "absolute_url",
    "data_dir",
    "default_url",
    "meta",
    "metadata",
    "open_store",
]
