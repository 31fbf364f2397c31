"""The log is the truth: how one revision changes an answer or record, and rebuilding from it."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .rows import aware, loads
from .schema import answers, records, responses, revisions
from .types import Key


@dataclass
class AnswerState:
    """A plain answer as the log makes it."""

    value: Any
    revision: int
    updated_at: dt.datetime
    updated_by: str


@dataclass
class RecordState:
    """A record as the log makes it."""

    fields: dict[str, Any] = field(default_factory=dict)
    position: float = 0.0
    deleted: bool = False
    revision: int = 0
    updated_at: dt.datetime | None = None
    updated_by: str = ""


def step_answer(
    _state: AnswerState | None, op: str, value: Any, at: dt.datetime, author: str, revision: int
) -> AnswerState:
    """An answer after one more revision ('set' or 'clear')."""
    return AnswerState(None if op == "clear" else value, revision, at, author)


def step_record(
    state: RecordState | None, op: str, value: Any, at: dt.datetime, author: str
) -> RecordState:
    """A record after one more revision; per-field last writer wins, an edit restores."""
    old = state or RecordState()
    new = RecordState(dict(old.fields), old.position, old.deleted, old.revision + 1, at, author)
    if op == "fields":
        new.deleted = False
        for name, cell in (value.get("fields") or {}).items():
            if cell is None:
                new.fields.pop(name, None)
            else:
                new.fields[name] = cell
        if value.get("position") is not None:
            new.position = float(value["position"])
    elif op == "move":
        new.position = float(value["position"])
    elif op in ("delete", "restore"):
        new.deleted = op == "delete"
    return new


def write_answer(conn: Connection, response_id: str, item_id: str, state: AnswerState) -> None:
    """Store an answer's current state (update, else insert)."""
    values = {
        "value_json": None
        if state.value is None
        else json.dumps(state.value, ensure_ascii=False, sort_keys=True),
        "revision": state.revision,
        "updated_at": state.updated_at,
        "updated_by": state.updated_by,
    }
    done = conn.execute(
        answers.update()
        .where(answers.c.response_id == response_id, answers.c.item_id == item_id)
        .values(**values)
    ).rowcount
    if not done:
        conn.execute(answers.insert().values(response_id=response_id, item_id=item_id, **values))


def write_record(conn: Connection, key: Key, state: RecordState) -> None:
    """Store a record's current state (update, else insert)."""
    response_id, item_id, record_id = key
    values = {
        "position": state.position,
        "value_json": json.dumps(state.fields, ensure_ascii=False, sort_keys=True),
        "deleted": state.deleted,
        "revision": state.revision,
        "updated_at": state.updated_at,
        "updated_by": state.updated_by,
    }
    done = conn.execute(
        records.update()
        .where(
            records.c.response_id == response_id,
            records.c.item_id == item_id,
            records.c.record_id == record_id,
        )
        .values(**values)
    ).rowcount
    if not done:
        conn.execute(
            records.insert().values(
                response_id=response_id, item_id=item_id, record_id=record_id, **values
            )
        )


def fold(revs: Sequence[Any]) -> AnswerState | RecordState | None:
    """The state a key's revisions (rows, in (created_at, id) order) make."""
    state: AnswerState | RecordState | None = None
    for n, rev in enumerate(revs, start=1):
        at = aware(rev.created_at)
        # one key's revisions are all of a plain answer or all of one record (its id is in the key)
        if rev.record_id is None:
            answer = state if isinstance(state, AnswerState) else None
            state = step_answer(answer, rev.op, loads(rev.value_json), at, rev.author, n)
        else:
            record = state if isinstance(state, RecordState) else None
            state = step_record(record, rev.op, loads(rev.value_json), at, rev.author)
    return state


def rebuild(conn: Connection, keys: Iterable[Key]) -> None:
    """Recompute the current state of ``keys`` from the log (revisions in time order)."""
    wanted: dict[str, set[Key]] = defaultdict(set)
    for key in keys:
        wanted[key[0]].add(key)
    for response_id, keyset in wanted.items():
        grouped: dict[Key, list[Any]] = defaultdict(list)
        for rev in conn.execute(
            sa.select(revisions)
            .where(revisions.c.response_id == response_id)
            .order_by(revisions.c.created_at, revisions.c.id)
        ):
            key = (rev.response_id, rev.item_id, rev.record_id)
            if key in keyset:
                grouped[key].append(rev)
        for key in keyset:
            state = fold(grouped.get(key, []))
            if isinstance(state, AnswerState):
                write_answer(conn, key[0], key[1], state)
            elif isinstance(state, RecordState):
                write_record(conn, key, state)
            elif key[2] is None:
                conn.execute(
                    answers.delete().where(
                        answers.c.response_id == key[0], answers.c.item_id == key[1]
                    )
                )
            else:
                conn.execute(
                    records.delete().where(
                        records.c.response_id == key[0],
                        records.c.item_id == key[1],
                        records.c.record_id == key[2],
                    )
                )


def bump_last_seq(conn: Connection, response_ids: Iterable[str]) -> None:
    """Set each response's ``last_seq`` to the newest seq in its log."""
    for response_id in set(response_ids):
        newest = conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(revisions.c.seq), 0)).where(
                revisions.c.response_id == response_id
            )
        ).scalar_one()
        conn.execute(
            responses.update().where(responses.c.id == response_id).values(last_seq=newest)
        )


def move_log(conn: Connection, source: str, target: str) -> None:
    """Move a response's whole log onto another response and drop the first one.

    Revisions keep their ids, authors and times; they are inserted again so they get new seq
    numbers, and a poller of the target hears about them.
    """
    rows = conn.execute(
        sa.select(revisions).where(revisions.c.response_id == source).order_by(revisions.c.seq)
    ).all()
    conn.execute(revisions.delete().where(revisions.c.response_id == source))
    conn.execute(answers.delete().where(answers.c.response_id == source))
    conn.execute(records.delete().where(records.c.response_id == source))
    if rows:
        conn.execute(
            revisions.insert(),
            [
                {c: getattr(r, c) for c in r._fields if c != "seq"} | {"response_id": target}
                for r in rows
            ],
        )
    conn.execute(responses.delete().where(responses.c.id == source))
    rebuild(conn, {(target, r.item_id, r.record_id) for r in rows})
    bump_last_seq(conn, [target])


def current(conn: Connection, response_ids: Iterable[str]) -> dict[Key, Any]:
    """The stored state of every answer and record of some responses (for consistency checks)."""
    ids = sorted(set(response_ids))
    out: dict[Key, Any] = {}
    for a in conn.execute(sa.select(answers).where(answers.c.response_id.in_(ids))):
        out[(a.response_id, a.item_id, None)] = (loads(a.value_json), a.revision)
    for r in conn.execute(sa.select(records).where(records.c.response_id.in_(ids))):
        out[(r.response_id, r.item_id, r.record_id)] = (
            loads(r.value_json),
            r.position,
            bool(r.deleted),
            r.revision,
        )
    return out
