"""Voila figures in headless Chromium, on the workbook server as ``reentry-workbook serve`` runs
it (keys, kernel cap, close beacon), with the bare one-form notebook served by the same server.

Workbook and baseline pages are opened *interleaved* (bare, workbook, ..., the order reversed
every round) so both meet the same server and machine conditions, and each round gives one
ratio; the figures report the spread of those ratios, not only the ratio of medians.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil

from reentry_workbook.serve import free_port, workbooks_dir

from . import figures as F
from .chromium import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from .figures import Figure

ROOT = Path(__file__).resolve().parents[1]
BARE = "bare.ipynb"
PLANNING = "identify-community-members-and-networks.ipynb"
PARTICIPANT = "participant.ipynb"
SIGN_IN = ".rw-identity .rw-respondent input, .rw-who"  # the name field (or already known)
READY = {  # notebook -> the selector of its first interactive widget
    BARE: ".bare-ready input",
    PLANNING: SIGN_IN,
    PARTICIPANT: SIGN_IN,
}
AFTER_SIGN_IN = {  # notebook -> what shows once the person has said who they are
    PLANNING: ".rw-section-step-decision_makers .rw-add",
    PARTICIPANT: ".rw-next-step",
}
SUMMARY = ".rw-section-summary .rw-make-report"  # the last section's button: every section shown
ENV_CLOSE = "REENTRY_WORKBOOK_CLOSE"
KERNEL_ID = re.compile(r"/api/kernels/([0-9a-f-]{36})")
PAGE_LIMIT = 120.0  # seconds a page may take


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


def _progress(opened: Opened) -> None:
    print(
        f"  {opened.notebook}: first {opened.first:.2f} s, all {opened.all:.2f} s, "
        f"ahead {opened.preheated}, freed {opened.freed:.2f} s, load {opened.load:.1f}",
        file=sys.stderr,
        flush=True,
    )


def load() -> float:
    """The 1-minute load average of the machine."""
    return os.getloadavg()[0]


class BenchServer:
    """The workbook server (``benchmarks.bench_server``, i.e. ``serve``) on a free port, with a
    throw-away store, a workspace key, and ``preheat`` notebooks keeping a kernel ready."""

    def __init__(self, preheat: tuple[str, ...] = (), max_kernels: int = 40) -> None:
        from reentry_workbook import open_store

        self.preheat = preheat
        self.folder = Path(tempfile.mkdtemp(prefix="rw-bench-server-"))
        served = self.folder / "served"
        served.mkdir()
        for nb in workbooks_dir().glob("*.ipynb"):
            shutil.copy(nb, served / nb.name)
        _bare_notebook(served / BARE)
        db = f"sqlite:///{self.folder / 'bench.sqlite3'}"
        store = open_store(db)
        self.key = store.create_workspace("Bench").facilitator_key
        store.close()
        self.port = free_port()
        self.log_path = self.folder / "server.log"
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "benchmarks.bench_server",
                str(served),
                str(self.port),
                db,
                str(max_kernels),
                *preheat,
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
        self.base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 300  # a busy shared machine can take minutes
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.base}/voila/static/voila.js", timeout=1):
                    self.settle()
                    return
            except OSError:
                time.sleep(0.1)
        said = self.log_path.read_text()[-2000:]
        self.stop()  # removes the folder with the log
        raise RuntimeError(f"the server did not start: {said}")

    def url(self, notebook: str, respondent: str = "Facilitator") -> str:
        params = {"key": self.key}  # names in the address are ignored by a served page
        if notebook == PARTICIPANT:
            params["page"] = PLANNING.removesuffix(".ipynb")
        query = urllib.parse.urlencode(params)
        return f"{self.base}/voila/render/{notebook}?{query}"

    def kernels(self, ids: list[str] | None = None) -> list[psutil.Process]:
        """The kernel processes, or those with these ids."""
        found = []
        try:
            children = psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        for child in children:
            try:
                command = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if "ipykernel" in command and (ids is None or any(i in command for i in ids)):
                found.append(child)
        return found

    def used_preheated(self, kernel_id: str) -> bool:
        """Whether the page with this kernel was given a kernel started ahead of time."""
        return f"Using pre-heated kernel: {kernel_id}" in self.log_path.read_text()

    def close(self, kernel_id: str) -> float:
        """Ask the server to stop this kernel, as a page's close beacon does (with the kernel's
        own secret); seconds until its process is gone."""
        start = time.perf_counter()
        for kernel in self.kernels([kernel_id]):
            try:
                value = kernel.environ().get(ENV_CLOSE, "")
            except psutil.Error:
                continue
            _, _, secret = value.partition(" ")
            data = urllib.parse.urlencode({"secret": secret}).encode()
            try:
                urllib.request.urlopen(  # noqa: S310 - our own local server
                    f"{self.base}/reentry/api/close/{kernel_id}", data=data, timeout=30
                ).close()
            except urllib.error.URLError:
                kernel.kill()
        return self.wait_gone(kernel_id, start)

    def wait_gone(self, kernel_id: str, start: float, timeout: float = 30) -> float:
        """Seconds from ``start`` until the kernel's process is gone (kill it after ``timeout``)."""
        deadline = time.perf_counter() + timeout
        while self.kernels([kernel_id]):
            if time.perf_counter() > deadline:
                for kernel in self.kernels([kernel_id]):
                    kernel.kill()
                return float("nan")
            time.sleep(0.02)
        return time.perf_counter() - start

    def settle(self, timeout: float = 180) -> None:
        """Wait until a kernel waits for every preheated notebook and nothing of ours is busy:
        each page meets a quiet server with its kernel ready."""
        deadline = time.monotonic() + timeout
        while self.preheat and time.monotonic() < deadline:
            text = self.log_path.read_text()
            if all(
                text.count(f"Kernel pool of {nb} is filled")
                > len(re.findall(rf"Using pre-heated kernel: \S+ for {re.escape(nb)}", text))
                for nb in self.preheat
            ):
                break
            time.sleep(0.2)
        quiet = 0
        while time.monotonic() < deadline and quiet < 3:
            try:
                processes = [psutil.Process(self.proc.pid), *self.kernels()]
                for proc in processes:
                    proc.cpu_percent(None)
                time.sleep(0.4)
                busy = sum(proc.cpu_percent(None) for proc in processes)
            except psutil.NoSuchProcess:
                continue
            quiet = quiet + 1 if busy < 10 else 0

    def stop(self) -> None:
        kernels = self.kernels()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        for kernel in kernels:
            try:
                kernel.kill()
            except psutil.NoSuchProcess:
                pass
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Opened:
    """One page opened: seconds to its first widget and to every section, what it used."""

    notebook: str
    first: float
    all: float
    ids: list[str]
    load: float
    preheated: bool = False
    uss: float = float("nan")
    rss: float = float("nan")
    freed: float = float("nan")
    extra: dict = field(default_factory=dict)


