"""Import: a checked export file merged into its own workspace (by id only), or added as a copy.

Merging is a union of revisions (deduplicated by id), then every touched answer and record is
rebuilt by replaying its revisions in time order. All in one transaction: a refusal changes
nothing.
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import ExchangeError, StoreError
from ..messages import t
from ..names import clean_name, name_key
from . import access, replay
from .fileformat import ExportFile
from .report import ImportReport
from .rows import aware, loads, lock_workspaces, same
from .schema import people, responses, revisions, workspaces
from .types import Key

COPY = " (copy)"


def _chunks(ids: Sequence[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def _foreign(conn: Connection, query: Any, ids: list[str], part: str, name: str) -> None:
    """Refuse when an id of the file belongs to another workspace here (``query`` finds them)."""
    found: set[str] = set()
    for chunk in _chunks(ids):
        found |= set(conn.execute(query(chunk)).scalars())
    if found:
        n = next(n for n, i in enumerate(ids) if i in found)
        raise ExchangeError(
            f"{name}: {part}[{n}].id: ids belong to another workspace here; use --as-copy"
        )


def _copy_ids(export: ExportFile, name: str | None) -> ExportFile:
    """The same file with new ids everywhere (record ids stay: they live inside a response)."""
    new: dict[str, str] = defaultdict(lambda: str(uuid.uuid4()))
    ws = export.workspace.model_copy(
        update={
            "id": new[export.workspace.id],
            "name": name or export.workspace.name[: 200 - len(COPY)] + COPY,
        }
    )
    moved_people = [
        p.model_copy(update={"id": new[p.id], "merged_into": p.merged_into and new[p.merged_into]})
        for p in export.people
    ]
    moved_responses = [
        r.model_copy(
            update={"id": new[r.id], "subject": "plan" if r.subject == "plan" else new[r.subject]}
        )
        for r in export.responses
    ]
    moved_revs = [
        v.model_copy(
            update={
                "id": new[v.id],
                "response_id": new[v.response_id],
                "author_id": v.author_id and new[v.author_id],
            }
        )
        for v in export.revisions
    ]
    return export.model_copy(
        update={
            "workspace": ws,
            "people": moved_people,
            "responses": moved_responses,
            "revisions": moved_revs,
        }
    )


def _workspace(conn: Connection, export: ExportFile, report: ImportReport, name: str) -> None:
    ws = export.workspace
    row = conn.execute(sa.select(workspaces).where(workspaces.c.id == ws.id)).first()
    if row is None:
        try:
            clean = clean_name(ws.name, "workspace")
        except StoreError as exc:
            raise ExchangeError(f"{name}: workspace.name: {exc}") from None
        conn.execute(
            workspaces.insert().values(
                id=ws.id,
                name=clean,
                name_key=name_key(clean),
                is_demo=ws.is_demo,
                created_at=ws.created_at,
            )
        )
        report.workspace = clean
        return
    if bool(row.is_demo) != ws.is_demo:
        here, there = ("demo", "real") if row.is_demo else ("real", "demo")
        raise ExchangeError(t("store.import.demo_mix", name=name, there=there, here=here))
    lock_workspaces(conn, {ws.id})
    report.workspace = row.name
    if row.name != ws.name:
        report.name_note = t("store.import.renamed", theirs=repr(ws.name), ours=repr(row.name))


def _people(
    conn: Connection, export: ExportFile, report: ImportReport, name: str
) -> dict[str, str]:
    ws_id = export.workspace.id
    local = {r.id: r for r in conn.execute(sa.select(people).where(people.c.workspace_id == ws_id))}
    by_key = {r.name_key: r.id for r in local.values() if r.merged_into is None}
    mapped: dict[str, str] = {}
    ordered = sorted(export.people, key=lambda p: p.merged_into is not None)
    for p in ordered:
        if p.id in local:
            mapped[p.id] = access.surviving(conn, p.id)
            continue
        try:
            clean = clean_name(p.name, "person")
        except StoreError as exc:
            raise ExchangeError(f"{name}: people[{export.people.index(p)}].name: {exc}") from None
        key = name_key(clean)
        if p.merged_into is None and key in by_key:  # the same person, added on both sides
            mapped[p.id] = by_key[key]
            continue
        merged_into = None if p.merged_into is None else mapped.get(p.merged_into)
        conn.execute(
            people.insert().values(
                id=p.id,
                workspace_id=ws_id,
                name=clean,
                name_key=key,
                role=p.role,
                counted=p.counted,
                pseudonym=p.pseudonym,
                merged_into=merged_into,
                created_at=p.created_at,
            )
        )
        if merged_into is None:
            by_key[key] = p.id
        mapped[p.id] = p.id if merged_into is None else merged_into
        report.people_added += 1
    return mapped


def _responses(
    conn: Connection, export: ExportFile, who: dict[str, str], report: ImportReport, name: str
) -> dict[str, str]:
    ws_id = export.workspace.id
    local = conn.execute(sa.select(responses).where(responses.c.workspace_id == ws_id)).all()
    by_id = {r.id: r for r in local}
    by_slot = {(r.questionnaire_id, r.subject, r.round): r.id for r in local}
    mapped: dict[str, str] = {}
    for n, r in enumerate(export.responses):
        subject = "plan" if r.subject == "plan" else who[r.subject]
        slot = (r.questionnaire_id, subject, r.round)
        if r.id in by_id:
            mine = by_id[r.id]
            if (mine.questionnaire_id, mine.subject, mine.round) != slot:
                raise ExchangeError(
                    f"{name}: responses[{n}].id: this id is another response here "
                    "(different questionnaire, person or round)"
                )
            mapped[r.id] = r.id
        elif slot in by_slot:
            mapped[r.id] = by_slot[slot]  # made on both laptops: one response here
        else:
            conn.execute(
                responses.insert().values(
                    id=r.id,
                    workspace_id=ws_id,
                    questionnaire_id=r.questionnaire_id,
                    subject=subject,
                    person_id=None if subject == "plan" else subject,
                    round=r.round,
                    template_version=r.template_version,
                    created_at=r.created_at,
                )
            )
            by_slot[slot] = mapped[r.id] = r.id
            report.responses_added += 1
    return mapped


def _state(conn: Connection, keys: set[Key]) -> dict[Key, Any]:
    return replay.current(conn, {k[0] for k in keys})


def _revisions(
    conn: Connection,
    export: ExportFile,
    where: dict[str, str],
    who: dict[str, str],
    report: ImportReport,
    name: str,
) -> tuple[set[Key], set[str]]:
    known: dict[str, Any] = {}
    ids = [v.id for v in export.revisions]
    for chunk in _chunks(ids):
        for found in conn.execute(sa.select(revisions).where(revisions.c.id.in_(chunk))):
            known[found.id] = found
    rows: list[dict[str, Any]] = []
    for n, v in enumerate(export.revisions):
        row: dict[str, Any] = {
            "id": v.id,
            "response_id": where[v.response_id],
            "item_id": v.item_id,
            "record_id": v.record_id,
            "op": v.op,
            "value_json": None if v.value is None else json.dumps(v.value, ensure_ascii=False),
            "author": v.author,
            "author_id": v.author_id and who.get(v.author_id, v.author_id),
            "created_at": v.created_at,
        }
        mine = known.get(v.id)
        if mine is None:
            rows.append(row)
            continue
        same_change = (
            mine.response_id == row["response_id"]
            and mine.item_id == v.item_id
            and mine.record_id == v.record_id
            and mine.op == v.op
            and same(loads(mine.value_json), v.value)
            and aware(mine.created_at) == v.created_at
        )
        if not same_change:
            raise ExchangeError(f"{name}: revisions[{n}].id: already here with other content")
        report.revisions_known += 1
    rows.sort(key=lambda r: (r["created_at"], r["id"]))
    for start in range(0, len(rows), 500):
        conn.execute(revisions.insert(), rows[start : start + 500])
    report.revisions_added = len(rows)
    return {(r["response_id"], r["item_id"], r["record_id"]) for r in rows}, {r["id"] for r in rows}


def _both_sides(
    conn: Connection, keys: set[Key], file_ids: set[str], added: set[str], qid: dict[str, str]
) -> list[str]:
    """Fields (and answers) that the file and this store each changed without the other."""
    found: list[str] = []
    for key in sorted(keys, key=lambda k: (k[0], k[1], k[2] or "")):
        history = replay_rows(conn, key)
        changed: dict[str, dict[bool, Any]] = defaultdict(dict)
        for rev in history:
            if rev.id in file_ids and rev.id not in added:
                continue  # history both sides already shared
            side = rev.id in added
            if key[2] is None:
                changed[""][side] = rev
            elif rev.op == "fields":
                for f in loads(rev.value_json).get("fields") or {}:
                    changed[f][side] = rev
        for f, sides in sorted(changed.items()):
            if len(sides) == 2:
                last = max(sides.values(), key=lambda r: (aware(r.created_at), r.id))
                what = f"{qid[key[0]]} / {key[1]}" + (f" / {key[2]} / {f}" if key[2] else "")
                found.append(
                    f"{what}: kept {last.author or 'someone'}'s change of "
                    f"{aware(last.created_at).isoformat(timespec='seconds')}"
                )
    return found


def replay_rows(conn: Connection, key: Key) -> list[Any]:
    """A key's revisions in replay order."""
    query = sa.select(revisions).where(
        revisions.c.response_id == key[0], revisions.c.item_id == key[1]
    )
    query = query.where(
        revisions.c.record_id.is_(None) if key[2] is None else revisions.c.record_id == key[2]
    )
    return list(conn.execute(query.order_by(revisions.c.created_at, revisions.c.id)).all())


