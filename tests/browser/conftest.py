"""The workbook server on a free local port with a throw-away store, and Playwright driving
Debian's Chromium."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest
from playwright.sync_api import expect

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from reentry_workbook.serve import free_port
from tests.browser.server_process import start_server, stop_server

# a page's sections are built one after another once it shows: on a busy machine that takes
# more than Playwright's default five seconds (a limit to wait, never a time asserted)
expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# The session's servers serve about 70 pages. A page a test leaves without its close beacon (a
# second browser context torn down, a killed kernel's page) holds its kernel until the 10-minute
# cull; with serve's cap of 16, later pages got the "busy" page and never showed (the cap itself
# is tested on a server of its own, with a cap of 1).
CAP = 48


@pytest.fixture(scope="session")
def voila(tmp_path_factory):
    """The session's server (the name is kept from when it was plain Voila): every page starts
    its own kernel, as with `serve`'s default."""
    server = start_server(tmp_path_factory.mktemp("server"), preheat=(), max_kernels=CAP)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def preheated(tmp_path_factory):
    """A second server keeping a kernel ready for each workbook (`serve --preheat`), for the tests
    of that path only; they open their page once its kernel has run its notebook."""
    server = start_server(tmp_path_factory.mktemp("preheated"), max_kernels=CAP)
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def facilitator_key(voila) -> str:
    return voila.keys.add("Browser Test Coalition", "facilitator")


@pytest.fixture(scope="session")
def participant_key(voila) -> str:
    return voila.keys.add("Browser Test Coalition", "participant")


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
    yield
    # closed as a person closes a tab, so each page's close beacon frees its kernel; a context
    # torn down without it leaves kernels running until culled, and the server's cap fills
    for page in context.pages:
        try:
            page.close(run_before_unload=True)
        except Exception:  # noqa: BLE001 - a page already gone
            pass


def _quiet(server, seconds: float = 0.5) -> bool:
    """Whether every kernel of ``server`` is idle (a kernel started ahead has run its notebook)."""
    procs = [psutil.Process(pid) for pid in server.kernels()]
    try:
        for proc in procs:
            proc.cpu_percent(None)
        time.sleep(seconds)  # not a wait: the window cpu_percent samples over
        return all(proc.cpu_percent(None) < 5 for proc in procs)
    except psutil.Error:
        return False


@pytest.fixture
def kernel_waiting(preheated):
    """``kernel_waiting(notebook)`` waits until the `preheated` server holds a kernel that has run
    ``notebook`` ahead of time, and returns a check that says whether a page has used it since."""
    voila = preheated

    def counts(notebook: str) -> tuple[int, int]:
        text = voila.log.read_text()
        filled = text.count(f"Kernel pool of {notebook} is filled")
        used = len(re.findall(rf"Using pre-heated kernel: \S+ for {re.escape(notebook)}", text))
        return filled, used

    def wait(notebook: str, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while True:
            filled, used = counts(notebook)
            if filled > used and _quiet(voila):
                return lambda: counts(notebook)[1] > used
            if time.monotonic() > deadline:
                raise AssertionError(f"no kernel waits for {notebook}: {filled} ready, {used} used")
            time.sleep(0.2)

    return wait


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """JupyterLab on a free port serving an empty folder (tests put notebooks in it)."""
    folder = tmp_path_factory.mktemp("lab-server")
    port = free_port()
    log = open(folder / "lab.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--ServerApp.port_retries=0",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            f"--ServerApp.root_dir={folder}",
            "--LabApp.expose_app_in_browser=True",
            "--allow-root",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "REENTRY_WORKBOOK_DB": f"sqlite:///{folder / 'lab.sqlite3'}"},
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/api/status", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    yield SimpleNamespace(url=url, folder=folder)
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
