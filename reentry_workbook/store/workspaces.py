"""Workspaces: created with a cleaned name, found by id (names only for the machine's owner)."""

from __future__ import annotations

import difflib
import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..names import clean_name, name_key
from .rows import aware, insert_ignore, new_id, now
from .schema import people, workspaces
from .types import Workspace

DEMO_NAME = "Riverbend County Reentry Coalition (demo)"
# the single demo workspace has a fixed id, so that creating it on first use cannot race
DEMO_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "reentry-workbook:demo-workspace"))
CLOSE = 0.85  # difflib ratio above which two workspace names look alike


def to_workspace(row: Any) -> Workspace:
    """A table row as a Workspace."""
    return Workspace(row.id, row.name, bool(row.is_demo), aware(row.created_at))


def insert(conn: Connection, name: str, *, is_demo: bool, ws_id: str | None = None) -> Workspace:
    """Add a workspace (the name is cleaned first)."""
    name = clean_name(name, "workspace")
    ws = Workspace(ws_id or new_id(), name, is_demo, now())
    conn.execute(
        workspaces.insert().values(
            id=ws.id,
            name=ws.name,
            name_key=name_key(ws.name),
            is_demo=is_demo,
            created_at=ws.created_at,
        )
    )
    return ws


def get(conn: Connection, ws_id: str) -> Workspace:
    """The workspace with this id; StoreError when there is none."""
    row = conn.execute(sa.select(workspaces).where(workspaces.c.id == ws_id)).first()
    if row is None:
        raise StoreError("no such workspace in this store")
    return to_workspace(row)


def all_workspaces(conn: Connection) -> list[Workspace]:
    """Every workspace, oldest first."""
    rows = conn.execute(sa.select(workspaces).order_by(workspaces.c.created_at, workspaces.c.id))
    return [to_workspace(r) for r in rows]


def similar(conn: Connection, name: str) -> list[Workspace]:
    """Workspaces whose name has the same key as ``name`` or is only a few letters off."""
    key = name_key(name)
    found = []
    for ws in all_workspaces(conn):
        other = name_key(ws.name)
        if other == key or difflib.SequenceMatcher(None, key, other).ratio() >= CLOSE:
            found.append(ws)
    return found


def find(conn: Connection, name_or_id: str) -> Workspace:
    """By id, or by exact name; else StoreError listing near matches (for the CLI only)."""
    row = conn.execute(sa.select(workspaces).where(workspaces.c.id == name_or_id)).first()
    if row is not None:
        return to_workspace(row)
    named = conn.execute(
        sa.select(workspaces).where(workspaces.c.name == " ".join(name_or_id.split()))
    ).all()
    if len(named) == 1:
        return to_workspace(named[0])
    if len(named) > 1:
        ids = ", ".join(r.id for r in named)
        raise StoreError(f"{len(named)} workspaces are named {name_or_id!r}; give one id: {ids}")
    near = similar(conn, name_or_id)
    hint = "; did you mean " + ", ".join(f"{w.name!r} ({w.id})" for w in near) if near else ""
    raise StoreError(f"no workspace named {name_or_id!r}{hint}")


def by_name(conn: Connection, name: str, *, is_demo: bool, create: bool) -> Workspace | None:
    """Legacy, for scripts: the oldest workspace with exactly this (cleaned) name."""
    name = clean_name(name, "workspace")
    if conn.dialect.name == "postgresql":  # two scripts creating the same name meet one row
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": name_key(name)})
    row = conn.execute(
        sa.select(workspaces)
        .where(workspaces.c.name == name)
        .order_by(workspaces.c.created_at, workspaces.c.id)
        .limit(1)
    ).first()
    if row is not None:
        if bool(row.is_demo) != is_demo:
            kind = "demo" if row.is_demo else "real"
            raise StoreError(f"workspace {name!r} holds {kind} data; demo and real data never mix")
        return to_workspace(row)
    return insert(conn, name, is_demo=is_demo) if create else None


def find_demo(conn: Connection) -> Workspace | None:
    """The demo workspace, if it was made already."""
    row = conn.execute(sa.select(workspaces).where(workspaces.c.id == DEMO_ID)).first()
    return None if row is None else to_workspace(row)


def demo(conn: Connection, name: str = DEMO_NAME) -> Workspace:
    """The single fictional demo workspace, created on first use."""
    conn.execute(
        insert_ignore(conn, workspaces, index_elements=["id"]).values(
            id=DEMO_ID, name=name, name_key=name_key(name), is_demo=True, created_at=now()
        )
    )
    return get(conn, DEMO_ID)


def people_count(conn: Connection, ws_id: str) -> int:
    """How many people (not merged away) a workspace has."""
    return int(
        conn.execute(
            sa.select(sa.func.count())
            .select_from(people)
            .where(people.c.workspace_id == ws_id, people.c.merged_into.is_(None))
        ).scalar_one()
    )