def merge(
    conn: Connection,
    export: ExportFile,
    name: str,
    *,
    as_copy: bool = False,
    new_name: str | None = None,
) -> ImportReport:
    """Merge a checked export into this store, in the caller's transaction."""
    if as_copy:
        export = _copy_ids(export, new_name)
    elif new_name is not None:
        raise ExchangeError("--name goes with --as-copy")
    ws = export.workspace
    report = ImportReport(ws.name, ws.id, as_copy=as_copy)
    for table, part in ((people, "people"), (responses, "responses")):
        _foreign(
            conn,
            lambda chunk, t=table: sa.select(t.c.id).where(
                t.c.id.in_(chunk), t.c.workspace_id != ws.id
            ),
            [x.id for x in getattr(export, part)],
            part,
            name,
        )
    rev_ids = [v.id for v in export.revisions]
    _foreign(
        conn,
        lambda chunk: (
            sa.select(revisions.c.id)
            .join(responses, responses.c.id == revisions.c.response_id)
            .where(revisions.c.id.in_(chunk), responses.c.workspace_id != ws.id)
        ),
        rev_ids,
        "revisions",
        name,
    )
    _workspace(conn, export, report, name)
    who = _people(conn, export, report, name)
    where = _responses(conn, export, who, report, name)
    keys = {(where[v.response_id], v.item_id, v.record_id) for v in export.revisions}
    before = _state(conn, keys)
    touched, added = _revisions(conn, export, where, who, report, name)
    replay.rebuild(conn, touched)
    replay.bump_last_seq(conn, {k[0] for k in touched})
    after = _state(conn, touched)
    for key in touched:
        old, new = before.get(key), after[key]
        if key[2] is None:
            report.answers_changed += old is None or not same(old[0], new[0])
        elif old is None or old[2]:
            report.records_added += not new[2]
        elif new[2]:
            report.records_deleted += 1
        elif not same(old[:2], new[:2]):
            report.records_changed += 1
    qid = dict(
        conn.execute(
            sa.select(responses.c.id, responses.c.questionnaire_id).where(
                responses.c.workspace_id == ws.id
            )
        ).all()
    )
    if not as_copy:
        report.both_changed = _both_sides(conn, touched, set(rev_ids), added, qid)
    else:
        report.keys = {
            "facilitator": access.issue(conn, ws.id, "facilitator"),
            "participant": access.issue(conn, ws.id, "participant"),
        }
    return report
