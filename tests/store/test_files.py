"""Files: addresses resolved once, private modes, never through a symlink, read-only media."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reentry_workbook import StoreError, open_store
from reentry_workbook.backup import backup
from reentry_workbook.cli import main
from reentry_workbook.exchange import export_text, write_export
from reentry_workbook.store import ENV_DB, Author, SetAnswer, absolute_url

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parents[2]


def _filled(path: Path):
    store = open_store(f"sqlite:///{path}")
    ws = store.create_workspace("Riverbend Reentry Coalition").workspace
    plan = store.plan_response(ws.id, "q1", "1")
    store.save([SetAnswer(plan, "a", "kept", None)], Author("Dana"))
    return store, ws


def test_relative_sqlite_path_is_resolved_where_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = absolute_url("sqlite:///relative.db")
    assert url.database == str(tmp_path / "relative.db")
    monkeypatch.setenv(ENV_DB, "sqlite:///data/x.db")
    store = open_store()
    assert store.location == str(tmp_path / "data" / "x.db")
    monkeypatch.chdir("/")  # a kernel somewhere else, handed the resolved URL, opens the same
    assert open_store(str(store.url)).location == store.location


def test_tilde_is_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    store = open_store("sqlite:///~/stores/x.db")
    assert store.location == str(tmp_path / "stores" / "x.db")
    assert not (Path.cwd() / "~").exists()
    assert stat.S_IMODE(os.stat(store.location).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(tmp_path / "stores").st_mode) == 0o700


def test_export_and_backup_are_private(tmp_path):
    store, ws = _filled(tmp_path / "s.db")
    os.umask(0o022)
    out = write_export(store, ws.id, tmp_path / "export.json")
    copy = backup(store, tmp_path)
    for path in (out, copy):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert copy.name == "responses-backup.sqlite3" and not list(tmp_path.glob("*.part"))
    again = open_store(f"sqlite:///{copy}")
    assert export_text(again, ws.id) == out.read_text()


@pytest.mark.parametrize("which", ["dest", "part"])
@pytest.mark.parametrize("kind", ["export", "backup"])
def test_never_writes_through_a_symlink(tmp_path, which, kind):
    store, ws = _filled(tmp_path / "s.db")
    target = tmp_path / "precious.txt"
    target.write_text("do not touch")
    dest = tmp_path / "out.file"
    (dest if which == "dest" else tmp_path / "out.file.part").symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        if kind == "export":
            write_export(store, ws.id, dest)
        else:
            backup(store, dest)
    assert target.read_text() == "do not touch"


def test_backup_refuses_its_own_store(tmp_path):
    store, _ = _filled(tmp_path / "s.db")
    with pytest.raises(StoreError, match="another file than the store"):
        backup(store, tmp_path / "s.db")


def test_where_creates_nothing(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'nowhere' / 'x.db'}"
    assert main(["where", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == str(tmp_path / "nowhere" / "x.db")
    assert not (tmp_path / "nowhere").exists()
    assert main(["export", "--workspace", "W", "--db", db]) == 1
    assert "no response store at this location yet" in capsys.readouterr().err
    assert not (tmp_path / "nowhere").exists()


def test_a_read_only_store_reads_but_never_writes(tmp_path):
    store, ws = _filled(tmp_path / "s.db")
    plan = store.plan_response(ws.id, "q1", "1")
    store.close()
    ro = open_store(f"sqlite:///{tmp_path / 's.db'}", read_only=True)
    assert ro.read_only and ro.snapshot(plan).answers["a"].value == "kept"
    with pytest.raises(StoreError, match="read-only"):
        ro.save([SetAnswer(plan, "a", "changed", 1)], Author("x"))
    assert export_text(ro, ws.id)
    assert backup(ro, tmp_path / "b.sqlite3").exists()


@pytest.mark.skipif(not shutil.which("unshare") or os.geteuid() != 0, reason="needs root")
def test_where_export_backup_on_read_only_media(tmp_path):
    """A private mount namespace gives a truly read-only folder (no chmod trick for root)."""
    src, media, out = tmp_path / "src", tmp_path / "media", tmp_path / "out"
    for folder in (src, media, out):
        folder.mkdir()
    store, ws = _filled(src / "s.db")
    store.close()
    assert not (src / "s.db-wal").exists()
    db = f"sqlite:///{media / 's.db'}"
    cli = f"{sys.executable} -m reentry_workbook"
    script = (
        f"mount --bind {src} {media} && mount -o remount,bind,ro {media} && "
        f"{cli} where --db {db} && "
        f"{cli} export --workspace {ws.id} -o {out / 'e.json'} --db {db} && "
        f"{cli} backup {out} --db {db} && {cli} workspaces --db {db}"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    if (
        "Operation not permitted" in done.stderr
        or "cannot" in done.stderr
        and "mount" in done.stderr
    ):
        pytest.skip(f"mount namespaces are not available here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    assert (out / "e.json").exists() and (out / "responses-backup.sqlite3").exists()
    check = sqlite3.connect(out / "responses-backup.sqlite3")
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert sorted(p.name for p in src.iterdir()) == ["s.db"]  # nothing written beside it
