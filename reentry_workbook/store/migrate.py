"""Bring a store's tables to the version this code writes, with Alembic run from code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import StoreError
from .engine import WRITE
from .schema import STORE_SCHEMA_VERSION, meta, metadata

if TYPE_CHECKING:  # Alembic is imported only when a store needs creating or upgrading
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0002"
# any constant: makes concurrent first opens of a PostgreSQL store upgrade one after the other
PG_LOCK = 0x72775F73746F7265
NEWER = (
    "this response store was written by a newer reentry-workbook (store version {v}); "
    "upgrade reentry-workbook to open it"
)


def config(conn: Connection) -> Config:
    """An Alembic configuration built in code, running on ``conn``."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def state(conn: Connection) -> str:
    """'fresh' (no tables), 'v1' (before Alembic), or the Alembic revision of the store."""
    tables = set(sa.inspect(conn).get_table_names())
    if "alembic_version" in tables:
        found = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
        if found is not None:
            _check_meta(conn, tables)
            return str(found)
    if "rw_meta" in tables:
        _check_meta(conn, tables)
        return "v1"
    return "fresh"


def _check_meta(conn: Connection, tables: set[str]) -> None:
    if "rw_meta" not in tables:
        return
    version = conn.execute(
        sa.select(meta.c.value).where(meta.c.key == "schema_version")
    ).scalar_one_or_none()
    if version is not None and version.isdigit() and int(version) > STORE_SCHEMA_VERSION:
        raise StoreError(NEWER.format(v=version))


def known_revisions() -> set[str]:
    """Every migration this code has."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return {s.revision for s in script.walk_revisions()}


def upgrade(engine: Engine, *, read_only: bool) -> None:
    """Create or upgrade the tables; refuse a store newer than this code."""
    with engine.connect() as conn:
        found = state(conn)
        conn.rollback()
    if found == HEAD:
        return
    if found not in ("fresh", "v1") and found not in known_revisions():
        raise StoreError(NEWER.format(v=found))
    if read_only:
        raise StoreError(
            "this response store needs an upgrade to this reentry-workbook's version; "
            "open it once where it can be written"
        )
    from alembic import command

    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK})
            found = state(conn)  # another process may have done it while we waited
            cfg = config(conn)
            if found == "fresh":
                metadata.create_all(conn)
                conn.execute(
                    meta.insert().values(key="schema_version", value=str(STORE_SCHEMA_VERSION))
                )
                command.stamp(cfg, HEAD)
                return
            if found == "v1":
                command.stamp(cfg, "0001")
            command.upgrade(cfg, HEAD)
