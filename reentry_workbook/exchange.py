"""Export a workspace to a self-describing JSON file (format 2) and merge such files back in."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .errors import ExchangeError
from .messages import t
from .store import Store
from .store.fileformat import (
    FORMAT,
    FORMAT_VERSION,
    MAX_BYTES,
    ExportFile,
    parse_export,
    read_export,
)
from .store.files import write_all, write_private
from .store.merge import merge
from .store.report import ImportReport
from .store.rows import aware, loads
from .store.schema import people, responses, revisions, workspaces

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "ExportFile",
    "ImportReport",
    "export_text",
    "export_workspace",
    "import_export",
    "import_file",
    "parse_export",
    "read_export",
    "write_export",
]


def _iso(value: dt.datetime) -> str:
    return aware(value).isoformat(timespec="microseconds")


def export_workspace(store: Store, workspace_id: str) -> dict[str, Any]:
    """Everything saved in a workspace (by id), as plain data in the export format."""
    from . import __version__

    with store.reading() as conn:
        ws = conn.execute(sa.select(workspaces).where(workspaces.c.id == workspace_id)).first()
        if ws is None:
            raise ExchangeError(t("store.no_workspace"))
        folks = conn.execute(
            sa.select(people).where(people.c.workspace_id == ws.id).order_by(people.c.id)
        ).all()
        resp = conn.execute(
            sa.select(responses).where(responses.c.workspace_id == ws.id).order_by(responses.c.id)
        ).all()
        revs = conn.execute(
            sa.select(revisions)
            .join(responses, responses.c.id == revisions.c.response_id)
            .where(responses.c.workspace_id == ws.id)
            .order_by(revisions.c.created_at, revisions.c.id)
        ).all()
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
        "people": [
            {
                "id": p.id,
                "name": p.name,
                "role": p.role,
                "counted": bool(p.counted),
                "pseudonym": bool(p.pseudonym),
                "merged_into": p.merged_into,
                "created_at": _iso(p.created_at),
            }
            for p in folks
        ],
        "responses": [
            {
                "id": r.id,
                "subject": r.subject,
                "questionnaire_id": r.questionnaire_id,
                "template_version": r.template_version,
                "round": r.round,
                "created_at": _iso(r.created_at),
            }
            for r in resp
        ],
        "revisions": [
            {
                "id": v.id,
                "response_id": v.response_id,
                "item_id": v.item_id,
                "record_id": v.record_id,
                "op": v.op,
                "value": loads(v.value_json),
                "author": v.author,
                "author_id": v.author_id,
                "created_at": _iso(v.created_at),
            }
            for v in revs
        ],
    }


def export_text(store: Store, workspace_id: str) -> str:
    """The export as stable JSON text (same data, same bytes)."""
    return (
        json.dumps(
            export_workspace(store, workspace_id), indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
    )


def write_export(store: Store, workspace_id: str, dest: Path) -> Path:
    """Write the export to ``dest`` (0600, never through a symlink, complete or not at all)."""
    data = export_text(store, workspace_id).encode("utf-8")
    return write_private(dest, lambda fd: write_all(fd, data))


def import_export(
    store: Store,
    export: ExportFile,
    *,
    as_copy: bool = False,
    name: str | None = None,
    source: str = "<export>",
) -> ImportReport:
    """Merge a checked export into the store in one transaction (all or nothing)."""
    with store.writing() as conn:
        return merge(conn, export, source, as_copy=as_copy, new_name=name)


def import_file(
    store: Store, path: Path, *, as_copy: bool = False, name: str | None = None
) -> ImportReport:
    """Read, check and merge an export file (checked completely before anything is written)."""
    export = read_export(path)
    return import_export(store, export, as_copy=as_copy, name=name, source=str(path))
