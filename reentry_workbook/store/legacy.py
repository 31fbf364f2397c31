"""Legacy, for scripts: the name-based, whole-value calls of store version 1, over version 2.

``open_session`` finds or creates by name (never used by served pages, which open by key);
``save_answers`` turns whole values into record-by-record changes (last writer wins, as before).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from . import people, reading, records, responses, workspaces
from .changes import Change, DeleteRecord, SetAnswer, SetFields
from .order import place
from .rows import dumps, loads
from .schema import ROLES
from .schema import records as record_table
from .types import Author, Session


def open_session(
    conn: Connection,
    workspace: str,
    respondent: str,
    questionnaire_id: str,
    template_version: str,
    *,
    round_: int,
    role: str,
    is_demo: bool,
) -> Session:
    """Find or create by name; a facilitator gets the workspace's plan, others their own."""
    ws = workspaces.by_name(conn, workspace, is_demo=is_demo, create=True)
    assert ws is not None
    person = people.join(
        conn, ws.id, respondent, role if role in ROLES else "participant", pseudonym_if_blank=False
    )
    if role == "facilitator":
        response_id = responses.plan(conn, ws.id, questionnaire_id, template_version)
    else:
        response_id = responses.personal(
            conn, ws.id, person.id, questionnaire_id, template_version, round_
        )
    return Session(ws.id, ws.name, person.id, person.name, response_id, questionnaire_id)


def _list_changes(
    conn: Connection, response_id: str, item_id: str, value: list[Any] | None
) -> list[Change]:
    stored = {
        r.record_id: r
        for r in conn.execute(
            sa.select(record_table).where(
                record_table.c.response_id == response_id, record_table.c.item_id == item_id
            )
        )
    }
    from .v1 import record_ids  # version 1's frozen tables load only when this runs

    wanted = record_ids(response_id, item_id, value or [])
    live = {rid: float(r.position) for rid, r in stored.items() if not r.deleted}
    moved = place([rid for rid, _ in wanted], live)
    out: list[Change] = []
    for rid, fields in wanted:
        row = stored.get(rid)
        old = {} if row is None else loads(row.value_json)
        full = {k: fields.get(k) for k in set(old) | set(fields)}
        out.append(
            SetFields(response_id, item_id, rid, full, None if row is None else old, moved.get(rid))
        )
    keep = {rid for rid, _ in wanted}
    out += [DeleteRecord(response_id, item_id, rid) for rid in live if rid not in keep]
    return out


def save_answers(
    conn: Connection, response_id: str, changes: Mapping[str, Any], author: str
) -> dt.datetime:
    """Save whole values (None clears; a list of records is merged record by record)."""
    from .v1 import is_table_value  # version 1's frozen tables load only when this runs

    listed: set[str] | None = None
    todo: list[Change] = []
    for item_id, value in changes.items():
        dumps(value, repr(item_id))
        if not is_table_value(value) and value in (None, []) and listed is None:
            listed = reading.record_items(conn, response_id)  # is an empty value a list?
        if is_table_value(value) or (value in (None, []) and item_id in (listed or ())):
            todo += _list_changes(conn, response_id, item_id, value)
        else:
            todo.append(SetAnswer(response_id, item_id, value, None))
    return records.save(conn, todo, Author(author), force=True).committed_at


def load_answers(conn: Connection, response_id: str) -> dict[str, Any]:
    """Every current answer (cleared ones left out); lists as records with ``_id``."""
    snap = reading.snapshot(conn, response_id)
    out: dict[str, Any] = {k: v.value for k, v in snap.answers.items()}
    for item_id in reading.record_items(conn, response_id):
        recs = snap.records.get(item_id, ())
        if recs or item_id not in out:
            out[item_id] = [{"_id": r.record_id, **r.fields} for r in recs]
    return out