async def _open(
    browser,
    server: BenchServer,
    notebook: str,
    respondent: str = "Facilitator",
    ids: list[str] | None = None,
):
    """Open a page; wait for its first widget (and, for the planning workbook, every section).
    ``ids`` collects the page's kernel ids as they appear."""
    context = await browser.new_context(viewport={"width": 1200, "height": 900})
    await context.route(EXTERNAL, lambda route: route.abort())
    page = await context.new_page()
    ids = [] if ids is None else ids
    page.on("websocket", lambda ws: ids.extend(KERNEL_ID.findall(ws.url)))
    before = load()
    start = time.perf_counter()
    await page.goto(server.url(notebook, respondent), timeout=PAGE_LIMIT * 1000)
    await page.locator(READY[notebook]).first.wait_for(state="visible", timeout=PAGE_LIMIT * 1000)
    first = time.perf_counter() - start
    if notebook in AFTER_SIGN_IN:
        await _sign_in(page, respondent)
        await page.locator(AFTER_SIGN_IN[notebook]).first.wait_for(
            state="visible", timeout=PAGE_LIMIT * 1000
        )
    if notebook == PLANNING:
        await page.locator(SUMMARY).first.wait_for(state="visible", timeout=PAGE_LIMIT * 1000)
        await page.wait_for_function(
            "!document.querySelector('.rw-loading')", timeout=PAGE_LIMIT * 1000
        )
    return Opened(notebook, first, time.perf_counter() - start, ids, before), context, page


