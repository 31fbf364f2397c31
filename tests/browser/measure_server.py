"""Memory of page kernels and seconds until a closed page's kernel is gone, on a real server.

Run: ``.venv/bin/python -m tests.browser.measure_server [ROUNDS]`` (prints a small table).
"""

import re
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS, EXTERNAL
from tests.browser.identity import sign_in
from tests.browser.server_process import kernel_process, start_server, stop_server

KERNEL_ID = re.compile(r"/api/kernels/([0-9a-f-]{36})")
PAGES = {
    "planning workbook": (
        "identify-community-members-and-networks.ipynb",
        ".rw-section-summary .rw-refresh",
    ),
    "participant questionnaire": ("participant.ipynb", ".rw-next-step"),
}


def _known(url: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/api/kernels/{kernel_id}", timeout=5):
            return True
    except urllib.error.HTTPError:
        return False


def main(rounds: int = 5) -> None:
    server = start_server(Path(tempfile.mkdtemp(prefix="rw-measure-")), preheat=())
    key = server.keys.add("Measure Coalition")
    results: dict[str, dict[str, list[float]]] = {
        n: {"rss": [], "uss": [], "gone": []} for n in PAGES
    }
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for i in range(rounds):
                for name, (notebook, ready) in PAGES.items():
                    context = browser.new_context(viewport={"width": 1200, "height": 900})
                    context.route(EXTERNAL, lambda route: route.abort())
                    page = context.new_page()
                    ids: list[str] = []
                    page.on("websocket", lambda ws, ids=ids: ids.extend(KERNEL_ID.findall(ws.url)))
                    page.goto(f"{server.url}/voila/render/{notebook}?key={key}")
                    sign_in(page, f"M{i}")
                    page.locator(ready).first.wait_for(state="visible", timeout=180_000)
                    page.locator(".rw-save-status").wait_for(state="visible")
                    kernel = kernel_process(server.proc.pid, ids[0])
                    info = kernel.memory_full_info()
                    results[name]["rss"].append(info.rss / 2**20)
                    results[name]["uss"].append(info.uss / 2**20)
                    start = time.monotonic()
                    page.close(run_before_unload=True)
                    while kernel_process(server.proc.pid, ids[0]) or _known(server.url, ids[0]):
                        time.sleep(0.05)
                    results[name]["gone"].append(time.monotonic() - start)
                    context.close()
            browser.close()
    finally:
        stop_server(server)
    print(f"{rounds} rounds; min / median / max")
    for name, figures in results.items():
        for what, unit in (("rss", "MiB"), ("uss", "MiB"), ("gone", "s")):
            values = figures[what]
            print(
                f"{name:27} {what:4} {min(values):7.2f} {statistics.median(values):7.2f} "
                f"{max(values):7.2f} {unit}"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
