"""Benchmark helper process: run a page notebook's work as its kernel does, outside a kernel,
and print JSON seconds for each part. ``python -m benchmarks.kernel_build bare|workbook DB``."""

import json
import sys
import time


def main() -> None:
    start = time.perf_counter()
    mode, url = sys.argv[1], sys.argv[2]
    parts: dict[str, float] = {}
    if mode == "bare":
        import ipywidgets as W

        parts["import"] = time.perf_counter() - start
        name = W.Text(description="Name")
        W.VBox([name, W.RadioButtons(options=["Yes", "No"]), W.Button(description="Send")])
        parts["build"] = time.perf_counter() - start - parts["import"]
    else:
        from reentry_workbook import open_store, open_workbook

        mark = time.perf_counter()
        parts["import"] = mark - start
        store = open_store(url)
        parts["store open"] = time.perf_counter() - mark
        mark = time.perf_counter()
        wb = open_workbook(
            "identify-community-members-and-networks", store, "Bench", "Facilitator", False
        )
        wb.header()
        parts["workbook open"] = time.perf_counter() - mark
        mark = time.perf_counter()
        steps = [s.id for s in wb.q.steps]
        wb.step(steps[0])
        parts["first step"] = time.perf_counter() - mark
        mark = time.perf_counter()
        for step in steps[1:]:
            wb.step(step)
        parts["other steps"] = time.perf_counter() - mark
        mark = time.perf_counter()
        wb.summary()
        parts["summary"] = time.perf_counter() - mark
        parts["loaded networkx"] = float("networkx" in sys.modules)
        parts["loaded alembic"] = float("alembic" in sys.modules)
    print(json.dumps(parts))


if __name__ == "__main__":
    main()
