"""Benchmark helper process: N saves, prints JSON {latencies_ms, errors}."""

import json
import sys
import time

from reentry_workbook.store import open_store


def main() -> None:
    url, response_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = open_store(url)
    latencies, errors = [], []
    for i in range(count):
        start = time.perf_counter()
        try:
            store.save_answers(response_id, {f"q{i % 50:03d}": i})
        except Exception as exc:  # noqa: BLE001 - counted and reported, not hidden
            errors.append(str(exc)[:200])
        latencies.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"latencies_ms": latencies, "errors": errors}))


if __name__ == "__main__":
    main()
