"""Reading responses: a snapshot, the history of a response, and what changed since a seq."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from .rows import aware, loads
from .schema import answers, records, responses, revisions
from .types import AnswerChange, Changes, HistoryEntry, Rec, RecordChange, Snapshot, Versioned


def _rec(row: Any) -> Rec:
    return Rec(row.record_id, float(row.position), loads(row.value_json), int(row.revision))


def snapshot(conn: Connection, response_id: str) -> Snapshot:
    """The current answers and live records of a response, with its newest seq."""
    seq = conn.execute(
        sa.select(responses.c.last_seq).where(responses.c.id == response_id)
    ).scalar_one_or_none()
    if seq is None:
        raise StoreError("no such response in this store")
    plain = {
        a.item_id: Versioned(loads(a.value_json), int(a.revision))
        for a in conn.execute(sa.select(answers).where(answers.c.response_id == response_id))
        if a.value_json is not None
    }
    lists: dict[str, list[Rec]] = defaultdict(list)
    for r in conn.execute(
        sa.select(records)
        .where(records.c.response_id == response_id, records.c.deleted.is_(False))
        .order_by(records.c.item_id, records.c.position, records.c.record_id)
    ):
        lists[r.item_id].append(_rec(r))
    return Snapshot(response_id, plain, {k: tuple(v) for k, v in lists.items()}, int(seq))


def record_items(conn: Connection, response_id: str) -> set[str]:
    """Items of a response that are lists of records (some record exists, deleted or not)."""
    return set(
        conn.execute(
            sa.select(records.c.item_id).where(records.c.response_id == response_id).distinct()
        ).scalars()
    )


def history(
    conn: Connection, response_id: str, item_id: str | None = None, record_id: str | None = None
) -> list[HistoryEntry]:
    """Every change of a response (of one item, of one record), oldest first."""
    query = sa.select(revisions).where(revisions.c.response_id == response_id)
    if item_id is not None:
        query = query.where(revisions.c.item_id == item_id)
    if record_id is not None:
        query = query.where(revisions.c.record_id == record_id)
    return [
        HistoryEntry(
            int(r.seq),
            r.id,
            r.item_id,
            r.record_id,
            r.op,
            loads(r.value_json),
            r.author,
            r.author_id,
            aware(r.created_at),
        )
        for r in conn.execute(query.order_by(revisions.c.created_at, revisions.c.id))
    ]


def _scope(workspace_id: str, questionnaire_id: str | None) -> list[Any]:
    where = [responses.c.workspace_id == workspace_id]
    if questionnaire_id is not None:
        where.append(responses.c.questionnaire_id == questionnaire_id)
    return where


def latest_seq(conn: Connection, workspace_id: str, questionnaire_id: str | None = None) -> int:
    """The newest seq in a workspace (of one questionnaire): one indexed query."""
    return int(
        conn.execute(
            sa.select(sa.func.coalesce(sa.func.max(responses.c.last_seq), 0)).where(
                *_scope(workspace_id, questionnaire_id)
            )
        ).scalar_one()
    )


def changes_since(
    conn: Connection, workspace_id: str, questionnaire_id: str | None, seq: int
) -> Changes:
    """The current value of everything changed after ``seq``, and the seq to ask from next."""
    changed = conn.execute(
        sa.select(responses.c.id, responses.c.last_seq).where(
            *_scope(workspace_id, questionnaire_id), responses.c.last_seq > seq
        )
    ).all()
    if not changed:
        return Changes(seq, (), ())
    newest = max(int(r.last_seq) for r in changed)
    keys = conn.execute(
        sa.select(revisions.c.response_id, revisions.c.item_id, revisions.c.record_id)
        .where(
            revisions.c.response_id.in_(sorted(r.id for r in changed)),
            revisions.c.seq > seq,
            revisions.c.seq <= newest,
        )
        .distinct()
    ).all()
    plain_keys = {(k.response_id, k.item_id) for k in keys if k.record_id is None}
    rec_keys = {(k.response_id, k.item_id, k.record_id) for k in keys if k.record_id is not None}
    out_answers: list[AnswerChange] = []
    out_records: list[RecordChange] = []
    for response_id in sorted({k[0] for k in plain_keys}):
        items = sorted(k[1] for k in plain_keys if k[0] == response_id)
        for a in conn.execute(
            sa.select(answers).where(
                answers.c.response_id == response_id, answers.c.item_id.in_(items)
            )
        ):
            out_answers.append(
                AnswerChange(
                    response_id,
                    a.item_id,
                    loads(a.value_json),
                    int(a.revision),
                    a.updated_by,
                    aware(a.updated_at),
                )
            )
    for response_id, item_id in sorted({k[:2] for k in rec_keys}):
        wanted = sorted(k[2] for k in rec_keys if k[:2] == (response_id, item_id))
        for r in conn.execute(
            sa.select(records).where(
                records.c.response_id == response_id,
                records.c.item_id == item_id,
                records.c.record_id.in_(wanted),
            )
        ):
            out_records.append(
                RecordChange(
                    response_id,
                    item_id,
                    r.record_id,
                    None if r.deleted else _rec(r),
                    r.updated_by,
                    aware(r.updated_at),
                )
            )
    return Changes(newest, tuple(out_answers), tuple(out_records))


def rounds(conn: Connection, workspace_id: str, questionnaire_id: str) -> list[int]:
    """The rounds of personal answers a questionnaire has in a workspace."""
    return sorted(
        int(r)
        for r in conn.execute(
            sa.select(responses.c.round)
            .where(
                responses.c.workspace_id == workspace_id,
                responses.c.questionnaire_id == questionnaire_id,
                responses.c.subject != "plan",
            )
            .distinct()
        ).scalars()
    )
