"""The response store: every answer saved at once, with history, on SQLite or PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from .errors import StoreError

STORE_SCHEMA_VERSION = 1
ENV_DB = "REENTRY_WORKBOOK_DB"

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


def data_dir() -> Path:
    """The per-user folder for the default database (never inside a served folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("reentry-workbook", appauthor=False))


def default_url() -> str:
    """``$REENTRY_WORKBOOK_DB`` if set, else an SQLite file in the per-user data folder."""
    return os.environ.get(ENV_DB) or f"sqlite:///{data_dir() / 'responses.sqlite3'}"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _prepare_sqlite_file(url: sa.URL) -> None:
    if not url.database or url.database == ":memory:":
        return
    path = Path(url.database).expanduser()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.parent == data_dir():
        os.chmod(path.parent, 0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _sqlite_engine(url: sa.URL) -> Engine:
    _prepare_sqlite_file(url)
    engine = sa.create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # take the write lock up front, so two writers never deadlock half-way
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass(frozen=True)
class Session:
    """Who is answering what: the ids a form's answers are saved under."""

    workspace_id: str
    workspace: str
    respondent_id: str
    respondent: str
    response_id: str
    questionnaire_id: str


class Store:
    """Saves and loads answers; pass one instance to whatever needs it (no global state)."""

    def __init__(self, url: str | None = None) -> None:
        self.url = sa.make_url(url or default_url())
        try:
            if self.url.get_backend_name() == "sqlite":
                self.engine = _sqlite_engine(self.url)
            else:
                self.engine = sa.create_engine(self.url, pool_pre_ping=True)
            self._migrate()
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"cannot open the response store at {self.location}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"cannot create the data file at {self.location}: {exc}") from exc

    @property
    def location(self) -> str:
        """Where the data is kept, without any password."""
        if self.url.get_backend_name() == "sqlite":
            return str(Path(self.url.database or ":memory:").expanduser())
        return self.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        """Whether this store is an embedded SQLite file."""
        return self.url.get_backend_name() == "sqlite"

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction; everything in it is saved, or nothing is."""
        try:
            with self.engine.begin() as conn:
                yield conn
        except sa.exc.DBAPIError as exc:
            raise StoreError(f"the database refused the change: {exc.orig}") from exc

    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            metadata.create_all(conn)
            row = conn.execute(
                sa.select(meta.c.value).where(meta.c.key == "schema_version")
            ).scalar_one_or_none()
            if row is None:
                conn.execute(
                    meta.insert().values(key="schema_version", value=str(STORE_SCHEMA_VERSION))
                )
            elif int(row) > STORE_SCHEMA_VERSION:
                raise StoreError(
                    f"the database at {self.location} was written by a newer reentry-workbook "
                    f"(store version {row}); upgrade reentry-workbook to open it"
                )

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    # ----- workspaces, respondents, responses -----------------------------------------------
    def workspace_id(self, name: str, *, is_demo: bool = False) -> str:
        """The id of a workspace, created on first use."""
        name = _clean_name(name, "workspace")
        with self.transaction() as conn:
            row = conn.execute(
                sa.select(workspaces.c.id, workspaces.c.is_demo).where(workspaces.c.name == name)
            ).first()
            if row is not None:
                if bool(row.is_demo) != is_demo:
                    kind = "demo" if row.is_demo else "real"
                    raise StoreError(
                        f"workspace {name!r} holds {kind} data; demo and real data never mix"
                    )
                return row.id
            new_id = str(uuid.uuid4())
            conn.execute(
                workspaces.insert().values(id=new_id, name=name, is_demo=is_demo, created_at=_now())
            )
            return new_id

    def open_session(
        self,
        workspace: str,
        respondent: str,
        questionnaire_id: str,
        template_version: str = "1",
        *,
        round: int = 1,
        role: str = "participant",
        is_demo: bool = False,
    ) -> Session:
        """Find or create the response of ``respondent`` to a questionnaire in a workspace."""
        ws_id = self.workspace_id(workspace, is_demo=is_demo)
        respondent = _clean_name(respondent, "respondent")
        with self.transaction() as conn:
            rid = conn.execute(
                sa.select(respondents.c.id).where(
                    respondents.c.workspace_id == ws_id, respondents.c.name == respondent
                )
            ).scalar_one_or_none()
            if rid is None:
                rid = str(uuid.uuid4())
                conn.execute(
                    respondents.insert().values(
                        id=rid, workspace_id=ws_id, name=respondent, role=role, created_at=_now()
                    )
                )
            resp = conn.execute(
                sa.select(responses.c.id).where(
                    responses.c.workspace_id == ws_id,
                    responses.c.respondent_id == rid,
                    responses.c.questionnaire_id == questionnaire_id,
                    responses.c.round == round,
                )
            ).scalar_one_or_none()
            if resp is None:
                resp = str(uuid.uuid4())
                conn.execute(
                    responses.insert().values(
                        id=resp,
                        workspace_id=ws_id,
                        respondent_id=rid,
                        questionnaire_id=questionnaire_id,
                        template_version=template_version,
                        round=round,
                        created_at=_now(),
                    )
                )
        return Session(ws_id, workspace, rid, respondent, resp, questionnaire_id)

    # ----- answers ----------------------------------------------------------------------------
    def save_answers(
        self, response_id: str, changes: Mapping[str, Any], author: str = ""
    ) -> dt.datetime:
        """Save changed answers (None = cleared) in one transaction; return when it committed."""
        now = _now()
        with self.transaction() as conn:
            for item_id, value in changes.items():
                try:
                    payload = None if value is None else json.dumps(value, ensure_ascii=False)
                except (TypeError, ValueError):
                    raise StoreError(f"the answer to {item_id!r} is not plain data") from None
                rev = str(uuid.uuid4())
                conn.execute(
                    revisions.insert().values(
                        id=rev,
                        response_id=response_id,
                        item_id=item_id,
                        value_json=payload,
                        author=author,
                        created_at=now,
                    )
                )
                updated = conn.execute(
                    answers.update()
                    .where(answers.c.response_id == response_id, answers.c.item_id == item_id)
                    .values(value_json=payload, revision_id=rev, updated_at=now)
                ).rowcount
                if not updated:
                    conn.execute(
                        answers.insert().values(
                            response_id=response_id,
                            item_id=item_id,
                            value_json=payload,
                            revision_id=rev,
                            updated_at=now,
                        )
                    )
        return now

    def load_answers(self, response_id: str) -> dict[str, Any]:
        """The latest answer to every item of a response (cleared items left out)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(answers.c.item_id, answers.c.value_json).where(
                    answers.c.response_id == response_id
                )
            ).all()
        return {r.item_id: json.loads(r.value_json) for r in rows if r.value_json is not None}

    def history(self, response_id: str) -> list[dict[str, Any]]:
        """Every saved change of a response, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(revisions)
                .where(revisions.c.response_id == response_id)
                .order_by(revisions.c.created_at, revisions.c.id)
            ).all()
        return [
            {
                "item_id": r.item_id,
                "value": None if r.value_json is None else json.loads(r.value_json),
                "author": r.author,
                "at": r.created_at,
            }
            for r in rows
        ]


def _clean_name(name: str, what: str) -> str:
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise StoreError(f"a {what} needs a name")
    if len(cleaned) > 200:
        raise StoreError(f"a {what} name may be at most 200 characters")
    return cleaned


def open_store(url: str | None = None) -> Store:
    """Open (creating if needed) the response store at ``url`` or the default location."""
    return Store(url)
