"""Private files written safely: mode 0600, never through a symlink, complete or not at all."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import StoreError
from ..messages import t

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def write_private(dest: Path, fill: Callable[[int], None]) -> Path:
    """Write ``dest`` through ``DEST.part`` (created O_EXCL|O_NOFOLLOW, 0600), then rename it.

    ``fill(fd)`` writes the content. A symlink at ``dest`` or ``DEST.part``, or a leftover
    ``DEST.part``, is refused; nothing is ever written through a link.
    """
    dest = Path(dest).expanduser()
    if dest.is_symlink():
        raise StoreError(t("store.files.symlink", dest=dest))
    if dest.exists() and not stat.S_ISREG(dest.stat().st_mode):
        raise StoreError(t("store.files.not_regular", dest=dest))
    tmp = dest.with_name(dest.name + ".part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
    except FileExistsError:
        kind = "a symbolic link" if tmp.is_symlink() else "already there"
        raise StoreError(
            f"{tmp} is {kind} (a copy in progress, or left by a crash); remove it and try again"
        ) from None
    except OSError as exc:
        raise StoreError(t("store.files.cannot_write", dest=dest, reason=exc.strerror)) from exc
    done = False
    try:
        os.fchmod(fd, 0o600)  # whatever the umask
        fill(fd)
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, dest)
        done = True
        _fsync_dir(dest.parent)
    except OSError as exc:
        raise StoreError(t("store.files.cannot_write", dest=dest, reason=exc.strerror)) from exc
    finally:
        if fd >= 0:
            os.close(fd)
        if not done:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    return dest


def write_all(fd: int, data: bytes) -> None:
    """Write every byte (os.write may write fewer than asked)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
