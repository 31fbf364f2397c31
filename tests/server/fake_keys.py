"""A stand-in for the store's workspace keys (until store v2 lands): a JSON file of key hashes.

The browser tests' server process loads it with ``serve --keys-backend
tests.server.fake_keys:from_env``; tests add keys to the same file from outside.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import unicodedata
import uuid
from pathlib import Path
from typing import Any

from reentry_workbook.errors import ReentryWorkbookError
from reentry_workbook.server.access import Created, Grant, LinkDenied, required_progress

ENV = "REENTRY_WORKBOOK_FAKE_KEYS"
log = logging.getLogger("reentry_workbook.store")


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _clean(name: str, what: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise ReentryWorkbookError(f"the {what} needs a name")
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name):
        raise ReentryWorkbookError(f"the {what} contains characters that cannot be shown")
    return name


class FileKeys:
    """``WorkspaceKeys`` kept in a JSON file, re-read on every call."""

    location = "the test key file"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.calls: list[str] = []
        if not self.path.exists():
            self._save({"keys": {}, "workspaces": {}, "answers": {}})

    def _load(self) -> dict[str, Any]:
        return json.loads(self.path.read_text(encoding="utf-8"))

    def _save(self, data: dict[str, Any]) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(self.path)

    def add(self, name: str, role: str = "facilitator", key: str | None = None) -> str:
        """A key for workspace ``name`` (created if needed) with ``role``."""
        data = self._load()
        ws_id = next((i for i, n in data["workspaces"].items() if n == name), None)
        if ws_id is None:
            ws_id = str(uuid.uuid4())
            data["workspaces"][ws_id] = name
        key = key or secrets.token_urlsafe(18)
        data["keys"][_hash(key)] = {"workspace_id": ws_id, "role": role}
        self._save(data)
        return key

    def set_answers(self, workspace_id: str, page: str, answers: dict[str, Any]) -> None:
        """Plan answers used for the index page's progress."""
        data = self._load()
        data["answers"][f"{workspace_id}/{page}"] = answers
        self._save(data)

    def check(self, key: str) -> Grant:
        self.calls.append("check")
        found = self._load()["keys"].get(_hash(key))
        if found is None:
            raise LinkDenied()
        name = self._load()["workspaces"][found["workspace_id"]]
        return Grant(found["workspace_id"], name, found["role"])

    def create(self, name: str, founder: str) -> Created:
        self.calls.append("create")
        name = _clean(name, "coalition")
        _clean(founder, "founder")
        data = self._load()
        alike = [n for n in data["workspaces"].values() if n.casefold() == name.casefold()]
        if alike:  # as the store does: for the person running the server only
            log.warning("new workspace %r looks like existing %s", name, alike)
        ws_id = str(uuid.uuid4())
        data["workspaces"][ws_id] = name
        fk, pk = secrets.token_urlsafe(18), secrets.token_urlsafe(18)
        data["keys"][_hash(fk)] = {"workspace_id": ws_id, "role": "facilitator"}
        data["keys"][_hash(pk)] = {"workspace_id": ws_id, "role": "participant"}
        self._save(data)
        return Created(ws_id, name, fk, pk)

    def new_participant_key(self, workspace_id: str) -> str:
        data = self._load()
        key = secrets.token_urlsafe(18)
        data["keys"][_hash(key)] = {"workspace_id": workspace_id, "role": "participant"}
        self._save(data)
        return key

    def progress(self, workspace_id: str, questionnaire: Any) -> tuple[int, int] | None:
        answers = self._load()["answers"].get(f"{workspace_id}/{questionnaire.id}", {})
        return required_progress(questionnaire, answers)

    def close(self) -> None:
        self.calls.append("close")


def from_env(_db: str | None) -> FileKeys:
    """The factory ``serve --keys-backend`` calls."""
    return FileKeys(Path(os.environ[ENV]))
