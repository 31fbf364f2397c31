"""Voila on a free local port with a throw-away store, and Playwright driving Debian's Chromium."""

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from reentry_workbook.serve import free_port, voila_command, workbooks_dir


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _kernels(pid: int) -> list[int]:
    try:
        return [
            c.pid
            for c in psutil.Process(pid).children(recursive=True)
            if "ipykernel" in " ".join(c.cmdline())
        ]
    except psutil.NoSuchProcess:
        return []


def start_voila(db_url: str, log_path: Path, tries: int = 3, timeout: float = 90):
    """Start Voila on the shipped workbooks; return (process, base url, log file)."""
    for _ in range(tries):
        port = free_port()
        log = open(log_path, "w")  # noqa: SIM115 - closed in stop_voila
        proc = subprocess.Popen(
            voila_command(workbooks_dir(), port),
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "REENTRY_WORKBOOK_DB": db_url},
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None:
            try:  # a static file: GET / would start a kernel
                with urllib.request.urlopen(url + "/voila/static/voila.js", timeout=1) as r:
                    if r.status == 200:
                        return proc, url, log
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        stop_voila(proc, log)
    raise RuntimeError(f"voila did not start: {log_path.read_text()[-2000:]}")


def stop_voila(proc: subprocess.Popen, log) -> None:
    kernels = _kernels(proc.pid)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    for pid in kernels:  # kernels run in their own process groups
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    log.close()


@pytest.fixture(scope="session")
def voila(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voila")
    db = f"sqlite:///{folder / 'browser.sqlite3'}"
    proc, url, log = start_voila(db, folder / "voila.log")
    yield SimpleNamespace(url=url, db=db, log=folder / "voila.log")
    stop_voila(proc, log)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory) -> Path:
    folder = os.environ.get("REENTRY_WORKBOOK_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(voila):
    return voila.url


@pytest.fixture(autouse=True)
def _offline(context):
    context.route(EXTERNAL, lambda route: route.abort())
    context.set_default_timeout(60_000)


@pytest.fixture
def kernel_waiting(voila):
    """``kernel_waiting(notebook)`` waits until Voila holds a kernel that has run ``notebook``
    ahead of time, and returns a check that says whether a page has used it since."""

    def counts(notebook: str) -> tuple[int, int]:
        text = voila.log.read_text()
        filled = text.count(f"Kernel pool of {notebook} is filled")
        used = len(re.findall(rf"Using pre-heated kernel: \S+ for {re.escape(notebook)}", text))
        return filled, used

    def wait(notebook: str, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while True:
            filled, used = counts(notebook)
            if filled > used:
                return lambda: counts(notebook)[1] > used
            if time.monotonic() > deadline:
                raise AssertionError(f"no kernel waits for {notebook}: {filled} ready, {used} used")
            time.sleep(0.2)

    return wait