async def _sign_in(page, name: str) -> None:
    """Say who is working, as a person would (the time it takes counts in 'every section')."""
    if await page.locator(".rw-who").count():
        return
    panel = page.locator(".rw-identity")
    await panel.locator(".rw-respondent input").fill(name)
    await panel.locator("button.rw-start, button.rw-add-me").last.click()
    await page.locator(".rw-who, .rw-add-new").first.wait_for(
        state="visible", timeout=PAGE_LIMIT * 1000
    )
    if await page.locator(".rw-add-new").count():  # close to someone's name: "no, I am new"
        await page.locator(".rw-add-new").click()
        await page.locator(".rw-who").first.wait_for(state="visible", timeout=PAGE_LIMIT * 1000)


def _memory(server: BenchServer, opened: Opened) -> None:
    for kernel in server.kernels(opened.ids[:1]):
        try:
            info = kernel.memory_full_info()
        except psutil.Error:
            continue
        opened.uss, opened.rss = info.uss / 2**20, info.rss / 2**20


async def _close(server: BenchServer, opened: Opened, context, page) -> None:
    """Close the page: the workbook with its own beacon (timed until its kernel is gone), the
    others by asking the server as the beacon does (timed likewise)."""
    kernel_id = opened.ids[0] if opened.ids else None
    if kernel_id and opened.notebook == PLANNING:
        start = time.perf_counter()
        await page.close(run_before_unload=True)
        opened.freed = await asyncio.to_thread(server.wait_gone, kernel_id, start)
    elif kernel_id:
        opened.freed = await asyncio.to_thread(server.close, kernel_id)
    await context.close()
    for other in opened.ids:  # anything left (a beacon that did not arrive)
        if server.kernels([other]):
            await asyncio.to_thread(server.close, other)


async def _interleaved(
    server: BenchServer, notebooks: list[str], repeat: int
) -> list[list[Opened]]:
    """``repeat`` rounds (after one warm-up round) of every notebook in turn, the order reversed
    every round; each page meets a settled server."""
    from playwright.async_api import async_playwright

    rounds: list[list[Opened]] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for round_ in range(repeat + F.WARMUP):
            order = notebooks if round_ % 2 == 0 else list(reversed(notebooks))
            this: list[Opened] = []
            failed = False
            for notebook in order:
                ids: list[str] = []
                try:
                    opened, context, page = await _open(browser, server, notebook, ids=ids)
                except Exception as exc:  # noqa: BLE001 - reported, the round is left out
                    print(f"  {notebook}: failed ({exc!s:.200}); round left out", file=sys.stderr)
                    failed = True
                    for kernel_id in ids:
                        await asyncio.to_thread(server.close, kernel_id)
                    await asyncio.to_thread(server.settle)
                    continue
                opened.preheated = bool(opened.ids) and server.used_preheated(opened.ids[0])
                _memory(server, opened)
                await _close(server, opened, context, page)
                await asyncio.to_thread(server.settle)
                this.append(opened)
                _progress(opened)
            if round_ >= F.WARMUP and not failed:
                rounds.append(this)
        if not rounds:
            raise RuntimeError("every round failed")
        await browser.close()
    return rounds


