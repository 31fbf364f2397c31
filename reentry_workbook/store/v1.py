"""Store version 1 (commit 119469d), frozen: its tables, and how its whole-value history becomes
version 2's record-by-record log. Used by migration 0002 and by the import of format-1 files;
never change what it produces, or two laptops upgrading the same data would stop agreeing."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from ..names import name_key
from .order import place

# Namespace of the ids derived while converting (same input, same ids, on every machine).
NAMESPACE = uuid.UUID("6b1f3c1e-6c3a-4e84-9a57-8d1b9f1e2a01")

metadata = sa.MetaData()
meta = sa.Table(
    "rw_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
workspaces = sa.Table(
    "rw_workspaces",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("is_demo", sa.Boolean, nullable=False, default=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
respondents = sa.Table(
    "rw_respondents",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(40), nullable=False, default="participant"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("workspace_id", "name"),
)
responses = sa.Table(
    "rw_responses",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("workspace_id", sa.ForeignKey("rw_workspaces.id"), nullable=False),
    sa.Column("respondent_id", sa.ForeignKey("rw_respondents.id"), nullable=False),
    sa.Column("questionnaire_id", sa.String(64), nullable=False),
    sa.Column("template_version", sa.String(20), nullable=False),
    sa.Column("round", sa.Integer, nullable=False, default=1),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("workspace_id", "respondent_id", "questionnaire_id", "round"),
)
answers = sa.Table(
    "rw_answers",
    metadata,
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), primary_key=True),
    sa.Column("item_id", sa.String(64), primary_key=True),
    sa.Column("value_json", sa.Text, nullable=True),
    sa.Column("revision_id", sa.String(36), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
revisions = sa.Table(
    "rw_revisions",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("response_id", sa.ForeignKey("rw_responses.id"), nullable=False, index=True),
    sa.Column("item_id", sa.String(64), nullable=False),
    sa.Column("value_json", sa.Text, nullable=True),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class OldRevision:
    """A version-1 change: the whole new value of an item."""

    id: str
    item_id: str
    value: Any
    author: str
    created_at: dt.datetime


@dataclass(frozen=True)
class NewRevision:
    """A version-2 change: one answer, or one record of a list."""

    id: str
    item_id: str
    record_id: str | None
    op: str
    value: Any
    author: str
    created_at: dt.datetime


def is_table_value(value: Any) -> bool:
    """A version-1 list item's value: a non-empty list of records (mappings)."""
    return isinstance(value, list) and bool(value) and all(isinstance(r, dict) for r in value)


def table_items(history: Iterable[OldRevision]) -> set[str]:
    """Items that held a list of records at least once (so [] and None empty the list)."""
    return {r.item_id for r in history if is_table_value(r.value)}


def derived_id(base: str, *parts: str) -> str:
    """A stable id derived from another (the same on every machine)."""
    return str(uuid.uuid5(NAMESPACE, "/".join((base, *parts))))


