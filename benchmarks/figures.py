"""The in-process and store figures; each returns measured samples and a same-run baseline."""

from __future__ import annotations

import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import generate

HERE = Path(__file__).resolve().parent


@dataclass
class Figure:
    """One measured figure beside its baseline."""

    name: str
    unit: str
    samples: list[float]
    baseline_name: str
    baseline: list[float]
    target: str = ""
    target_max: float | None = None  # in ``unit`` (median), when the target is absolute
    target_ratio: float | None = None  # median / baseline median, when the target is relative
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def ratio(self) -> float:
        base = statistics.median(self.baseline)
        return self.median / base if base else float("nan")

    @property
    def met(self) -> str:
        checks = []
        if "errors" in self.extra:
            checks.append(self.extra["errors"] == 0)
        if self.target_max is not None:
            checks.append(self.median <= self.target_max)
        if self.target_ratio is not None:
            checks.append(self.ratio <= self.target_ratio)
        if not checks:
            return "–"
        return "yes" if all(checks) else "NO"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall seconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def _python_seconds(code: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        out.append(time.perf_counter() - start)
    return out


def import_cost(repeat: int) -> list[Figure]:
    base = _python_seconds("import ipywidgets, pandas", repeat)
    ours = _python_seconds("import reentry_workbook", repeat)
    full = _python_seconds("from reentry_workbook import open_workbook", repeat)
    return [
        Figure(
            "Import: `import reentry_workbook`",
            "s",
            ours,
            "`import ipywidgets, pandas`",
            base,
            "≤ 1.2× baseline",
            target_ratio=1.2,
        ),
        Figure(
            "Import: what a workbook loads (`workbook`)",
            "s",
            full,
            "`import ipywidgets, pandas`",
            base,
            "information",
            note="SQLAlchemy, pydantic, pandas and ipywidgets load when a workbook starts",
        ),
    ]


def form_build(repeat: int) -> list[Figure]:
    import ipywidgets as W

    from reentry_workbook import parse_template
    from reentry_workbook.widgets import QuestionnaireForm

    q = parse_template(generate.big_template(200), "benchmark")

    def first_step() -> None:
        QuestionnaireForm(q)

    def every_step() -> None:
        QuestionnaireForm(q).build_all()

    def baseline() -> None:
        W.VBox([W.Text(description=f"Question {i}") for i in range(200)])

    first_step()  # warm imports
    base = timed(baseline, repeat)
    return [
        Figure(
            "Form build: 200 questions, first step shown",
            "s",
            timed(first_step, repeat),
            "200 plain `Text` widgets in a `VBox`",
            base,
            "≤ 0.5 s",
            target_max=0.5,
        ),
        Figure(
            "Form build: 200 questions, every step built",
            "s",
            timed(every_step, repeat),
            "200 plain `Text` widgets in a `VBox`",
            base,
            "≤ 0.5 s",
            target_max=0.5,
        ),
    ]


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def autosave(saves: int, writers: int, per_writer: int) -> list[Figure]:
    from reentry_workbook import open_store

    folder = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    store = open_store(url)
    session = store.open_session("Bench", "Writer", "benchmark")
    ours = []
    for i in range(saves):
        start = time.perf_counter()
        store.save_answers(session.response_id, {f"q{i % 50:03d}": i})
        ours.append((time.perf_counter() - start) * 1000)
    raw = sqlite3.connect(folder / "raw.sqlite3", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    raw.execute("CREATE TABLE a (k TEXT PRIMARY KEY, v TEXT)")
    base = []
    for i in range(saves):
        start = time.perf_counter()
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("INSERT OR REPLACE INTO a VALUES (?, ?)", (f"q{i % 50:03d}", json.dumps(i)))
        raw.execute("COMMIT")
        base.append((time.perf_counter() - start) * 1000)
    figures = [
        Figure(
            "Autosave latency p50 (SQLite)",
            "ms",
            [_percentile(ours, 50)],
            "raw sqlite3 upsert, same pragmas",
            [_percentile(base, 50)],
            "information",
        ),
        Figure(
            "Autosave latency p95 (SQLite)",
            "ms",
            [_percentile(ours, 95)],
            "raw sqlite3 upsert, same pragmas",
            [_percentile(base, 95)],
            "p95 ≤ 20 ms",
            target_max=20.0,
        ),
    ]
    sessions = [store.open_session("Bench", f"Writer {k}", "benchmark") for k in range(writers)]
    store.close()
    start = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, str(HERE / "writer.py"), url, s.response_id, str(per_writer)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for s in sessions
    ]
    results = [json.loads(p.communicate()[0]) for p in procs]
    elapsed = time.perf_counter() - start
    latencies = [x for r in results for x in r["latencies_ms"]]
    errors = sum(len(r["errors"]) for r in results)
    total = writers * per_writer
    solo = subprocess.run(
        [sys.executable, str(HERE / "writer.py"), url, sessions[0].response_id, str(total)],
        capture_output=True,
        text=True,
        check=True,
    )
    solo_lat = json.loads(solo.stdout)["latencies_ms"]
    figures += [
        Figure(
            f"{writers} writer processes × {per_writer} saves: throughput",
            "saves/s",
            [total / elapsed],
            f"one process, {total} saves",
            [1000 * total / sum(solo_lat)],
            "0 errors",
            extra={"errors": errors},
            note=f"errors: {errors}; every save is its own transaction",
        ),
        Figure(
            f"{writers} writer processes × {per_writer} saves: p99 latency",
            "ms",
            [_percentile(latencies, 99)],
            f"one process, {total} saves",
            [_percentile(solo_lat, 99)],
            "information",
        ),
    ]
    return figures


def scoring(repeat: int) -> list[Figure]:
    from reentry_workbook import parse_template
    from reentry_workbook.aggregate import aggregate_factors, aggregate_items
    from reentry_workbook.scoring import score

    q = parse_template(generate.scoring_template(100), "scoring")
    frame = generate.answers(1000, 100)

    def ours() -> None:
        s = score(q, frame)
        aggregate_items(q, s.items)
        aggregate_factors(q, s.factors)

    def base() -> None:
        frame.groupby("item_id")["value"].mean()

    ours()
    return [
        Figure(
            "Scoring: 1,000 respondents × 100 items, scored and aggregated",
            "s",
            timed(ours, repeat),
            "pandas `groupby().mean()` of the same data",
            timed(base, repeat),
            "≤ 0.2 s",
            target_max=0.2,
        ),
    ]


def ranking(repeat: int) -> list[Figure]:
    import networkx as nx

    from reentry_workbook.influence import Vocabulary, outreach_ranking

    people, dms, ties = generate.network()
    vocabulary = Vocabulary(
        support_scores={"active_ally": 1.0, "passive_ally": 0.75, "neutral": 0.5},
        access_scores={"close": 1.0, "loose": 0.5, "none": 0.0},
        access_words={"close": "close", "loose": "loose"},
    )

    def ours() -> None:
        outreach_ranking(people, dms, ties, vocabulary, gap_groups={"veterans": "veterans"})

    def base() -> None:
        graph = nx.DiGraph()
        graph.add_weighted_edges_from((t.source, t.target, t.strength) for t in ties)

    ours()
    return [
        Figure(
            "Outreach ranking: 5,000 stakeholders, 20,000 ties",
            "s",
            timed(ours, repeat),
            "networkx building the same graph",
            timed(base, repeat),
            "≤ 1 s",
            target_max=1.0,
        ),
    ]
