"""Store version 2: one shared plan per workspace, people, keys, records, a sequenced log.

Revision ID: 0002
Revises: 0001

Data: respondents become people; responses of facilitators become the workspace's plan for
that questionnaire (several facilitators' lists merge record by record, newest field wins);
the others become personal responses; whole-list answers become records with their ``_id``;
revisions keep their ids, authors and times and get a ``seq``. The version-1 rows are read
into memory (a coalition's store is small) so the old tables can be dropped and the new ones
created with their final names and constraints on both SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

from reentry_workbook.names import name_key
from reentry_workbook.store import v1

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)
SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
UPGRADER = "store upgrade"


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _create_tables() -> dict[str, sa.Table]:
    t: dict[str, sa.Table] = {}
    t["workspaces"] = op.create_table(
        "rw_workspaces",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False, index=True),
        sa.Column("is_demo", sa.Boolean, nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    t["people"] = op.create_table(
        "rw_people",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("workspace_id", sa.String(36), sa.ForeignKey("rw_workspaces.id"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("counted", sa.Boolean, nullable=False),
        sa.Column("pseudonym", sa.Boolean, nullable=False),
        sa.Column("device_hash", sa.String(64), nullable=True),
        sa.Column("merged_into", sa.String(36), sa.ForeignKey("rw_people.id"), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Index("ix_rw_people_device", "workspace_id", "device_hash"),
    )
    op.create_index(
        "uq_rw_people_name",
        "rw_people",
        ["workspace_id", "name_key"],
        unique=True,
        sqlite_where=sa.text("merged_into IS NULL"),
        postgresql_where=sa.text("merged_into IS NULL"),
    )
    t["events"] = op.create_table(
        "rw_person_events",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "person_id", sa.String(36), sa.ForeignKey("rw_people.id"), nullable=False, index=True
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("old", sa.String(200), nullable=True),
        sa.Column("new", sa.String(200), nullable=True),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", TIME, nullable=False),
    )
    op.create_table(
        "rw_links",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "workspace_id",
            sa.String(36),
            sa.ForeignKey("rw_workspaces.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("person_id", sa.String(36), sa.ForeignKey("rw_people.id"), nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("revoked_at", TIME, nullable=True),
    )
    t["responses"] = op.create_table(
        "rw_responses",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("workspace_id", sa.String(36), sa.ForeignKey("rw_workspaces.id"), nullable=False),
        sa.Column("questionnaire_id", sa.String(64), nullable=False),
        sa.Column("subject", sa.String(36), nullable=False),
        sa.Column(
            "person_id", sa.String(36), sa.ForeignKey("rw_people.id"), nullable=True, index=True
        ),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("template_version", sa.String(20), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_seq", SEQ, nullable=False, server_default="0"),
        sa.UniqueConstraint(
            "workspace_id", "questionnaire_id", "subject", "round", name="uq_rw_responses_subject"
        ),
    )
    resp_fk = sa.ForeignKey("rw_responses.id")
    t["answers"] = op.create_table(
        "rw_answers",
        sa.Column("response_id", sa.String(36), resp_fk, primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("value_json", sa.Text, nullable=True),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    t["records"] = op.create_table(
        "rw_records",
        sa.Column("response_id", sa.String(36), sa.ForeignKey("rw_responses.id"), primary_key=True),
        sa.Column("item_id", sa.String(64), primary_key=True),
        sa.Column("record_id", sa.String(64), primary_key=True),
        sa.Column("position", sa.Float, nullable=False),
        sa.Column("value_json", sa.Text, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("updated_at", TIME, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=False),
    )
    t["revisions"] = op.create_table(
        "rw_revisions",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(36), nullable=False, unique=True),
        sa.Column("response_id", sa.String(36), sa.ForeignKey("rw_responses.id"), nullable=False),
        sa.Column("item_id", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(64), nullable=True),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("value_json", sa.Text, nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("author_id", sa.String(36), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
        sa.Index("ix_rw_revisions_response_seq", "response_id", "seq"),
        sa.Index("ix_rw_revisions_key", "response_id", "item_id", "record_id"),
        sqlite_autoincrement=True,
    )
    return t


def _read_v1(bind: sa.Connection) -> dict[str, v1.Converted]:
    """Every version-1 workspace, converted (see ``reentry_workbook.store.v1``)."""
    history: dict[str, list[v1.OldRevision]] = defaultdict(list)
    known: set[str] = set()
    for r in bind.execute(sa.select(v1.revisions)):
        known.add(r.id)
        value = None if r.value_json is None else json.loads(r.value_json)
        history[r.response_id].append(
            v1.OldRevision(r.id, r.item_id, value, r.author, _aware(r.created_at))
        )
    for a in bind.execute(sa.select(v1.answers)):
        if a.revision_id not in known:  # 119469d never left an answer without its revision
            value = None if a.value_json is None else json.loads(a.value_json)
            history[a.response_id].append(
                v1.OldRevision(a.revision_id, a.item_id, value, "", _aware(a.updated_at))
            )
    people: dict[str, list[v1.OldPerson]] = defaultdict(list)
    for p in bind.execute(sa.select(v1.respondents)):
        people[p.workspace_id].append(v1.OldPerson(p.id, p.name, p.role, _aware(p.created_at)))
    responses: dict[str, list[v1.OldResponse]] = defaultdict(list)
    for r in bind.execute(sa.select(v1.responses)):
        responses[r.workspace_id].append(
            v1.OldResponse(
                r.id,
                r.respondent_id,
                r.questionnaire_id,
                r.template_version,
                r.round,
                _aware(r.created_at),
                tuple(history[r.id]),
            )
        )
    return {
        w: v1.convert_workspace(w, people[w], responses[w])
        for w in bind.execute(sa.select(v1.workspaces.c.id)).scalars()
    }


def _replay_answer(revs: list[dict[str, Any]]) -> dict[str, Any]:
    last = revs[-1]
    return {
        "value_json": last["value_json"],
        "revision": len(revs),
        "updated_at": last["created_at"],
        "updated_by": last["author"],
    }


def _replay_record(revs: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    position, deleted = 0.0, False
    for rev in revs:
        value: dict[str, Any] = json.loads(rev["value_json"] or "{}")
        if rev["op"] == "fields":
            deleted = False
            for k, v in value["fields"].items():
                if v is None:
                    fields.pop(k, None)
                else:
                    fields[k] = v
            position = value.get("position", position)
        elif rev["op"] == "move":
            position = value["position"]
        elif rev["op"] in ("delete", "restore"):
            deleted = rev["op"] == "delete"
    last = revs[-1]
    return {
        "position": float(position),
        "deleted": deleted,
        "revision": len(revs),
        "value_json": json.dumps(fields, ensure_ascii=False, sort_keys=True),
        "updated_at": last["created_at"],
        "updated_by": last["author"],
    }


def upgrade() -> None:
    """Move every version-1 row into the version-2 tables."""
    bind = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    spaces = bind.execute(sa.select(v1.workspaces)).all()
    converted = _read_v1(bind)
    for table in ("rw_answers", "rw_revisions", "rw_responses", "rw_respondents", "rw_workspaces"):
        op.drop_table(table)
    t = _create_tables()

    def insert(table: sa.Table, rows: list[dict[str, Any]]) -> None:
        for start in range(0, len(rows), 500):
            bind.execute(table.insert(), rows[start : start + 500])

    insert(
        t["workspaces"],
        [
            {
                "id": w.id,
                "name": w.name,
                "name_key": name_key(w.name),
                "is_demo": bool(w.is_demo),
                "created_at": _aware(w.created_at),
            }
            for w in spaces
        ],
    )
    every = list(converted.values())
    insert(t["people"], [p for c in every for p in c.people])
    insert(
        t["events"],
        [
            {
                "id": str(uuid.uuid4()),
                "person_id": pid,
                "kind": "rename",
                "old": old,
                "new": new,
                "by": UPGRADER,
                "at": now,
            }
            for c in every
            for pid, old, new in c.renames
        ],
    )
    insert(t["responses"], [r for c in every for r in c.responses])
    rows = [
        {
            **{k: v for k, v in r.items() if k != "value"},
            "value_json": None
            if r["value"] is None
            else json.dumps(r["value"], ensure_ascii=False),
        }
        for c in every
        for r in c.revisions
    ]
    rows.sort(key=lambda r: (r["created_at"], r["id"]))  # seq follows time, as if saved so
    insert(t["revisions"], rows)

    keys: dict[tuple[str, str, str | None], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        keys[(row["response_id"], row["item_id"], row["record_id"])].append(row)
    answer_rows, record_rows = [], []
    for (response_id, item_id, record_id), revs in keys.items():
        base = {"response_id": response_id, "item_id": item_id}
        if record_id is None:
            answer_rows.append({**base, **_replay_answer(revs)})
        else:
            record_rows.append({**base, "record_id": record_id, **_replay_record(revs)})
    insert(t["answers"], answer_rows)
    insert(t["records"], record_rows)
    bind.execute(
        sa.text(
            "UPDATE rw_responses SET last_seq = (SELECT coalesce(max(seq), 0) FROM rw_revisions"
            " WHERE rw_revisions.response_id = rw_responses.id)"
        )
    )
    bind.execute(sa.text("UPDATE rw_meta SET value = '2' WHERE key = 'schema_version'"))


def downgrade() -> None:
    """Not supported: version 2 holds what version 1 cannot (people, records, keys)."""
    raise NotImplementedError("store version 2 cannot be turned back into version 1")
