"""Workshop capacity (issue 16, contract §4): participants join a light web form, not a kernel
each. ``python -m benchmarks.workshop_capacity [--quick] [--no-write]``."""

from __future__ import annotations

import argparse
import asyncio
import http.cookiejar
import json
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import psutil

from reentry_workbook.serve import free_port

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .figures import Figure

ROOT = Path(__file__).resolve().parents[1]
PAGE = "identify_community_members_and_networks"
ITEM = "q_decision_makers_named"
VALUES = ("yes", "partly", "not_yet", "not_sure")
STATUS_ITEMS = (
    "q_decision_makers_named", "q_networks_found", "q_networks_engaged", "q_representative",
    "q_room_for_new_leaders", "q_who_they_listen_to", "q_messengers_assigned",
)  # fmt: skip
SHOWS = "([sel, text]) => (document.querySelector(sel)?.innerText || '').includes(text)"
START, END = "<!-- workshop figures -->", "<!-- /workshop figures -->"


class WorkshopServer:
    """``reentry-workbook serve --workshop`` on this computer, with a throw-away store."""

    def __init__(self, participants: int = 20) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="rw-bench-workshop-"))
        db = f"sqlite:///{self.folder / 'bench.sqlite3'}"
        self.db = db
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "reentry_workbook", "serve", "--workshop", "--host",
            "127.0.0.1", "--port", str(port), "--db", db, "--workspace", "Bench Workshop",
            "--page", PAGE, "--participants", str(participants),
        ]  # fmt: skip
        self.log = self.folder / "server.log"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and self.proc.poll() is None:
            text = self.log.read_text(errors="replace")
            join = re.search(r"Participants join with:\s+(\S+)", text)
            board = re.search(r"Your dashboard \(keep it to yourself\): (\S+)", text)
            if join and board and "Kernel pool of workshop.ipynb is filled" in text:
                self.join, self.board = join.group(1), board.group(1)
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the workshop server did not start: {self.log.read_text()[-2000:]}")

    def uss(self) -> float:
        """The server process's own memory (USS, MiB): kernels are other processes."""
        return psutil.Process(self.proc.pid).memory_full_info().uss / 2**20

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()


