"""Database addresses and engines: absolute SQLite paths, private files, safe pragmas, read-only."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import StoreError

ENV_DB = "REENTRY_WORKBOOK_DB"
WRITE = "rw_write"  # execution option: this connection writes, so SQLite takes the lock up front
log = logging.getLogger("reentry_workbook.store")


def data_dir() -> Path:
    """The per-user folder for the default database (never inside a served folder)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("reentry-workbook", appauthor=False))


def default_url() -> str:
    """``$REENTRY_WORKBOOK_DB`` if set, else an SQLite file in the per-user data folder."""
    return os.environ.get(ENV_DB) or f"sqlite:///{data_dir() / 'responses.sqlite3'}"


def sqlite_path(url: sa.URL) -> Path | None:
    """The file of an SQLite URL (None for other databases and in-memory SQLite)."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database or "")


def absolute_url(url: str | sa.URL | None = None) -> sa.URL:
    """``url`` (default: :func:`default_url`) parsed once, here: a relative SQLite path is
    resolved against this process's current folder and ``~`` is expanded, so every process
    handed the result (Voila kernels run elsewhere) opens the same file."""
    text = url if url is not None else default_url()
    try:
        parsed = sa.make_url(text)
    except (sa.exc.ArgumentError, ValueError) as exc:
        raise StoreError("the database address is not a valid database URL") from exc
    path = sqlite_path(parsed)
    if path is not None and not str(path).startswith("file:"):
        parsed = parsed.set(database=os.path.abspath(path.expanduser()))
    return parsed


def location(url: sa.URL) -> str:
    """Where the data is kept, without any password (the absolute file for SQLite)."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    if url.get_backend_name() == "sqlite":
        return ":memory:"
    return url.render_as_string(hide_password=True)


def writable(path: Path) -> bool:
    """Whether an SQLite file (and its folder, for the WAL files) can be written here."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if path.exists():
        return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)
    return os.access(folder, os.W_OK | os.X_OK)


def prepare_sqlite_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) when missing; leave existing ones alone."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        return
    os.close(fd)


def _listen_begin(engine: Engine) -> None:
    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # a writer takes the lock up front (BEGIN IMMEDIATE): a deferred transaction that
        # reads first can fail with SQLITE_BUSY without waiting for the busy timeout
        immediate = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def sqlite_engine(path: Path, *, read_only: bool) -> Engine:
    """An engine on an SQLite file: WAL, synchronous=FULL, busy timeout, foreign keys."""

    def connect() -> sqlite3.Connection:
        if not read_only:
            return sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        uri = f"file:{quote(str(path))}?mode=ro"
        try:
            conn = sqlite3.connect(
                uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            # read-only media: a WAL database whose -shm file cannot be created opens only
            # as immutable (its WAL was checkpointed when the last writer closed it)
            log.info("opening %s as immutable (read-only media)", path)
            return sqlite3.connect(
                uri + "&immutable=1",
                uri=True,
                timeout=30,
                isolation_level=None,
                check_same_thread=False,
            )

    engine = sa.create_engine("sqlite://", creator=connect, poolclass=sa.pool.QueuePool)

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    _listen_begin(engine)
    return engine


def server_engine(url: sa.URL, *, read_only: bool) -> Engine:
    """An engine on a database server (PostgreSQL)."""
    connect_args: dict[str, Any] = {}
    if read_only and url.get_backend_name() == "postgresql":
        connect_args["options"] = "-c default_transaction_read_only=on"
    return sa.create_engine(url, pool_pre_ping=True, connect_args=connect_args)
