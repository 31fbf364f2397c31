"""Export a workspace to a self-describing JSON file and merge such files back in."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import sqlalchemy as sa
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .answers import validate_answers
from .errors import ExchangeError, ReentryWorkbookError
from .store import Store, answers, respondents, responses, revisions, workspaces
from .templates import find_shipped

FORMAT = "reentry-workbook-export"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 50_000_000

Uuid = Annotated[
    str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RevisionOut(_Strict):
    """One saved change."""

    id: Uuid
    item_id: Annotated[str, Field(max_length=64)]
    value: Any = None
    author: Annotated[str, Field(max_length=200)]
    created_at: dt.datetime


class ResponseOut(_Strict):
    """One respondent's answers to one questionnaire, with their history."""

    id: Uuid
    respondent_id: Uuid
    questionnaire_id: Annotated[str, Field(max_length=64)]
    template_version: Annotated[str, Field(max_length=20)]
    round: Annotated[int, Field(ge=1, le=1000)]
    created_at: dt.datetime
    revisions: list[RevisionOut]


class RespondentOut(_Strict):
    """A person (or anonymous participant) who answers."""

    id: Uuid
    name: Name
    role: Annotated[str, Field(max_length=40)]
    created_at: dt.datetime


class WorkspaceOut(_Strict):
    """A coalition's workspace."""

    id: Uuid
    name: Name
    is_demo: bool
    created_at: dt.datetime


class ExportFile(_Strict):
    """The whole export file."""

    format: str
    format_version: int
    generator: str
    workspace: WorkspaceOut
    respondents: list[RespondentOut]
    responses: list[ResponseOut]


def _iso(value: dt.datetime) -> str:
    if value.tzinfo is None:  # SQLite gives naive datetimes back; they were stored as UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def export_workspace(store: Store, workspace: str) -> dict[str, Any]:
    """Everything saved in a workspace, as plain data in the export format."""
    from . import __version__

    with store.engine.connect() as conn:
        ws = conn.execute(sa.select(workspaces).where(workspaces.c.name == workspace)).first()
        if ws is None:
            raise ExchangeError(f"no workspace named {workspace!r} in {store.location}")
        people = conn.execute(
            sa.select(respondents)
            .where(respondents.c.workspace_id == ws.id)
            .order_by(respondents.c.id)
        ).all()
        resp_rows = conn.execute(
            sa.select(responses).where(responses.c.workspace_id == ws.id).order_by(responses.c.id)
        ).all()
        revs: dict[str, list] = {}
        for r in conn.execute(
            sa.select(revisions)
            .where(revisions.c.response_id.in_([r.id for r in resp_rows]))
            .order_by(revisions.c.created_at, revisions.c.id)
        ):
            revs.setdefault(r.response_id, []).append(r)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generator": f"reentry-workbook {__version__}",
        "workspace": {
            "id": ws.id,
            "name": ws.name,
            "is_demo": bool(ws.is_demo),
            "created_at": _iso(ws.created_at),
        },
        "respondents": [
            {"id": p.id, "name": p.name, "role": p.role, "created_at": _iso(p.created_at)}
            for p in people
        ],
        "responses": [
            {
                "id": r.id,
                "respondent_id": r.respondent_id,
                "questionnaire_id": r.questionnaire_id,
                "template_version": r.template_version,
                "round": r.round,
                "created_at": _iso(r.created_at),
                "revisions": [
                    {
                        "id": v.id,
                        "item_id": v.item_id,
                        "value": None if v.value_json is None else json.loads(v.value_json),
                        "author": v.author,
                        "created_at": _iso(v.created_at),
                    }
                    for v in revs.get(r.id, [])
                ],
            }
            for r in resp_rows
        ],
    }


def export_text(store: Store, workspace: str) -> str:
    """The export as stable JSON text (same data, same bytes)."""
    return json.dumps(
        export_workspace(store, workspace), indent=2, sort_keys=True, ensure_ascii=False
    )


@dataclass
class ImportReport:
    """What an import added, what it already had, and where two copies disagreed."""

    workspace: str
    added_respondents: int = 0
    added_responses: int = 0
    added_revisions: int = 0
    duplicate_revisions: int = 0
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph for people."""
        lines = [
            f"Imported into workspace {self.workspace!r}: {self.added_respondents} respondent(s), "
            f"{self.added_responses} response(s), {self.added_revisions} change(s) added; "
            f"{self.duplicate_revisions} change(s) were already here."
        ]
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} answer(s) differed; the most recent was kept:")
            lines.extend(f"  - {c}" for c in self.conflicts)
        return "\n".join(lines)


def read_export(path: Path) -> ExportFile:
    """Read and check an export file; raise ExchangeError saying what is wrong and where."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ExchangeError(f"{path}: {size:,} bytes is larger than the 50 MB import limit")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ExchangeError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ExchangeError(f"{path}: cannot read the file: {exc.strerror}") from None
    return parse_export(text, str(path))


