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

from reentry_workbook.serve import REFILL_DELAY_SECONDS, free_port, voila_command, workbooks_dir

from .chromium import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from .figures import Figure

FIRST_STEP = ".rw-section-step-decision_makers .rw-add"
SUMMARY = ".rw-section-summary .rw-make-report"
PLANNING = "identify-community-members-and-networks.ipynb?workspace=Bench&respondent=Facilitator"
ALL_SECTIONS = "every section of the planning workbook"
READY = {  # page -> the selector of its first interactive widget
    "bare.ipynb": ".bare-ready input",
    PLANNING: FIRST_STEP,
    "identify-community-members-and-networks.ipynb?demo=1": FIRST_STEP,
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
    """Voila on a free port serving the workbooks plus a bare one-form notebook, started as
    ``reentry-workbook serve`` starts it (``preheat``: a kernel per notebook waits ahead)."""

    def __init__(self, preheat: bool = True) -> None:
        self.preheat = preheat
        self.folder = Path(tempfile.mkdtemp(prefix="rw-bench-voila-"))
        for nb in workbooks_dir().glob("*.ipynb"):
            shutil.copy(nb, self.folder / nb.name)
        _bare_notebook(self.folder / "bare.ipynb")
        self.notebooks = len(list(self.folder.glob("*.ipynb")))
        self.port = free_port()
        self.log = open(self.folder / "voila.log", "w")  # noqa: SIM115
        env = {**os.environ, "REENTRY_WORKBOOK_DB": f"sqlite:///{self.folder / 'bench.sqlite3'}"}
        # kernels are killed between measurements; without this Voila would restart them
        self.proc = subprocess.Popen(
            [
                *voila_command(self.folder, self.port, preheat=preheat),
                "--KernelManager.autorestart=False",
            ],
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
                    self.settle()
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("voila did not start")

    def kernels(self, ids: list[str] | None = None) -> list[psutil.Process]:
        """The kernel processes, or those with these ids (the ones pages used)."""
        found = []
        for child in psutil.Process(self.proc.pid).children(recursive=True):
            try:
                command = " ".join(child.cmdline())
            except (psutil.ZombieProcess, psutil.NoSuchProcess):
                continue  # a kernel that was just killed
            if "ipykernel" in command and (ids is None or any(i in command for i in ids)):
                found.append(child)
        return found

    def kill_kernels(self, ids: list[str] | None = None) -> None:
        """Kill the kernels with these ids, or every kernel."""
        for kernel in self.kernels(ids):
            try:
                kernel.kill()
            except psutil.NoSuchProcess:
                pass
        time.sleep(0.3)

    def settle(self, timeout: float = 120) -> None:
        """Wait until a kernel waits for every notebook (preheat) and nothing is busy."""
        if self.preheat:
            time.sleep(REFILL_DELAY_SECONDS + 0.5)  # a used kernel is replaced after this
        wanted = self.notebooks if self.preheat else 0
        deadline = time.monotonic() + timeout
        quiet = 0
        while time.monotonic() < deadline and quiet < 3:
            kernels = self.kernels()
            processes = [psutil.Process(self.proc.pid), *kernels]
            try:
                for proc in processes:
                    proc.cpu_percent(None)
                time.sleep(0.4)
                busy = sum(proc.cpu_percent(None) for proc in processes)
            except psutil.NoSuchProcess:
                continue
            quiet = quiet + 1 if len(kernels) >= wanted and busy < 10 else 0

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


KERNEL_ID = re.compile(r"/api/kernels/([0-9a-f-]{36})")


async def _open(browser, url: str, selector: str, then: str | None = None) -> dict:
    """Open ``url``; seconds until ``selector`` (and ``then``) showed, the context, kernel ids."""
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    await context.route(EXTERNAL, lambda route: route.abort())
    page = await context.new_page()
    ids: list[str] = []
    page.on("websocket", lambda ws: ids.extend(KERNEL_ID.findall(ws.url)))
    start = time.perf_counter()
    await page.goto(url, timeout=600_000)
    await page.locator(selector).first.wait_for(state="visible", timeout=600_000)
    first = time.perf_counter() - start
    if then:
        await page.locator(then).first.wait_for(state="visible", timeout=600_000)
    return {"first": first, "all": time.perf_counter() - start, "context": context, "ids": ids}


async def _ttfi(server: VoilaServer, repeat: int) -> dict[str, list[float]]:
    """Seconds to the first interactive widget of every page (and to every section of the
    planning workbook, under ALL_SECTIONS); each page opened on a quiet server."""
    from playwright.async_api import async_playwright

    times: dict[str, list[float]] = {k: [] for k in [*READY, ALL_SECTIONS]}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_ in range(repeat + 1):  # round 0 warms up; pages alternate so drift hits all
            for key, selector in READY.items():
                then = SUMMARY if key == PLANNING else None
                opened = await _open(browser, server.url + key, selector, then)
                await opened["context"].close()
                server.kill_kernels(opened["ids"] if server.preheat else None)
                server.settle()
                if round_:
                    times[key].append(opened["first"])
                    if then:
                        times[ALL_SECTIONS].append(opened["all"])
        await browser.close()
    return times


def _uss(process: psutil.Process) -> float:
    try:
        return process.memory_full_info().uss / 2**20
    except psutil.NoSuchProcess:
        return float("nan")


CONCURRENT_LIMIT = 300.0  # seconds a page may take when many open at once


async def _concurrent(server: VoilaServer, count: int, page: str) -> tuple[float, float, int]:
    """Open ``count`` pages at once: (seconds until the last became interactive, mean USS in
    MiB of the kernels they use, how many became interactive within CONCURRENT_LIMIT)."""
    from playwright.async_api import async_playwright

    async def timed_open(i: int) -> dict:
        url = server.url + page.replace("Facilitator", f"F{i}")
        return await asyncio.wait_for(_open(browser, url, READY[page]), CONCURRENT_LIMIT)

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        start = time.perf_counter()
        opened = await asyncio.gather(
            *(timed_open(i) for i in range(count)), return_exceptions=True
        )
        ok = [o for o in opened if not isinstance(o, BaseException)]
        wall = max((o["first"] for o in ok), default=time.perf_counter() - start)
        used = server.kernels([i for o in ok for i in o["ids"]])
        memory = statistics.mean(_uss(k) for k in used) if used else float("nan")
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


def _first_widget(times: dict[str, list[float]], label: str, target: bool) -> list[Figure]:
    bare = times["bare.ipynb"]
    base = "bare one-form Voila notebook" + label
    return [
        Figure(
            f"Voila: first interactive widget, planning workbook{label}",
            "s",
            times[PLANNING],
            base,
            bare,
            "≤ 1.3× baseline" if target else "information",
            target_ratio=1.3 if target else None,
        ),
        Figure(
            f"Voila: first interactive widget, planning workbook with demo data{label}",
            "s",
            times["identify-community-members-and-networks.ipynb?demo=1"],
            base,
            bare,
            "information",
        ),
        Figure(
            f"Voila: first interactive widget, participant questionnaire{label}",
            "s",
            times["participant.ipynb?workspace=Bench&respondent=Participant"],
            base,
            bare,
            "information",
        ),
        Figure(
            f"Voila: every section of the planning workbook shown{label}",
            "s",
            times[ALL_SECTIONS],
            base + " (first widget)",
            bare,
            "information",
        ),
    ]


def _measure(preheat: bool, repeat: int) -> dict[str, list[float]]:
    server = VoilaServer(preheat=preheat)
    try:
        return asyncio.run(_ttfi(server, repeat))
    finally:
        server.stop()


def voila_figures(repeat: int, levels: tuple[int, ...]) -> list[Figure]:
    """Pages as ``reentry-workbook serve`` serves them (a kernel waits for each notebook), the
    same with no kernel waiting (every kernel busy or just used), and pages opened at once."""
    figures = _first_widget(_measure(True, repeat), "", target=True)
    figures += _first_widget(
        _measure(False, repeat), " (no kernel waiting: started on request)", target=False
    )
    _, bare_memory, _ = _fresh(1, "bare.ipynb")
    for count in levels:
        bare_wall, _, bare_ok = _fresh(count, "bare.ipynb")
        wall, memory, ok = _fresh(count, PLANNING)
        figures += [
            Figure(
                f"Voila: {count} planning workbooks opened at once, until the last is interactive",
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
