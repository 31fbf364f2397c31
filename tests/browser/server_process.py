"""Start and stop `reentry-workbook serve` for the browser tests, and find its kernels."""

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import psutil

from reentry_workbook.serve import free_port
from reentry_workbook.store import open_store

ROOT = Path(__file__).resolve().parents[2]
WORKBOOKS = ("identify-community-members-and-networks.ipynb", "participant.ipynb")


def kernel_pids(pid: int) -> list[int]:
    """The kernels a server process started (they run in their own process groups)."""
    try:
        return [
            c.pid
            for c in psutil.Process(pid).children(recursive=True)
            if "ipykernel" in " ".join(c.cmdline())
        ]
    except psutil.NoSuchProcess:
        return []


def kernel_process(pid: int, kernel_id: str) -> psutil.Process | None:
    """The kernel process with this id, if it runs."""
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if kernel_id in " ".join(child.cmdline()):
                return child
        except psutil.Error:
            continue
    return None


class StoreKeys:
    """Keys of the server's own store, made from outside as the command line would."""

    def __init__(self, db: str) -> None:
        self.db = db

    def add(self, name: str, role: str = "facilitator") -> str:
        """A key for workspace ``name`` (created if needed) with ``role``."""
        store = open_store(self.db)
        try:
            found = [w for w in store.workspaces() if w.name == name and not w.is_demo]
            ws = found[0] if found else store.create_workspace(name).workspace
            return store.issue_key(ws.id, role)  # type: ignore[arg-type]
        finally:
            store.close()


def start_server(
    folder: Path,
    *,
    max_kernels: int = 16,
    preheat: tuple[str, ...] = WORKBOOKS,
    port: int | None = None,
    tries: int = 3,
    timeout: float = 90,
) -> SimpleNamespace:
    """``reentry-workbook serve`` as a facilitator starts it, with a test store whose keys open
    workspaces in the server and in its page kernels alike."""
    db = f"sqlite:///{folder / 'browser.sqlite3'}"
    keys = StoreKeys(db)
    log_path = folder / "server.log"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    for _ in range(tries):
        chosen = port or free_port()
        log = open(log_path, "a")  # noqa: SIM115 - closed in stop_server
        command = [
            sys.executable,
            "-m",
            "reentry_workbook",
            "serve",
            "--port",
            str(chosen),
            "--db",
            db,
            "--max-kernels",
            str(max_kernels),
        ]
        for notebook in preheat:
            command += ["--preheat", notebook]
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        url = f"http://127.0.0.1:{chosen}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:  # a static file: opening a page would start a kernel
                with urllib.request.urlopen(url + "/voila/static/voila.js", timeout=1) as r:
                    if r.status == 200:
                        return SimpleNamespace(
                            url=url,
                            port=chosen,
                            db=db,
                            log=log_path,
                            keys=keys,
                            proc=proc,
                            log_file=log,
                            folder=folder,
                            kernels=lambda proc=proc: kernel_pids(proc.pid),
                        )
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        stop_server(SimpleNamespace(proc=proc, log_file=log))
        if port:
            break
    raise RuntimeError(f"the server did not start: {log_path.read_text()[-2000:]}")


def stop_server(server: SimpleNamespace) -> None:
    """SIGTERM (the server shuts its kernels down), then kill what is left."""
    proc = server.proc
    kernels = kernel_pids(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    for pid in kernels:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    server.log_file.close()