def parse_export(text: str, name: str = "<export>") -> ExportFile:
    """Check export text (format, version, structure)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        opened = text.count("{") + text.count("[") - text.count("}") - text.count("]")
        cut = exc.pos >= len(text.rstrip()) - 1 or opened > 0 or exc.msg.startswith("Unterminated")
        hint = " (the file looks cut short)" if cut else ""
        raise ExchangeError(
            f"{name}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}{hint}"
        ) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExchangeError(f"{name}: not a reentry-workbook export (no 'format': '{FORMAT}')")
    version = data.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise ExchangeError(
            f"{name}: export format version {version!r} is newer than this reentry-workbook "
            f"reads ({FORMAT_VERSION}); upgrade reentry-workbook"
        )
    try:
        export = ExportFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[:5]
        where = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in first)
        raise ExchangeError(f"{name}: {where}") from None
    _check_answers(export, name)
    return export


def _check_answers(export: ExportFile, name: str) -> None:
    people = {p.id for p in export.respondents}
    for r, resp in enumerate(export.responses):
        if resp.respondent_id not in people:
            raise ExchangeError(
                f"{name}: responses[{r}] names a respondent that is not in the file"
            )
        q = find_shipped(resp.questionnaire_id)
        if q is None:
            raise ExchangeError(
                f"{name}: responses[{r}] is for unknown questionnaire {resp.questionnaire_id!r}"
            )
        for v, rev in enumerate(resp.revisions):
            try:
                if rev.value is not None:
                    validate_answers(q, {rev.item_id: rev.value})
            except ReentryWorkbookError as exc:
                raise ExchangeError(f"{name}: responses[{r}].revisions[{v}]: {exc}") from None


def import_export(store: Store, export: ExportFile) -> ImportReport:
    """Merge an export into the store in one transaction (all or nothing)."""
    ws = export.workspace
    report = ImportReport(ws.name)
    with store.transaction() as conn:
        local = conn.execute(
            sa.select(workspaces).where(
                sa.or_(workspaces.c.id == ws.id, workspaces.c.name == ws.name)
            )
        ).first()
        if local is None:
            conn.execute(workspaces.insert().values(**ws.model_dump()))
            ws_id = ws.id
        else:
            if bool(local.is_demo) != ws.is_demo:
                raise ExchangeError(
                    f"workspace {ws.name!r} here holds {'demo' if local.is_demo else 'real'} data "
                    "and the file the other kind; demo and real data never mix"
                )
            ws_id = local.id
        person_ids = {p.id: _merge_respondent(conn, ws_id, p, report) for p in export.respondents}
        for resp in export.responses:
            resp_id = _merge_response(conn, ws_id, person_ids[resp.respondent_id], resp, report)
            _merge_revisions(conn, resp_id, resp, report)
    return report


def _merge_respondent(
    conn: sa.Connection, ws_id: str, p: RespondentOut, report: ImportReport
) -> str:
    found = conn.execute(
        sa.select(respondents.c.id).where(
            sa.or_(
                respondents.c.id == p.id,
                sa.and_(respondents.c.workspace_id == ws_id, respondents.c.name == p.name),
            )
        )
    ).scalar_one_or_none()
    if found is not None:
        return found
    conn.execute(respondents.insert().values(workspace_id=ws_id, **p.model_dump()))
    report.added_respondents += 1
    return p.id


def _merge_response(
    conn: sa.Connection, ws_id: str, person_id: str, resp: ResponseOut, report: ImportReport
) -> str:
    found = conn.execute(
        sa.select(responses.c.id).where(
            sa.or_(
                responses.c.id == resp.id,
                sa.and_(
                    responses.c.workspace_id == ws_id,
                    responses.c.respondent_id == person_id,
                    responses.c.questionnaire_id == resp.questionnaire_id,
                    responses.c.round == resp.round,
                ),
            )
        )
    ).scalar_one_or_none()
    if found is not None:
        return found
    conn.execute(
        responses.insert().values(
            workspace_id=ws_id,
            respondent_id=person_id,
            **resp.model_dump(exclude={"revisions", "respondent_id"}),
        )
    )
    report.added_responses += 1
    return resp.id


def _merge_revisions(
    conn: sa.Connection, resp_id: str, resp: ResponseOut, report: ImportReport
) -> None:
    known = set(
        conn.execute(sa.select(revisions.c.id).where(revisions.c.response_id == resp_id)).scalars()
    )
    touched: set[str] = set()
    before = {
        r.item_id: r.value_json
        for r in conn.execute(
            sa.select(answers.c.item_id, answers.c.value_json).where(
                answers.c.response_id == resp_id
            )
        )
    }
    for rev in resp.revisions:
        if rev.id in known:
            report.duplicate_revisions += 1
            continue
        conn.execute(
            revisions.insert().values(
                id=rev.id,
                response_id=resp_id,
                item_id=rev.item_id,
                value_json=None if rev.value is None else json.dumps(rev.value, ensure_ascii=False),
                author=rev.author,
                created_at=rev.created_at,
            )
        )
        report.added_revisions += 1
        touched.add(rev.item_id)
    for item_id in sorted(touched):
        latest = conn.execute(
            sa.select(revisions)
            .where(revisions.c.response_id == resp_id, revisions.c.item_id == item_id)
            .order_by(revisions.c.created_at.desc(), revisions.c.id.desc())
            .limit(1)
        ).first()
        assert latest is not None
        theirs = next((v for v in reversed(resp.revisions) if v.item_id == item_id), None)
        mine = before.get(item_id, "<none>")
        if item_id in before and theirs is not None:
            their_json = (
                None if theirs.value is None else json.dumps(theirs.value, ensure_ascii=False)
            )
            if their_json != mine:
                report.conflicts.append(f"{resp.questionnaire_id} / {item_id}")
        conn.execute(
            answers.delete().where(answers.c.response_id == resp_id, answers.c.item_id == item_id)
        )
        conn.execute(
            answers.insert().values(
                response_id=resp_id,
                item_id=item_id,
                value_json=latest.value_json,
                revision_id=latest.id,
                updated_at=latest.created_at,
            )
        )
