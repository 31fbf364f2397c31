"""Start Voila on 127.0.0.1 with safe settings, serving the shipped workbooks."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import webbrowser
from pathlib import Path

from .store import ENV_DB, open_store
from .templates import shipped_folder  # noqa: F401 - workbooks_dir below

WORKBOOKS = ("identify-community-members-and-networks.ipynb", "participant.ipynb")
CULL_IDLE_SECONDS = 600
POOL_SIZE = 1
REFILL_DELAY_SECONDS = 1


def workbooks_dir() -> Path:
    """The folder of shipped workbooks (installed or in a checkout); it holds no data."""
    return shipped_folder("workbooks")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def voila_command(folder: Path, port: int, preheat: bool = True) -> list[str]:
    """The Voila command line: loopback only, no port drift, kernels of closed pages culled,
    and (with ``preheat``) a kernel per workbook that has run it before anyone asks."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
        "--MappingKernelManager.cull_interval=60",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaExecutor.timeout=300",
        # under load, outputs can arrive seconds after a cell finishes; nbclient's default of 4 s
        # then drops them, and a section shows up without its widgets
        "--VoilaExecutor.iopub_timeout=60",
    ]
    if preheat:
        # one kernel per workbook runs it ahead of time, so the next visitor gets the page at
        # once; a used one is replaced a second later, once its own page is mostly drawn
        command += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={POOL_SIZE}",
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY_SECONDS}",
        ]
    return command


def serve(port: int = 0, db: str | None = None, open_browser: bool = False) -> int:
    """Run Voila until interrupted; print the addresses of the workbooks first."""
    store = open_store(db)  # fail early, with a clear message, if the store cannot be opened
    location = store.location
    store.close()
    env = dict(os.environ)
    if db:
        env[ENV_DB] = db
    port = port or free_port()
    base = f"http://127.0.0.1:{port}/voila/render/"
    print("reentry-workbook is starting. Open in your browser:")
    print(f"  Planning workbook:        {base}{WORKBOOKS[0]}")
    print(f"  Participant questionnaire: {base}{WORKBOOKS[1]}")
    print(f"  Fictional demo:           {base}{WORKBOOKS[0]}?demo=1")
    print(f"Answers are saved in {location}")
    print("Only this computer can open these pages. Press Ctrl+C to stop.", flush=True)
    if open_browser:
        webbrowser.open(f"{base}{WORKBOOKS[0]}")
    proc = subprocess.Popen(voila_command(workbooks_dir(), port), env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            return 1
