"""Consistent copies of the embedded SQLite store (online backup API), written privately."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .errors import StoreError
from .messages import t
from .store import Store
from .store.files import write_all, write_private

DEFAULT_NAME = "responses-backup.sqlite3"


def backup(store: Store, destination: str | os.PathLike[str]) -> Path:
    """Copy the store to ``destination`` (a file, or a folder) while it stays in use.

    The copy is taken through the store's own connection (read-only stores too) into memory,
    checked with ``integrity_check``, then written 0600 through ``DEST.part`` (never through a
    symlink) and renamed into place.
    """
    if not store.is_sqlite:
        raise StoreError(t("store.backup.sqlite_only"))
    dest = Path(destination).expanduser()
    if dest.is_dir() and not dest.is_symlink():
        dest = dest / DEFAULT_NAME
    if dest.exists() and dest.resolve() == Path(store.location).resolve():
        raise StoreError(t("store.backup.same_file"))
    raw = store.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        copy = sqlite3.connect(":memory:")
        try:
            source.backup(copy)
            ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if ok != "ok":
                raise StoreError(t("store.backup.integrity", result=ok))
            data = copy.serialize()
        finally:
            copy.close()
    except sqlite3.Error as exc:
        raise StoreError(t("store.backup.failed", dest=dest, reason=exc)) from exc
    finally:
        raw.close()
    return write_private(dest, lambda fd: write_all(fd, data))
