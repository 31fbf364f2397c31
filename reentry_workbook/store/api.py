"""The Store: one object per database, passed to whatever needs it; one transaction per call."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..errors import StoreError
from ..messages import t
from ..names import clean_name, name_key
from . import access, legacy, migrate, people, reading, records, responses, workspaces
from .changes import Change, SaveResult
from .engine import (
    WRITE,
    absolute_url,
    location,
    prepare_sqlite_file,
    server_engine,
    sqlite_engine,
    sqlite_path,
    writable,
)
from .schema import PLAN, ROLES
from .types import (
    Access,
    Author,
    Changes,
    HistoryEntry,
    LinkRole,
    NewWorkspace,
    Person,
    Session,
    Snapshot,
    Workspace,
)

log = logging.getLogger("reentry_workbook.store")


def _plain(exc: sa.exc.SQLAlchemyError, doing: str) -> str:
    """A visitor-safe sentence for a database error (no SQL, no paths)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "full" in text or "no space" in text:
        reason = t("store.db.disk_full")
    elif "readonly" in text or "read-only" in text or "read only" in text:
        reason = t("store.db.read_only")
    elif "locked" in text or "busy" in text:
        reason = t("store.db.busy")
    elif isinstance(exc, sa.exc.IntegrityError):
        reason = t("store.db.clash")
    elif isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        reason = t("store.db.unreachable")
    else:
        reason = t("store.db.refused")
    return t("store.db.could_not", doing=doing, reason=reason)


