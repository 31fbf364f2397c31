"""Small helpers every table module uses: ids, times, JSON values, dialect-specific inserts."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError

TICK = dt.timedelta(microseconds=1)
MAX_VALUE_CHARS = 1_000_000


def new_id() -> str:
    """A fresh random id."""
    return str(uuid.uuid4())


def now() -> dt.datetime:
    """The current time in UTC."""
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time (SQLite gives naive times back; they are UTC)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def dumps(value: Any, what: str) -> str:
    """A plain-data value as JSON text; StoreError naming ``what`` when it is not plain data."""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise StoreError(f"the answer to {what} is not plain data") from exc
    if len(text) > MAX_VALUE_CHARS:
        raise StoreError(f"the answer to {what} is too long (over {MAX_VALUE_CHARS:,} characters)")
    return text


def loads(text: str | None) -> Any:
    """A stored JSON value (None stays None)."""
    return None if text is None else json.loads(text)


def same(a: Any, b: Any) -> bool:
    """Whether two plain values are the same data (1, 1.0 and True are not)."""
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def secret_hash(secret: str) -> str:
    """How a key or device secret is stored: its SHA-256, never the secret itself."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def insert_ignore(conn: Connection, table: sa.Table, **index: Any) -> Any:
    """``INSERT .. ON CONFLICT DO NOTHING`` for this connection's dialect.

    ``index`` is passed to ``on_conflict_do_nothing`` (``index_elements``, ``index_where``).
    """
    name = conn.dialect.name  # each dialect's module loads only for a database of its kind
    if name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing(**index)
    if name == "sqlite":
        from sqlalchemy.dialects import sqlite

        return sqlite.insert(table).on_conflict_do_nothing(**index)
    raise StoreError(f"the {name} database is not supported; use SQLite or PostgreSQL")


def lock_workspaces(conn: Connection, workspace_ids: set[str]) -> None:
    """Serialise writers of a workspace, so seq numbers commit in the order they are given.

    On PostgreSQL two transactions may take seq 7 and 8 and commit 8 first; a poller that saw 8
    would never see 7. Holding the workspace row until commit rules that out. SQLite already
    has one writer at a time (BEGIN IMMEDIATE).
    """
    from .schema import workspaces

    if conn.dialect.name != "postgresql" or not workspace_ids:
        return
    conn.execute(
        sa.select(workspaces.c.id)
        .where(workspaces.c.id.in_(sorted(workspace_ids)))
        .order_by(workspaces.c.id)
        .with_for_update()
    ).all()
