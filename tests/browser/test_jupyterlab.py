"""The planning workbook also works as a normal notebook in JupyterLab (run all cells)."""

import os
import shutil
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from reentry_workbook.serve import free_port, workbooks_dir


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    shutil.copy(workbooks_dir() / "identify-community-members-and-networks.ipynb", folder)
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
    yield url
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_run_all_cells_in_jupyterlab(page: Page, lab, screenshots):
    page.goto(f"{lab}/lab/tree/identify-community-members-and-networks.ipynb")
    page.wait_for_function("window.jupyterapp && document.querySelector('.jp-Notebook')")
    page.wait_for_function(
        "document.querySelector('.jp-Notebook .jp-Cell') !== null"
        " && window.jupyterapp.shell.currentWidget?.sessionContext?.session?.kernel != null",
        timeout=90_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    panel = page.locator(".rw-start-panel")
    expect(panel).to_be_visible(timeout=90_000)
    panel.get_by_role("button", name="Explore with fictional demo data").click()
    expect(page.locator(".rw-who")).to_contain_text("fictional demo data", timeout=60_000)
    expect(page.locator(".rw-section-step-who_sways_whom svg")).to_be_attached()
    expect(page.locator(".rw-problem")).to_have_count(0)
    page.screenshot(path=str(screenshots / "jupyterlab.png"))
