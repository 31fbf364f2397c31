"""Saving: revision checks, a per-field three-way merge for records, tombstones, all in one go."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..messages import t
from .changes import (
    Change,
    Conflict,
    DeleteRecord,
    MoveRecord,
    RestoreRecord,
    SaveResult,
    SetAnswer,
    SetFields,
    change_key,
)
from .replay import AnswerState, RecordState, step_answer, step_record, write_answer, write_record
from .rows import TICK, aware, dumps, loads, new_id, now, same
from .schema import ITEM_ID, NAME, answers, records, responses, revisions, workspaces
from .types import Author, Key, plain_fields


def _check(changes: Sequence[Change], author: Author) -> None:
    if len(author.name) > NAME:
        raise StoreError(f"an author name may be at most {NAME} characters")
    for change in changes:
        if not isinstance(
            change, SetAnswer | SetFields | DeleteRecord | RestoreRecord | MoveRecord
        ):
            raise StoreError(f"cannot save {type(change).__name__}: not a change")
        ids = [change.item_id] + ([] if isinstance(change, SetAnswer) else [change.record_id])
        if any(not isinstance(i, str) or not i or len(i) > ITEM_ID for i in ids):
            raise StoreError(f"an item or record id must be 1 to {ITEM_ID} characters")
        what = repr(change.item_id)
        if isinstance(change, SetAnswer):
            dumps(change.value, what)
        elif isinstance(change, SetFields):
            dumps(dict(change.fields), what)
            dumps(None if change.base is None else dict(change.base), what)


class _Save:
    """One save in progress: current states read once, then changed in memory and written."""

    def __init__(self, conn: Connection, author: Author, force: bool) -> None:
        self.conn = conn
        self.author = author
        self.force = force
        self.answers: dict[Key, AnswerState | None] = {}
        self.records: dict[Key, RecordState | None] = {}
        self.revs: list[dict[str, Any]] = []
        self.conflicts: list[Conflict] = []
        self.notes: list[str] = []
        self.restored: list[Key] = []
        self.at = now()

    def load(self, keys: set[Key]) -> None:
        by_response: dict[str, set[Key]] = {}
        for key in keys:
            by_response.setdefault(key[0], set()).add(key)
        latest: list[dt.datetime] = []
        for response_id, keyset in by_response.items():
            items = sorted({k[1] for k in keyset if k[2] is None})
            if items:
                for a in self.conn.execute(
                    sa.select(answers).where(
                        answers.c.response_id == response_id, answers.c.item_id.in_(items)
                    )
                ):
                    at = aware(a.updated_at)
                    latest.append(at)
                    self.answers[(response_id, a.item_id, None)] = AnswerState(
                        loads(a.value_json), a.revision, at, a.updated_by
                    )
            rec_items = sorted({k[1] for k in keyset if k[2] is not None})
            for item_id in rec_items:
                rows = self.conn.execute(
                    sa.select(records).where(
                        records.c.response_id == response_id, records.c.item_id == item_id
                    )
                )
                for r in rows:
                    at = aware(r.updated_at)
                    latest.append(at)
                    self.records[(response_id, item_id, r.record_id)] = RecordState(
                        loads(r.value_json),
                        r.position,
                        bool(r.deleted),
                        r.revision,
                        at,
                        r.updated_by,
                    )
        # times only move forward for a key, so replaying in time order is replaying in seq order
        if latest and max(latest) >= self.at:
            self.at = max(latest) + TICK

    def _add(self, key: Key, op: str, value: Any) -> dt.datetime:
        at = self.at + TICK * len(self.revs)
        self.revs.append(
            {
                "id": new_id(),
                "response_id": key[0],
                "item_id": key[1],
                "record_id": key[2],
                "op": op,
                "value_json": None if value is None else dumps(value, repr(key[1])),
                "author": self.author.name,
                "author_id": self.author.person_id,
                "created_at": at,
            }
        )
        return at

    def set_answer(self, change: SetAnswer) -> None:
        key = change_key(change)
        stored = self.answers.get(key)
        theirs = None if stored is None else stored.value
        if same(theirs, change.value):
            return
        revision = 0 if stored is None else stored.revision
        if not self.force and (change.base_revision or 0) != revision:
            base = self._value_at(key, change.base_revision or 0)
            if not same(theirs, base):
                assert stored is not None
                self.conflicts.append(
                    Conflict(
                        *key, None, theirs, change.value, base, stored.updated_by, stored.updated_at
                    )
                )
                return
        op = "clear" if change.value is None else "set"
        at = self._add(key, op, change.value)
        self.answers[key] = step_answer(
            stored, op, change.value, at, self.author.name, revision + 1
        )

    def _value_at(self, key: Key, revision: int) -> Any:
        """The value an answer had at ``revision`` (its n-th change in time order)."""
        if revision <= 0:
            return None
        row = self.conn.execute(
            sa.select(revisions.c.op, revisions.c.value_json)
            .where(
                revisions.c.response_id == key[0],
                revisions.c.item_id == key[1],
                revisions.c.record_id.is_(None),
            )
            .order_by(revisions.c.created_at, revisions.c.id)
            .offset(revision - 1)
            .limit(1)
        ).first()
        return None if row is None or row.op == "clear" else loads(row.value_json)

    def _record(self, key: Key, op: str, value: Any) -> None:
        at = self._add(key, op, value)
        self.records[key] = step_record(self.records.get(key), op, value, at, self.author.name)

    def _next_position(self, key: Key) -> float:
        places = [
            s.position
            for k, s in self.records.items()
            if s is not None and k[:2] == key[:2] and not s.deleted
        ]
        return max(places, default=0.0) + 1.0

    def set_fields(self, change: SetFields) -> None:
        key = change_key(change)
        stored = self.records.get(key)
        if stored is None:
            value: dict[str, Any] = {"fields": plain_fields(change.fields)}
            value["position"] = (
                change.position if change.position is not None else self._next_position(key)
            )
            self._record(key, "fields", value)
            return
        base = dict(change.base or {})
        applied: dict[str, Any] = {}
        for name, mine in change.fields.items():
            if name == "_id":
                continue
            was, theirs = base.get(name), stored.fields.get(name)
            if same(mine, was) or same(theirs, mine):
                continue
            if same(theirs, was):
                applied[name] = mine
                continue
            author, at = self._field_author(key, name, stored)
            self.conflicts.append(Conflict(*key, name, theirs, mine, was, author, at))
        value = {"fields": applied}
        if change.position is not None and change.position != stored.position:
            value["position"] = change.position
        if stored.deleted:
            self.restored.append(key)
            self.notes.append(
                t(
                    "store.brought_back",
                    item=repr(key[1]),
                    who=stored.updated_by or t("store.someone"),
                )
            )
        elif not applied and "position" not in value:
            return
        self._record(key, "fields", value)

    def _field_author(self, key: Key, name: str, stored: RecordState) -> tuple[str, dt.datetime]:
        """Who last set one field of a record, and when (from the log)."""
        rows = self.conn.execute(
            sa.select(revisions.c.value_json, revisions.c.author, revisions.c.created_at)
            .where(
                revisions.c.response_id == key[0],
                revisions.c.item_id == key[1],
                revisions.c.record_id == key[2],
                revisions.c.op == "fields",
            )
            .order_by(revisions.c.created_at.desc(), revisions.c.id.desc())
        )
        for row in rows:
            if name in (json.loads(row.value_json).get("fields") or {}):
                return row.author, aware(row.created_at)
        assert stored.updated_at is not None
        return stored.updated_by, stored.updated_at

    def delete(self, change: DeleteRecord) -> None:
        key = change_key(change)
        stored = self.records.get(key)
        if stored is None or stored.deleted:
            return
        if change.base_revision is not None and change.base_revision != stored.revision:
            self.notes.append(
                t(
                    "store.deleted_changed",
                    item=repr(key[1]),
                    who=stored.updated_by or t("store.someone"),
                )
            )
        self._record(key, "delete", None)

    def restore(self, change: RestoreRecord) -> None:
        key = change_key(change)
        stored = self.records.get(key)
        if stored is not None and stored.deleted:
            self._record(key, "restore", None)

    def move(self, change: MoveRecord) -> None:
        key = change_key(change)
        stored = self.records.get(key)
        if stored is not None and stored.position != change.position:
            self._record(key, "move", {"position": float(change.position)})


def _lock(conn: Connection, response_ids: set[str]) -> None:
    """Check the responses exist and hold their workspaces until commit (one round trip).

    On PostgreSQL two transactions may take seq 7 and 8 and commit 8 first; a poller that saw
    8 would never see 7. Holding the workspace row until commit rules that out (SQLite already
    has one writer at a time).
    """
    query = (
        sa.select(responses.c.id)
        .join(workspaces, workspaces.c.id == responses.c.workspace_id)
        .where(responses.c.id.in_(sorted(response_ids)))
        .order_by(workspaces.c.id)
    )
    if conn.dialect.name == "postgresql":
        query = query.with_for_update(of=workspaces)
    if len(conn.execute(query).all()) != len(response_ids):
        raise StoreError("cannot save: the response does not exist in this store")


def save(
    conn: Connection, changes: Sequence[Change], author: Author, *, force: bool = False
) -> SaveResult:
    """Apply ``changes`` in the caller's transaction; conflicts are returned, not written.

    ``force`` (legacy whole-value saves only): the last writer wins, no revision checks.
    """
    _check(changes, author)
    keys = {change_key(c) for c in changes}
    response_ids = {k[0] for k in keys}
    if response_ids:
        _lock(conn, response_ids)
    job = _Save(conn, author, force)
    job.load(keys)
    for change in changes:
        if isinstance(change, SetAnswer):
            job.set_answer(change)
        elif isinstance(change, SetFields):
            job.set_fields(change)
        elif isinstance(change, DeleteRecord):
            job.delete(change)
        elif isinstance(change, RestoreRecord):
            job.restore(change)
        else:
            job.move(change)
    return finish(conn, job, keys)


def finish(conn: Connection, job: _Save, keys: set[Key]) -> SaveResult:
    """Write the revisions and current states a save made; report revisions and the seq."""
    seq = 0
    touched = {(r["response_id"], r["item_id"], r["record_id"]) for r in job.revs}
    for rev in job.revs:
        inserted = conn.execute(revisions.insert().values(**rev)).inserted_primary_key
        assert inserted is not None
        seq = int(inserted[0])
    for key in touched:
        if key[2] is None:
            answer = job.answers[key]
            assert answer is not None
            write_answer(conn, key[0], key[1], answer)
        else:
            rec = job.records[key]
            assert rec is not None
            write_record(conn, key, rec)
    for response_id in {k[0] for k in touched}:
        conn.execute(responses.update().where(responses.c.id == response_id).values(last_seq=seq))
    result: dict[Key, int] = {}
    for key in keys:
        state: AnswerState | RecordState | None = (
            job.answers.get(key) if key[2] is None else job.records.get(key)
        )
        result[key] = 0 if state is None else state.revision
    if not job.revs:
        seq = _latest(conn, {k[0] for k in keys})
    return SaveResult(
        job.at, seq, result, tuple(job.conflicts), tuple(job.notes), tuple(job.restored)
    )


def _latest(conn: Connection, response_ids: set[str]) -> int:
    if not response_ids:
        return 0
    return int(
        conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(responses.c.last_seq), 0)).where(
                responses.c.id.in_(sorted(response_ids))
            )
        ).scalar_one()
    )
