"""Where a planning page's time goes after the sign-in: ``python -m benchmarks.page_timeline [N]``.

Opens the planning workbook N times (default 3) on a server keeping a kernel ready
(``serve --preheat``), signs in as the harness does, and prints for each page the seconds to the
first widget, to the signed-in header and to every section shown, with the CPU seconds the
server, the kernels and Chromium used between the sign-in and the last section. A diagnostic
beside the benchmark suite, not a figure of it: nothing is written, nothing is compared.
"""

from __future__ import annotations

import asyncio
import sys
import time

import psutil
from playwright.async_api import async_playwright

from .chromium import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from .voila_bench import PAGE_LIMIT, PLANNING, SIGN_IN, SUMMARY, BenchServer, _sign_in


def _cpu(server: BenchServer) -> dict[str, float]:
    """CPU seconds so far of the server, its kernels and this process's Chromium."""

    def used(proc: psutil.Process) -> float:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            return 0.0
        return times.user + times.system

    mine = psutil.Process().children(recursive=True)
    return {
        "server": used(psutil.Process(server.proc.pid)),
        "kernels": sum(used(k) for k in server.kernels()),
        "chromium": sum(used(c) for c in mine if "chrom" in c.name()),
    }


async def _pages(server: BenchServer, count: int) -> None:
    limit = PAGE_LIMIT * 1000
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(count):
            await asyncio.to_thread(server.settle)
            context = await browser.new_context(viewport={"width": 1200, "height": 900})
            await context.route(EXTERNAL, lambda route: route.abort())
            page = await context.new_page()
            start = time.perf_counter()
            await page.goto(server.url(PLANNING), timeout=limit)
            await page.locator(SIGN_IN).first.wait_for(state="visible", timeout=limit)
            first = time.perf_counter() - start
            before = _cpu(server)
            await _sign_in(page, "Facilitator")
            signed = time.perf_counter() - start
            await page.locator(SUMMARY).first.wait_for(state="visible", timeout=limit)
            await page.wait_for_function("!document.querySelector('.rw-loading')", timeout=limit)
            every = time.perf_counter() - start
            after = _cpu(server)
            cpu = ", ".join(f"{k} {after[k] - before[k]:.2f} s" for k in after)
            print(
                f"first widget {first:.2f} s, signed in {signed:.2f} s, every section "
                f"{every:.2f} s; CPU from sign-in to every section: {cpu}",
                flush=True,
            )
            await page.close(run_before_unload=True)
            await context.close()
        await browser.close()


def main(argv: list[str]) -> int:
    count = int(argv[0]) if argv else 3
    server = BenchServer(preheat=(PLANNING,))
    try:
        asyncio.run(_pages(server, count))
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