class Phone:
    """A participant's phone without a browser: cookies, the XSRF value, JSON saves."""

    def __init__(self, server: WorkshopServer, name: str) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.open = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar)).open
        html = self.open(server.join, timeout=30).read().decode()
        token = re.search(r'name="_xsrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
        body = f"_xsrf={urllib.request.quote(token)}&page={PAGE}&name={name}&how=named".encode()
        form = self.open(urllib.request.Request(server.join, body), timeout=30).read().decode()
        self.xsrf = re.search(r'id="xsrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        base = server.join.split("/join/", 1)[0]
        for asset in re.findall(r'(?:href|src)="(/[^"]+\.(?:css|js))"', form):
            self.open(base + asset, timeout=30).read()  # what the browser fetches next
        self.save_url = f"{server.join}/{PAGE}/answer"
        self.revisions: dict[str, int | None] = {}

    def save(self, item: str, value: Any) -> tuple[float, bool]:
        """(seconds for the round trip, whether the server said it saved)."""
        body = json.dumps({"item": item, "value": value, "base": self.revisions.get(item)})
        request = urllib.request.Request(
            self.save_url,
            body.encode(),
            {"Content-Type": "application/json", "X-XSRFToken": self.xsrf.replace("&#124;", "|")},
        )
        start = time.perf_counter()
        try:
            reply = json.loads(self.open(request, timeout=30).read())
        except (urllib.error.URLError, OSError, ValueError):
            return time.perf_counter() - start, False
        if reply.get("revision") is not None:
            self.revisions[item] = reply["revision"]
        return time.perf_counter() - start, reply.get("status") == "saved"


async def _open_form(browser: Any, link: str, name: str, delay: float) -> float:
    """Seconds from opening the join link to the first question being interactive."""
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(180_000)  # a loaded machine is measured, not refused
    page = await context.new_page()
    start = time.perf_counter()
    await page.goto(link)
    await page.fill("#name", name)
    await page.click("button[value=named]")
    await page.wait_for_selector("body.ready fieldset.q input", state="visible", timeout=120_000)
    took = time.perf_counter() - start
    await context.close()
    return took


async def _arrivals(link: str, names: list[str], spread: float) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        delays = [random.uniform(0, spread) for _ in names] if spread else [0.0] * len(names)
        times = await asyncio.gather(
            *(_open_form(browser, link, n, d) for n, d in zip(names, delays, strict=True))
        )
        await browser.close()
    return list(times)


def _phones_arriving(
    server: WorkshopServer, names: list[str], spread: float
) -> tuple[list[float], list[Phone]]:
    """Phones without a browser joining at random moments over ``spread`` seconds: seconds from
    the join link to having the first question's page, its script and its styles."""
    times: list[float] = [float("nan")] * len(names)
    phones: list[Phone | None] = [None] * len(names)

    def arrive(i: int) -> None:
        time.sleep(random.uniform(0, spread) if spread else 0.0)
        start = time.perf_counter()
        try:
            phones[i] = Phone(server, names[i])
        except (OSError, AttributeError):  # counted: the figure says how many arrived
            return
        times[i] = time.perf_counter() - start

    threads = [threading.Thread(target=arrive, args=(i,)) for i in range(len(names))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, [p for p in phones if p is not None]


def _duration(seconds: float) -> str:
    return f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def _lags(server: WorkshopServer, phones: list[Phone], busy: bool) -> list[float]:
    """Seconds from each save's acknowledgement to the dashboard showing it."""
    from playwright.async_api import async_playwright

    stop = threading.Event()

    def churn(phone: Phone) -> None:  # everyone else keeps answering other questions
        while not stop.is_set():
            phone.save(random.choice(STATUS_ITEMS[1:]), random.choice(VALUES))
            stop.wait(random.uniform(0.5, 2.0))

    threads = (
        [threading.Thread(target=churn, args=(p,), daemon=True) for p in phones] if busy else []
    )
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await (await browser.new_context(viewport={"width": 1280, "height": 900})).new_page()
        await page.goto(server.board)
        item = page.locator(f'.rw-ws-item[data-item="{ITEM}"]')
        await item.wait_for(timeout=180_000)
        for t in threads:
            t.start()
        lags = []
        for n, phone in enumerate(phones, 1):
            _took, ok = await asyncio.to_thread(phone.save, ITEM, random.choice(VALUES))
            saved = time.perf_counter()
            shown = f"({n} so far" if n < 3 else f"{n} answers"
            try:
                await page.wait_for_function(
                    SHOWS,
                    arg=[f'.rw-ws-item[data-item="{ITEM}"]', shown],
                    timeout=30_000,
                )
            except Exception:  # noqa: BLE001 - counted as an error, the run goes on
                ok = False
            lags.append(time.perf_counter() - saved if ok else float("nan"))
        stop.set()
        await browser.close()
    for t in threads:
        t.join(5)
    return lags


def _soak(
    phones: list[Phone], seconds: float
) -> tuple[list[float], int, dict[tuple[str, str], str]]:
    """Everyone answers for ``seconds``: (round trips, errors, last saved value per answer)."""
    stop = time.monotonic() + seconds
    trips: list[float] = []
    errors = 0
    last: dict[tuple[str, str], str] = {}
    lock = threading.Lock()

    def run(phone: Phone, name: str) -> None:
        nonlocal errors
        while time.monotonic() < stop:
            item, value = random.choice(STATUS_ITEMS), random.choice(VALUES)
            took, ok = phone.save(item, value)
            with lock:
                trips.append(took)
                if ok:
                    last[(name, item)] = value
                else:
                    errors += 1
            time.sleep(random.uniform(1.0, 3.0))

    threads = [threading.Thread(target=run, args=(p, f"P{i}")) for i, p in enumerate(phones)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return trips, errors, last


def _lost(db: str, last: dict[tuple[str, str], str]) -> int:
    from reentry_workbook.store import open_store
    from reentry_workbook.store.frames import personal_frame

    store = open_store(db)
    try:
        ws = next(w for w in store.workspaces() if w.name == "Bench Workshop")
        frame = personal_frame(store, ws.id, PAGE)
    finally:
        store.close()
    stored = {(r.person, r.item_id): r.value for r in frame.itertuples()}
    return sum(1 for key, value in last.items() if stored.get(key) != value)


def _voila_pages(notebook: str, count: int) -> list[Any]:
    """``count`` people opening a Voila page of the workbook server at the same moment, each
    page with its own kernel (the path the workshop form replaces), as the Voila figures do."""
    from .voila_bench import BenchServer, _burst

    server = BenchServer(preheat=(), max_kernels=max(40, count + 5))
    try:
        return asyncio.run(_burst(server, notebook, count))
    finally:
        server.stop()


def workshop_figures(quick: bool) -> list[Figure]:
    """The capacity figures, each beside a baseline measured in the same run."""
    count = 20
    soak_seconds = 20.0 if quick else 600.0
    quiet = WorkshopServer(count)
    try:
        alone = asyncio.run(
            _arrivals(quiet.join, [f"Alone {i}" for i in range(1 if quick else 5)], 0)
        )
        alone_http, _ = _phones_arriving(quiet, [f"Solo {i}" for i in range(1 if quick else 5)], 0)
        alone_http += _phones_arriving(quiet, ["Solo again"], 0)[0]
        single = Phone(quiet, "Single")
        quiet_trips = [single.save(ITEM, random.choice(VALUES))[0] for _ in range(20)]
        quiet_lag = asyncio.run(_lags(quiet, [single], busy=False))
    finally:
        quiet.stop()
    server = WorkshopServer(2 * count)  # the browsers' arrivals and the simulated phones
    try:
        before = server.uss()
        arrivals = asyncio.run(_arrivals(server.join, [f"Arrival {i}" for i in range(count)], 10.0))
        http_arrivals, phones = _phones_arriving(server, [f"P{i}" for i in range(count)], 10.0)
        for phone in phones:  # not the measured question: the lag counts its answers from 1
            phone.save(STATUS_ITEMS[1], "yes")
        change = server.uss() - before  # MiB, 2 × count sessions joined and answered
        per_person = max(change, 0.0) / (2 * count)  # a shrinking heap is not negative cost
        lags = asyncio.run(_lags(server, phones, busy=True))
        trips, errors, last = _soak(phones, soak_seconds)
        lost = _lost(server.db, last)
    finally:
        server.stop()
    from .voila_bench import BARE

    try:
        bare_kernel = _voila_pages(BARE, 1)[0].uss
    except RuntimeError as exc:  # keep the workshop's own figures on a loaded machine
        print(f"bare ipywidgets kernel: not measured ({exc})", file=sys.stderr)
        bare_kernel = float("nan")
    from .run import table

    figures = [
        Figure(
            f"Workshop: {count} participants opening the join link within 10 s, first question "
            "interactive, p50",
            "s",
            [_pct(arrivals, 50)],
            "one participant on a quiet server",
            alone,
            "information",
        ),
        Figure(
            f"Workshop: {count} participants opening the join link within 10 s, p95",
            "s",
            [_pct(arrivals, 95)],
            "one participant on a quiet server",
            alone,
            "p95 ≤ 1.5× baseline",
            target_ratio=1.5,
        ),
        Figure(
            f"Workshop: {count} phones (no browser) opening the join link within 10 s: the "
            "first question's page, script and styles received, p95",
            "s",
            [_pct([x for x in http_arrivals if x == x] or [float("nan")], 95)],
            "one phone on a quiet server",
            [x for x in alone_http if x == x] or [float("nan")],
            "p95 ≤ 1.5× baseline",
            target_ratio=1.5,
            note=f"{sum(x == x for x in http_arrivals)} of {count} joined; the server's part "
            "of an arrival, without the browsers' own work on this machine's 2 cores",
            extra={"errors": sum(x != x for x in http_arrivals)},
        ),
        Figure(
            "Workshop: server memory per participant session (no kernel)",
            "KiB",
            [per_person * 1024],
            "bare ipywidgets kernel (USS)",
            [bare_kernel * 1024],
            "≤ 2× baseline",
            target_ratio=2.0,
            note=f"the server's own memory (USS) changed by {change:+.1f} MiB while "
            f"{2 * count} sessions joined and answered",
        ),
        Figure(
            f"Workshop: dashboard lag, a save to the facilitator's screen, p95 with {count} "
            "answering",
            "s",
            [_pct([x for x in lags if x == x], 95)],
            "one participant on a quiet server",
            quiet_lag,
            "p95 ≤ 2 s",
            target_max=2.0,
            extra={"errors": sum(1 for x in lags if x != x)},
        ),
        Figure(
            f"Workshop: {count} participants × {_duration(soak_seconds)} answering, save round "
            "trip p95",
            "ms",
            [1000 * _pct(trips, 95)],
            "one participant on a quiet server (p95)",
            [1000 * _pct(quiet_trips, 95)],
            "0 lost, 0 errors",
            note=f"{len(trips)} saves, {errors} errors, {lost} answers lost",
            extra={"errors": errors + lost},
        ),
    ]
    print(table(figures), flush=True)  # kept even if the information figure below fails
    if not quick:
        from .voila_bench import PARTICIPANT

        try:
            pages = _voila_pages(PARTICIPANT, count)
        except RuntimeError as exc:  # a loaded machine: the workshop figures still count
            print(f"20 Voila participant pages: not measured ({exc})", file=sys.stderr)
            return figures
        shown = [o.first for o in pages if o.first == o.first]
        wall = max(shown, default=float("nan"))
        ok = len(shown)
        memory = statistics.median([o.uss for o in pages if o.uss == o.uss] or [float("nan")])
        figures.append(
            Figure(
                f"Voila (the path replaced): {count} participant pages at once, until the last "
                "is interactive",
                "s",
                [wall],
                f"{count} workshop participants, the last one",
                [max(arrivals)],
                "information",
                note=f"{ok} of {count} interactive; kernel USS {memory:.0f} MiB each",
            )
        )
    return figures


def write_section(text: str, path: Path = ROOT / "docs" / "benchmarks.md") -> None:
    """Put the workshop figures into docs/benchmarks.md between their markers."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    section = (
        f"{START}\n## Workshop capacity\n\nMeasured {when} "
        "with `python -m benchmarks.workshop_capacity`. Participants answer in a light web form "
        "served by the workbook server (no kernel per phone); the facilitator's dashboard is a "
        "Voila page polling the store every second. Arrivals are spread at random over 10 s; "
        "phones other than the measured ones are simulated over HTTP.\n\n"
        f"{text}\n{END}"
    )
    current = path.read_text(encoding="utf-8")
    if START in current and END in current:
        head, rest = current.split(START, 1)
        current = head + section + rest.split(END, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(current, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    from .run import table

    parser = argparse.ArgumentParser(prog="python -m benchmarks.workshop_capacity")
    parser.add_argument("--quick", action="store_true", help="a 20 s soak instead of 10 min")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args(argv)
    text = table(workshop_figures(args.quick))
    print(text)
    if not args.no_write:
        write_section(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
