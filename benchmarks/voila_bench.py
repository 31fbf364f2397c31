"""Voila figures in headless Chromium: time to first interactive widget, concurrent sessions."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import psutil

from reentry_workbook.serve import free_port, voila_command, workbooks_dir

from .figures import Figure

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXTERNAL = re.compile(r"^https?://(?!127\.0\.0\.1)")
FIRST_STEP = ".rw-section-step-decision_makers .rw-add"
READY = {  # page -> the selector of its first interactive widget
    "bare.ipynb": ".bare-ready input",
    "community-support.ipynb?workspace=Bench&respondent=Facilitator": FIRST_STEP,
    "community-support.ipynb?demo=1": FIRST_STEP,
    "participant.ipynb?workspace=Bench&respondent=Participant": ".rw-next-step",
}


def _bare_notebook(path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as W\n"
            "name = W.Text(description='Name'); name.add_class('bare-ready')\n"
            "W.VBox([name, W.RadioButtons(options=['Yes', 'No'], description='Ready?'),"
            " W.Button(description='Send')])"
        )
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


class VoilaServer:
    """Voila on a free port serving the workbooks plus a bare one-form notebook."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rw-bench-voila-"))
        for nb in workbooks_dir().glob("*.ipynb"):
            shutil.copy(nb, self.folder / nb.name)
        _bare_notebook(self.folder / "bare.ipynb")
        self.port = free_port()
        self.log = open(self.folder / "voila.log", "w")  # noqa: SIM115
        env = {**os.environ, "REENTRY_WORKBOOK_DB": f"sqlite:///{self.folder / 'bench.sqlite3'}"}
        # kernels are killed between measurements; without this Voila would restart them
        self.proc = subprocess.Popen(
            [*voila_command(self.folder, self.port), "--KernelManager.autorestart=False"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        self.url = f"http://127.0.0.1:{self.port}/voila/render/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{self.port}/voila/static/voila.js", timeout=1
                ):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("voila did not start")

    def kernels(self) -> list[psutil.Process]:
        found = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    found.append(child)
            except (psutil.ZombieProcess, psutil.NoSuchProcess):
                continue  # a kernel that was just killed
        return found

    def kill_kernels(self) -> None:
        for kernel in self.kernels():
            try:
                kernel.kill()
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.3)

    def stop(self) -> None:
        kernels = self.kernels()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        for kernel in kernels:
            try:
                kernel.kill()
            except psutil.NoSuchProcess:
                pass
        self.log.close()


async def _open(browser, url: str, selector: str) -> tuple[float, object]:
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    await context.route(EXTERNAL, lambda route: route.abort())
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(url, timeout=600_000)
    await page.locator(selector).first.wait_for(state="visible", timeout=600_000)
    return time.perf_counter() - start, context


async def _ttfi(server: VoilaServer, repeat: int) -> dict[str, list[float]]:
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {k: [] for k in READY}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for key, selector in READY.items():  # one warm-up page each
            _, ctx = await _open(browser, server.url + key, selector)
            await ctx.close()
        server.kill_kernels()
        for _ in range(repeat):  # alternate so drift hits every page alike
            for key, selector in READY.items():
                seconds, ctx = await _open(browser, server.url + key, selector)
                times[key].append(seconds)
                await ctx.close()
                server.kill_kernels()
        await browser.close()
    return times


def _uss(process: psutil.Process) -> float:
    try:
        return process.memory_full_info().uss / 2**20
    except psutil.NoSuchProcess:
        return float("nan")


CONCURRENT_LIMIT = 300.0  # seconds a page may take when many open at once


async def _concurrent(server: VoilaServer, count: int, page: str) -> tuple[float, float, int]:
    """Open ``count`` pages at once: (seconds until the last became interactive, mean kernel
    USS in MiB, how many became interactive within CONCURRENT_LIMIT)."""
    from playwright.async_api import async_playwright

    async def timed_open(i: int) -> tuple[float, object]:
        url = server.url + page.replace("Facilitator", f"F{i}")
        return await asyncio.wait_for(_open(browser, url, READY[page]), CONCURRENT_LIMIT)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        start = time.perf_counter()
        opened = await asyncio.gather(
            *(timed_open(i) for i in range(count)), return_exceptions=True
        )
        ok = [o for o in opened if not isinstance(o, BaseException)]
        wall = max((o[0] for o in ok), default=time.perf_counter() - start)
        kernels = server.kernels()
        memory = statistics.mean(_uss(k) for k in kernels) if kernels else float("nan")
        await browser.close()
    server.kill_kernels()
    return wall, memory, len(ok)


def _fresh(count: int, page: str) -> tuple[float, float, int]:
    """Open ``count`` pages at once on a server of their own, then stop it with its kernels."""
    server = VoilaServer()
    try:
        return asyncio.run(_concurrent(server, count, page))
    finally:
        server.stop()


def voila_figures(repeat: int, levels: tuple[int, ...]) -> list[Figure]:
    server = VoilaServer()
    try:
        times = asyncio.run(_ttfi(server, repeat))
        bare = times["bare.ipynb"]
        figures = [
            Figure(
                "Voila: first interactive widget, planning workbook",
                "s",
                times["community-support.ipynb?workspace=Bench&respondent=Facilitator"],
                "bare one-form Voila notebook",
                bare,
                "≤ 1.3× baseline",
                target_ratio=1.3,
            ),
            Figure(
                "Voila: first interactive widget, planning workbook with demo data",
                "s",
                times["community-support.ipynb?demo=1"],
                "bare one-form Voila notebook",
                bare,
                "information",
            ),
            Figure(
                "Voila: first interactive widget, participant questionnaire",
                "s",
                times["participant.ipynb?workspace=Bench&respondent=Participant"],
                "bare one-form Voila notebook",
                bare,
                "information",
            ),
        ]
        _, bare_memory, _ = _fresh(1, "bare.ipynb")
        page = "community-support.ipynb?workspace=Bench&respondent=Facilitator"
        for count in levels:
            bare_wall, _, bare_ok = _fresh(count, "bare.ipynb")
            wall, memory, ok = _fresh(count, page)
            figures += [
                Figure(
                    f"Voila: {count} planning workbooks opened at once, until the last is "
                    "interactive",
                    "s",
                    [wall],
                    f"{count} bare notebooks at once",
                    [bare_wall],
                    f"all {count} interactive",
                    note=f"{ok} of {count} interactive within {CONCURRENT_LIMIT:.0f} s; "
                    f"bare: {bare_ok} of {count}",
                    extra={"errors": (count - ok) + (count - bare_ok)},
                ),
                Figure(
                    f"Voila: memory per session with {count} open (kernel USS)",
                    "MiB",
                    [memory],
                    "bare ipywidgets kernel",
                    [bare_memory],
                    "information",
                ),
            ]
        return figures
    finally:
        server.stop()
