"""Consistent copies of the embedded SQLite store, made with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import StoreError
from .store import Store


def backup(store: Store, destination: str | os.PathLike[str]) -> Path:
    """Copy the store to ``destination`` while it stays in use; return the path written."""
    if not store.is_sqlite:
        raise StoreError("backup copies the embedded SQLite store; for PostgreSQL use pg_dump")
    dest = Path(destination).expanduser()
    if dest.is_dir():
        dest = dest / "responses-backup.sqlite3"
    if dest.resolve() == Path(store.location).resolve():
        raise StoreError("the backup must go to another file than the store itself")
    tmp = dest.with_name(dest.name + ".part")
    fd = os.open(tmp, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        with sqlite3.connect(store.location) as src, sqlite3.connect(tmp) as out:
            src.backup(out)
            ok = out.execute("PRAGMA integrity_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"the backup failed its integrity check: {ok}")
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise StoreError(f"backup to {dest} failed: {exc}") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
    return dest