class Store:
    """Saves and reads workbooks' answers on SQLite or PostgreSQL (no global state)."""

    def __init__(self, url: str | sa.URL | None = None, *, read_only: bool = False) -> None:
        self.url = absolute_url(url)
        path = sqlite_path(self.url)
        if path is not None and not read_only and path.exists() and not writable(path):
            read_only = True  # read-only media: readable by where, export and backup
        self.read_only = read_only
        try:
            if path is None and self.is_sqlite:
                raise StoreError(t("store.db.in_memory"))
            if path is not None:
                if read_only and not path.exists():
                    raise StoreError(t("store.db.none_yet"))
                if not read_only:
                    prepare_sqlite_file(path)
                self.engine = sqlite_engine(path, read_only=read_only)
            else:
                self.engine = server_engine(self.url, read_only=read_only)
            self._writer = self.engine.execution_options(**{WRITE: True})
            migrate.upgrade(self.engine, read_only=read_only)
        except sa.exc.SQLAlchemyError as exc:
            log.warning("cannot open the response store at %s", self.location, exc_info=True)
            raise StoreError(_plain(exc, t("store.db.doing_open"))) from exc
        except OSError as exc:
            log.warning("cannot create the data file at %s", self.location, exc_info=True)
            raise StoreError(t("store.db.cannot_create", reason=exc.strerror)) from exc

    @property
    def location(self) -> str:
        """Where the data is kept, without any password (the absolute file for SQLite)."""
        return location(self.url)

    @property
    def is_sqlite(self) -> bool:
        """Whether this store is an embedded SQLite file."""
        return self.url.get_backend_name() == "sqlite"

    def close(self) -> None:
        """Release every connection."""
        if hasattr(self, "engine"):
            self.engine.dispose()

    # ----- transactions ---------------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read transaction; database errors become a plain StoreError."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            log.warning("reading the response store failed", exc_info=True)
            raise StoreError(_plain(exc, t("store.db.doing_read"))) from exc

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """A write transaction: everything in it is saved, or nothing is."""
        if self.read_only:
            raise StoreError(
                t("store.db.could_not", doing=t("store.db.save"), reason=t("store.db.read_only"))
            )
        try:
            with self._writer.begin() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            log.warning("writing to the response store failed", exc_info=True)
            raise StoreError(
                _plain(exc, t("store.db.doing_save")) + t("store.db.nothing_saved")
            ) from exc

    transaction = writing  # legacy name

    # ----- workspaces and keys --------------------------------------------------------------
    def create_workspace(self, name: str, *, is_demo: bool = False) -> NewWorkspace:
        """A new workspace with a facilitator key and a participant key (shown once)."""
        with self.writing() as conn:
            alike = workspaces.similar(conn, name)
            ws = workspaces.insert(conn, name, is_demo=is_demo)
            if alike:  # for the person running the server, never for a visitor
                log.warning(
                    "new workspace %r (%s) looks like existing %s",
                    ws.name,
                    ws.id,
                    ", ".join(f"{w.name!r} ({w.id})" for w in alike),
                )
            return NewWorkspace(
                ws,
                access.issue(conn, ws.id, "facilitator"),
                access.issue(conn, ws.id, "participant"),
            )

    def open_by_key(self, key: str) -> Access:
        """What a key opens; AccessDenied (one message) for unknown, revoked or malformed keys."""
        with self.reading() as conn:
            return access.open_key(conn, key)

    def issue_key(
        self,
        workspace_id: str,
        role: LinkRole,
        *,
        person_id: str | None = None,
        revoke_others: bool = False,
    ) -> str:
        """A new key for a role (and person); optionally revoke the role's other keys."""
        with self.writing() as conn:
            workspaces.get(conn, workspace_id)
            return access.issue(
                conn, workspace_id, role, person_id=person_id, revoke_others=revoke_others
            )

    def revoke_keys(self, workspace_id: str, role: LinkRole) -> int:
        """Revoke every live key of a role in a workspace; return how many."""
        with self.writing() as conn:
            return access.revoke(conn, workspace_id, role)

    def workspaces(self) -> list[Workspace]:
        """Every workspace (for the command line of the machine's owner only)."""
        with self.reading() as conn:
            return workspaces.all_workspaces(conn)

    def workspace(self, workspace_id: str) -> Workspace:
        """The workspace with this id."""
        with self.reading() as conn:
            return workspaces.get(conn, workspace_id)

    def find_workspace(self, name_or_id: str) -> Workspace:
        """By id or exact name; else StoreError listing near matches (command line only)."""
        with self.reading() as conn:
            return workspaces.find(conn, name_or_id)

    def similar_workspaces(self, name: str) -> list[Workspace]:
        """Workspaces whose names look like ``name`` (for a warning in the server's log)."""
        with self.reading() as conn:
            return workspaces.similar(conn, name)

    def demo_workspace(self) -> Access:
        """The single fictional demo workspace (created on first use)."""
        with self.reading() as conn:
            found = workspaces.find_demo(conn)
        if found is not None:
            return Access(found, "facilitator", None)
        with self.writing() as conn:
            return Access(workspaces.demo(conn), "facilitator", None)

    def people_count(self, workspace_id: str) -> int:
        """How many people a workspace has."""
        with self.reading() as conn:
            return workspaces.people_count(conn, workspace_id)

    # ----- people ---------------------------------------------------------------------------
    def people(self, workspace_id: str) -> list[Person]:
        """The people of a workspace (not merged away)."""
        with self.reading() as conn:
            return people.listed(conn, workspace_id)

    def person(self, person_id: str) -> Person:
        """One person."""
        with self.reading() as conn:
            return people.get(conn, person_id)

    def match_people(self, workspace_id: str, typed: str) -> list[Person]:
        """Same-key names first, then close ones (did you mean), in this workspace only."""
        with self.reading() as conn:
            return people.match(conn, workspace_id, typed)

    def join(
        self, workspace_id: str, name: str | None, role: str, *, pseudonym_if_blank: bool = True
    ) -> Person:
        """The person of that name in a workspace, added when new (race-safe)."""
        if name is not None and name.strip() and role in ROLES:
            with self.reading() as conn:  # the common case needs no write lock
                found = people.by_key(conn, workspace_id, name_key(clean_name(name, "person")))
            if found is not None:
                return found
        with self.writing() as conn:
            workspaces.get(conn, workspace_id)
            return people.join(
                conn, workspace_id, name, role, pseudonym_if_blank=pseudonym_if_blank
            )

    def claim_device(self, person_id: str) -> str:
        """A new device secret for a person (plaintext, shown once)."""
        with self.writing() as conn:
            return people.claim_device(conn, person_id)

    def person_by_device(self, workspace_id: str, secret: str) -> Person | None:
        """Whose device secret this is, in a workspace."""
        with self.reading() as conn:
            return people.by_device(conn, workspace_id, secret)

    def rename_person(self, person_id: str, new_name: str, *, by: Author) -> Person:
        """Rename a person; refused when another person has that name."""
        with self.writing() as conn:
            return people.rename(conn, person_id, new_name, by)

    def merge_people(self, keep_id: str, other_id: str, *, by: Author) -> Person:
        """Fold one person into another; their answers move, history is kept."""
        with self.writing() as conn:
            return people.merge(conn, keep_id, other_id, by)

    def set_counted(self, person_id: str, counted: bool, *, by: Author) -> Person:
        """Whether a person's own answers count in group figures."""
        with self.writing() as conn:
            return people.set_counted(conn, person_id, counted, by)

    # ----- responses ------------------------------------------------------------------------
    def plan_response(self, workspace_id: str, questionnaire_id: str, template_version: str) -> str:
        """The workspace's shared plan for a questionnaire (created on first use)."""
        with self.reading() as conn:
            found = responses.find(conn, workspace_id, questionnaire_id, PLAN, 0)
        if found is not None:
            return found
        with self.writing() as conn:
            workspaces.get(conn, workspace_id)
            return responses.plan(conn, workspace_id, questionnaire_id, template_version)

    def personal_response(
        self,
        workspace_id: str,
        person_id: str,
        questionnaire_id: str,
        template_version: str,
        round: int = 1,  # noqa: A002 - the contract's name
    ) -> str:
        """A person's own response to a questionnaire in a round (created on first use)."""
        with self.reading() as conn:
            found = responses.find(conn, workspace_id, questionnaire_id, person_id, round)
        if found is not None:
            return found
        with self.writing() as conn:
            return responses.personal(
                conn, workspace_id, person_id, questionnaire_id, template_version, round
            )

    def rounds(self, workspace_id: str, questionnaire_id: str) -> list[int]:
        """The rounds of personal answers to a questionnaire."""
        with self.reading() as conn:
            return reading.rounds(conn, workspace_id, questionnaire_id)

    # ----- reading --------------------------------------------------------------------------
    def snapshot(self, response_id: str) -> Snapshot:
        """Current answers and live records of a response."""
        with self.reading() as conn:
            return reading.snapshot(conn, response_id)

    def latest_seq(self, workspace_id: str, questionnaire_id: str | None = None) -> int:
        """The newest change number in a workspace: cheap enough to poll every second."""
        with self.reading() as conn:
            return reading.latest_seq(conn, workspace_id, questionnaire_id)

    def changes_since(self, workspace_id: str, questionnaire_id: str | None, seq: int) -> Changes:
        """Current values of what changed after ``seq``."""
        with self.reading() as conn:
            return reading.changes_since(conn, workspace_id, questionnaire_id, seq)

    def history(
        self, response_id: str, item_id: str | None = None, record_id: str | None = None
    ) -> list[HistoryEntry]:
        """Every change of a response (or item, or record), oldest first."""
        with self.reading() as conn:
            return reading.history(conn, response_id, item_id, record_id)

    # ----- writing --------------------------------------------------------------------------
    def save(self, changes: Sequence[Change], author: Author) -> SaveResult:
        """Apply changes in one transaction; conflicts come back instead of being written."""
        with self.writing() as conn:
            return records.save(conn, changes, author)

    # ----- legacy, for scripts --------------------------------------------------------------
    def workspace_id(self, name: str, *, is_demo: bool = False) -> str:
        """Legacy, for scripts: the id of the workspace with this name, created on first use."""
        with self.writing() as conn:
            ws = workspaces.by_name(conn, name, is_demo=is_demo, create=True)
            assert ws is not None
            return ws.id

    def open_session(
        self,
        workspace: str,
        respondent: str,
        questionnaire_id: str,
        template_version: str = "1",
        *,
        round: int = 1,  # noqa: A002 - the old name
        role: str = "participant",
        is_demo: bool = False,
    ) -> Session:
        """Legacy, for scripts: find or create by names (a facilitator opens the plan)."""
        with self.writing() as conn:
            return legacy.open_session(
                conn,
                workspace,
                respondent,
                questionnaire_id,
                template_version,
                round_=round,
                role=role,
                is_demo=is_demo,
            )

    def save_answers(
        self, response_id: str, changes: Mapping[str, Any], author: str = ""
    ) -> dt.datetime:
        """Legacy, for scripts: save whole values (lists merge record by record)."""
        with self.writing() as conn:
            return legacy.save_answers(conn, response_id, changes, author)

    def load_answers(self, response_id: str) -> dict[str, Any]:
        """Legacy, for scripts: every current answer, lists as records with ``_id``."""
        with self.reading() as conn:
            return legacy.load_answers(conn, response_id)


def open_store(url: str | sa.URL | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and upgrading if needed) the store at ``url`` or the default location."""
    return Store(url, read_only=read_only)