async def _burst(server: BenchServer, notebook: str, count: int) -> list[Opened]:
    """``count`` people open the page at the same moment (the pool holds one kernel at most)."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        results = await asyncio.gather(
            *(_open(browser, server, notebook, f"Arrival {i}") for i in range(count)),
            return_exceptions=True,
        )
        ok = [r for r in results if not isinstance(r, BaseException)]
        for opened, _context, _page in ok:
            opened.preheated = bool(opened.ids) and server.used_preheated(opened.ids[0])
            _memory(server, opened)
        await browser.close()
    for opened, _context, _page in ok:
        for kernel_id in opened.ids:
            await asyncio.to_thread(server.close, kernel_id)
    await asyncio.to_thread(server.settle)
    return [o for o, _, _ in ok] + [
        Opened(notebook, float("nan"), float("nan"), [], load()) for _ in range(count - len(ok))
    ]


def _ratios(rounds: list[list[Opened]], notebook: str, what: str = "first") -> list[float]:
    out = []
    for this in rounds:
        ours = next(o for o in this if o.notebook == notebook)
        bare = next(o for o in this if o.notebook == BARE)
        out.append(getattr(ours, what) / bare.first)
    return out


def _spread(ratios: list[float], target: float | None) -> str:
    text = (
        f"ratio per round: median {statistics.median(ratios):.2f}×, "
        f"{min(ratios):.2f}× – {max(ratios):.2f}× over {len(ratios)} interleaved rounds"
    )
    if target is not None:
        within = sum(r <= target for r in ratios)
        text += f"; {within} of {len(ratios)} rounds ≤ {target}×"
    return text


def _times(rounds: list[list[Opened]], notebook: str, what: str = "first") -> list[float]:
    return [getattr(o, what) for this in rounds for o in this if o.notebook == notebook]


def _hits(rounds: list[list[Opened]], notebook: str) -> str:
    pages = [o for this in rounds for o in this if o.notebook == notebook]
    return f"{sum(o.preheated for o in pages)} of {len(pages)}"


def _load_note(rounds: list[list[Opened]]) -> str:
    """The machine's load while these pages opened, and how the bare page's time followed it."""
    bare = [o for this in rounds for o in this if o.notebook == BARE]
    loads = [o.load for this in rounds for o in this]
    text = f"load during these pages {min(loads):.1f} – {max(loads):.1f}"
    try:
        r = statistics.correlation([o.load for o in bare], [o.first for o in bare])
        text += f"; bare time against load: r = {r:.2f}"
    except statistics.StatisticsError:
        pass
    return text


def _first_widget(rounds: list[list[Opened]], label: str, headline: bool) -> list[Figure]:
    bare = _times(rounds, BARE)
    base = f"bare one-form notebook, same server, interleaved{label}"
    hits = (
        f"kernel started ahead used: workbook {_hits(rounds, PLANNING)}, bare {_hits(rounds, BARE)}"
    )
    figures = [
        Figure(
            f"Voila: first interactive widget, planning workbook{label}",
            "s",
            _times(rounds, PLANNING),
            base,
            bare,
            "≤ 1.3× baseline" if headline else "information",
            target_ratio=1.3 if headline else None,
            note=_spread(_ratios(rounds, PLANNING), 1.3 if headline else None)
            + f"; {hits}; {_load_note(rounds)}",
            extra={"round_ratio": _ratios(rounds, PLANNING)},
        ),
        Figure(
            f"Voila: every section of the planning workbook shown{label}",
            "s",
            _times(rounds, PLANNING, "all"),
            base + " (first widget)",
            bare,
            "≤ 1.5× baseline" if headline else "information",
            target_ratio=1.5 if headline else None,
            note=_spread(_ratios(rounds, PLANNING, "all"), 1.5 if headline else None),
            extra={"round_ratio": _ratios(rounds, PLANNING, "all")},
        ),
    ]
    if any(o.notebook == PARTICIPANT for o in rounds[0]):
        figures.append(
            Figure(
                f"Voila: first interactive widget, participant questionnaire{label}",
                "s",
                _times(rounds, PARTICIPANT),
                base,
                bare,
                "information",
                note=_spread(_ratios(rounds, PARTICIPANT), None),
            )
        )
    return figures


def _run(coro_factory, server: BenchServer):
    try:
        return asyncio.run(coro_factory(server))
    finally:
        server.stop()


def voila_figures(
    repeat: int, arrivals: int, burst_rounds: int, smoke: bool = False
) -> list[Figure]:
    """The first widget with a kernel started ahead (``serve --preheat``), the same with every
    kernel started on request (``serve``'s default), several arrivals at once, memory per page
    kernel, and how soon a closed page's kernel is freed. ``smoke``: one server, the bare and
    planning pages once each (the test suite's check that the harness still works)."""
    load_start = load()
    notebooks = [BARE, PLANNING] if smoke else [BARE, PLANNING, PARTICIPANT]
    pre = _run(
        lambda s: _interleaved(s, notebooks, repeat),
        BenchServer(preheat=tuple(notebooks)),
    )
    figures = _first_widget(pre, " (kernel started ahead: `serve --preheat`)", headline=True)
    if smoke:
        return figures
    cold = _run(lambda s: _interleaved(s, [BARE, PLANNING], repeat), BenchServer(preheat=()))
    figures += _first_widget(
        cold, " (kernel started on request: `serve`'s default)", headline=False
    )

    async def bursts(server: BenchServer) -> tuple[list[Opened], list[Opened]]:
        ours: list[Opened] = []
        bare: list[Opened] = []
        for i in range(burst_rounds):
            for notebook in [BARE, PLANNING] if i % 2 == 0 else [PLANNING, BARE]:
                got = await _burst(server, notebook, arrivals)
                (bare if notebook == BARE else ours).extend(got)
        return ours, bare

    ours, bare = _run(bursts, BenchServer(preheat=(BARE, PLANNING)))
    ok = [o.first for o in ours if o.first == o.first]
    bare_ok = [o.first for o in bare if o.first == o.first]
    failed = (len(ours) - len(ok)) + (len(bare) - len(bare_ok))
    figures.append(
        Figure(
            f"Voila: {arrivals} planning workbooks opened at once (pool busy): "
            "first interactive widget",
            "s",
            ok or [float("nan")],
            f"{arrivals} bare notebooks opened at once, same server",
            bare_ok or [float("nan")],
            f"all {arrivals} interactive; information",
            note=f"{burst_rounds} bursts each, interleaved; one kernel per notebook started "
            f"ahead, the rest on request; slowest page {max(ok, default=float('nan')):.1f} s "
            f"vs bare {max(bare_ok, default=float('nan')):.1f} s; {len(ok)} of {len(ours)} "
            f"became interactive (each step of a page may take {PAGE_LIMIT:.0f} s)",
            extra={"errors": failed},
        )
    )
    all_pre = [o for this in pre for o in this]
    for unit_name, attr in (("USS", "uss"), ("RSS", "rss")):
        figures.append(
            Figure(
                f"Voila: memory per page kernel ({unit_name}), planning workbook, "
                "every section shown",
                "MiB",
                [getattr(o, attr) for o in all_pre if o.notebook == PLANNING],
                "bare ipywidgets kernel (one-form notebook), same server",
                [getattr(o, attr) for o in all_pre if o.notebook == BARE],
                "information",
            )
        )
    freed = [o.freed for this in (pre + cold) for o in this if o.notebook == PLANNING]
    asked = [o.freed for this in (pre + cold) for o in this if o.notebook == BARE]
    figures.append(
        Figure(
            "Voila: a closed page's kernel freed (planning workbook, tab closed: close beacon)",
            "s",
            [x for x in freed if x == x] or [float("nan")],
            "server stopping a bare kernel when asked directly (same endpoint)",
            [x for x in asked if x == x] or [float("nan")],
            "≤ 5 s",
            target_max=5.0,
            note=f"{sum(x != x for x in freed)} of {len(freed)} beacons did not free the kernel "
            "within 30 s",
            extra={"errors": sum(x != x for x in freed)},
        )
    )
    figures[0].extra["load"] = (load_start, load())
    return figures
