"""What a save and a live refresh cost with many people editing (for the benchmarks).

Run: ``python -m reentry_workbook.store.costs [DATABASE_URL] [PEOPLE]``
"""

from __future__ import annotations

import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .api import open_store
from .changes import SetAnswer, SetFields
from .types import Author

QUESTIONNAIRE = "cost_probe"  # any page id: the store does not read templates


@dataclass(frozen=True)
class Costs:
    """Milliseconds per one-field save and per ``changes_since`` poll, median and 95th pct."""

    people: int
    saves: int
    save_median_ms: float
    save_p95_ms: float
    polls: int
    poll_median_ms: float
    poll_p95_ms: float

    def __str__(self) -> str:
        return (
            f"{self.people} people, {self.saves} one-field saves: median "
            f"{self.save_median_ms:.1f} ms, p95 {self.save_p95_ms:.1f} ms; "
            f"{self.polls} changes_since polls: median {self.poll_median_ms:.1f} ms, "
            f"p95 {self.poll_p95_ms:.1f} ms"
        )


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _person(url: str, plan: str, mine: str, name: str, saves: int, pause: float) -> list[float]:
    """One person editing: alternately a field of a plan record and one of their answers."""
    store = open_store(url)
    took: list[float] = []
    seen: dict[str, str] | None = None
    for n in range(saves):
        if n % 2:
            change: SetAnswer | SetFields = SetAnswer(mine, f"q{n % 7}", n, None)
        else:
            fields = {"name": f"{name} {n}"}
            change = SetFields(plan, "probe_list", name, fields, seen)
            seen = fields
        start = time.perf_counter()
        store.save([change], Author(name))
        took.append((time.perf_counter() - start) * 1000)
        time.sleep(pause)
    store.close()
    return took


def measure(url: str, *, people: int = 20, saves_each: int = 20, pause: float = 1.0) -> Costs:
    """``people`` processes each save one field about once a second (typing, debounced) while
    one poller refreshes every 0.5 s, as a facilitator's page would."""
    store = open_store(url)
    ws = store.create_workspace("Cost measurement (fictional)").workspace
    plan = store.plan_response(ws.id, QUESTIONNAIRE, "1")
    jobs = []
    for n in range(people):
        who = store.join(ws.id, f"Person {n + 1}", "participant")
        mine = store.personal_response(ws.id, who.id, QUESTIONNAIRE, "1")
        jobs.append((url, plan, mine, who.name, saves_each, pause))
    polls: list[float] = []
    seq = store.latest_seq(ws.id, QUESTIONNAIRE)
    with multiprocessing.get_context("spawn").Pool(people) as pool:
        running = pool.starmap_async(_person, jobs)
        while not running.ready():
            start = time.perf_counter()
            seq = store.changes_since(ws.id, QUESTIONNAIRE, seq).seq
            polls.append((time.perf_counter() - start) * 1000)
            time.sleep(0.5)
        saves = [ms for person in running.get() for ms in person]
    store.close()
    return Costs(
        people,
        len(saves),
        statistics.median(saves),
        _p95(saves),
        len(polls),
        statistics.median(polls),
        _p95(polls),
    )


def main(argv: list[str]) -> int:
    """Print the costs for a database URL (default: a throw-away SQLite file)."""
    people = int(argv[2]) if len(argv) > 2 else 20
    if len(argv) > 1:
        print(measure(argv[1], people=people))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        print(measure(f"sqlite:///{Path(folder) / 'costs.sqlite3'}", people=people))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