def record_ids(source: str, item_id: str, rows: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    """Each row's record id (its ``_id``, else one derived from its place) and its fields."""
    out: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            continue
        given = row.get("_id")
        rid = (
            str(given)[:64] if given not in (None, "") else derived_id(source, item_id, str(index))
        )
        if rid in seen:  # a duplicated _id: the later copy becomes a record of its own
            rid = derived_id(source, item_id, rid, str(index))
        seen.add(rid)
        fields = {k: v for k, v in row.items() if k != "_id" and v is not None}
        out.append((rid, fields))
    return out


class _ListState:
    """One list item of one version-1 response while its history is converted."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, Any]] = {}
        self.live: dict[str, float] = {}

    def diff(self, source: str, item_id: str, rows: list[Any]) -> list[tuple[str, str, Any]]:
        wanted = record_ids(source, item_id, rows)
        moved = place([rid for rid, _ in wanted], self.live)
        ops: list[tuple[str, str, Any]] = []
        for rid, fields in wanted:
            old = self.fields.get(rid)
            if old is None:
                ops.append((rid, "fields", {"fields": fields, "position": moved[rid]}))
            else:
                changed = {
                    k: fields.get(k)
                    for k in sorted(set(old) | set(fields))
                    if old.get(k) != fields.get(k)
                }
                value: dict[str, Any] = {"fields": changed}
                if rid in moved:
                    value["position"] = moved[rid]
                if changed or rid in moved or rid not in self.live:
                    ops.append((rid, "fields", value))
            self.fields[rid] = fields
            self.live[rid] = moved.get(rid, self.live.get(rid, 0.0))
        keep = {rid for rid, _ in wanted}
        for rid in [r for r in self.live if r not in keep]:
            ops.append((rid, "delete", None))
            del self.live[rid]
        return ops


def convert(source: str, history: Sequence[OldRevision], tables: set[str]) -> list[NewRevision]:
    """One version-1 response's history (oldest first) as version-2 revisions.

    ``source`` is the version-1 response id (seeds derived ids). A list value is compared with
    the previous list of the same response: new and changed records, moves and deletes each
    become a revision. The first revision made from an old one keeps its id.
    """
    lists: dict[str, _ListState] = {}
    out: list[NewRevision] = []
    for old in history:
        if old.item_id in tables and (old.value is None or isinstance(old.value, list)):
            state = lists.setdefault(old.item_id, _ListState())
            ops = state.diff(source, old.item_id, old.value or [])
            for n, (rid, op, value) in enumerate(ops):
                rev_id = old.id if n == 0 else derived_id(old.id, rid)
                out.append(
                    NewRevision(rev_id, old.item_id, rid, op, value, old.author, old.created_at)
                )
            continue
        op = "clear" if old.value is None else "set"
        out.append(
            NewRevision(old.id, old.item_id, None, op, old.value, old.author, old.created_at)
        )
    return out


@dataclass(frozen=True)
class OldPerson:
    """A version-1 respondent."""

    id: str
    name: str
    role: str
    created_at: dt.datetime


@dataclass(frozen=True)
class OldResponse:
    """A version-1 response with its history (any order)."""

    id: str
    respondent_id: str
    questionnaire_id: str
    template_version: str
    round: int
    created_at: dt.datetime
    revisions: tuple[OldRevision, ...]


@dataclass
class Converted:
    """A version-1 workspace in version-2 rows (plain dicts named like the v2 columns)."""

    people: list[dict[str, Any]] = field(default_factory=list)
    renames: list[tuple[str, str, str]] = field(default_factory=list)  # (person id, old, new)
    responses: list[dict[str, Any]] = field(default_factory=list)
    revisions: list[dict[str, Any]] = field(default_factory=list)  # "value": plain data


def convert_workspace(
    workspace_id: str, people: Sequence[OldPerson], responses: Sequence[OldResponse]
) -> Converted:
    """One version-1 workspace as version 2.

    Respondents become people (a name whose key another already has gets " (2)"); the
    responses of facilitators become the workspace's plan per questionnaire (the oldest id is
    kept; their lists merge record by record when replayed, newest field wins); the others
    become personal responses; every history is converted with :func:`convert`.
    """
    out = Converted()
    used: set[str] = set()
    person: dict[str, dict[str, Any]] = {}
    for p in sorted(people, key=lambda p: (p.created_at, p.id)):
        role = "facilitator" if p.role == "facilitator" else "participant"
        name, n = p.name, 1
        while name_key(name) in used:  # "Dana" and "dana" were two respondents
            n += 1
            name = f"{p.name[:190]} ({n})"
        if name != p.name:
            out.renames.append((p.id, p.name, name))
        used.add(name_key(name))
        person[p.id] = {
            "id": p.id,
            "workspace_id": workspace_id,
            "name": name,
            "name_key": name_key(name),
            "role": role,
            "counted": role == "participant",
            "pseudonym": False,
            "device_hash": None,
            "merged_into": None,
            "created_at": p.created_at,
        }
        out.people.append(person[p.id])
    by_name = {p.name: p.id for p in people}
    by_id = {p.id: p.name for p in people}
    plans: dict[str, str] = {}
    for r in sorted(responses, key=lambda r: (r.created_at, r.id)):
        who = person[r.respondent_id]
        target = r.id
        if who["role"] == "facilitator":
            target = plans.setdefault(r.questionnaire_id, r.id)
        if target == r.id:
            plan = who["role"] == "facilitator"
            out.responses.append(
                {
                    "id": r.id,
                    "workspace_id": workspace_id,
                    "questionnaire_id": r.questionnaire_id,
                    "subject": "plan" if plan else r.respondent_id,
                    "person_id": None if plan else r.respondent_id,
                    "round": 0 if plan else r.round,
                    "template_version": r.template_version,
                    "created_at": r.created_at,
                }
            )
        history = sorted(r.revisions, key=lambda v: (v.created_at, v.id))
        for rev in convert(r.id, history, table_items(history)):
            author_id = (
                r.respondent_id if rev.author == by_id[r.respondent_id] else by_name.get(rev.author)
            )
            out.revisions.append(
                {
                    "id": rev.id,
                    "response_id": target,
                    "item_id": rev.item_id,
                    "record_id": rev.record_id,
                    "op": rev.op,
                    "value": rev.value,
                    "author": rev.author,
                    "author_id": author_id,
                    "created_at": rev.created_at,
                }
            )
    out.revisions.sort(key=lambda v: (v["created_at"], v["id"]))
    return out
