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
WARMUP = 1  # rounds run first and left out (0 in --quick, which only checks that figures come)


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
            if self.extra.get("round_ratio"):  # and the median of the per-round ratios
                checks.append(statistics.median(self.extra["round_ratio"]) <= self.target_ratio)
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


def _python_seconds(codes: dict[str, str], repeat: int) -> dict[str, list[float]]:
    """Wall seconds of a fresh ``python -c code`` for each code, interleaved: every round runs
    each code once, so machine load hits them alike (one warm-up round is left out)."""
    out: dict[str, list[float]] = {name: [] for name in codes}
    for round_ in range(repeat + WARMUP):
        for name, code in codes.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            if round_ >= WARMUP:
                out[name].append(time.perf_counter() - start)
    return out


NOTEBOOK_IMPORT = "from reentry_workbook import open_store, open_workbook"  # the page's cell


def import_cost(repeat: int) -> list[Figure]:
    runs = _python_seconds(
        {
            "pass": "pass",
            "package": "import reentry_workbook",
            "widgets": "import ipywidgets, pandas",
            "workbook": NOTEBOOK_IMPORT,
        },
        repeat,
    )
    return [
        Figure(
            "Import: `import reentry_workbook`",
            "s",
            runs["package"],
            "`python -c pass`",
            runs["pass"],
            "≤ 2× baseline",
            target_ratio=2.0,
            note="the package's top level loads nothing heavy",
        ),
        Figure(
            "Import: what a workbook pays (`" + NOTEBOOK_IMPORT + "`)",
            "s",
            runs["workbook"],
            "`import ipywidgets, pandas`",
            runs["widgets"],
            "≤ 1.3× baseline",
            target_ratio=1.3,
            note="the page notebook's import cell: SQLAlchemy, pydantic, every view module",
        ),
    ]


def _plain_widget(kind: str, i: int, options: list[str]):
    """The plain ipywidgets control a hand-written form would use for an item of ``kind``."""
    import ipywidgets as W

    label = W.HTML(f"<b>Question {i}</b>")
    if kind in ("single_choice", "likert", "yes_no", "status"):
        control = W.RadioButtons(options=options)
    elif kind == "multiple_choice":
        control = W.VBox([W.Checkbox(description=o) for o in options])
    elif kind in ("integer", "number", "scale"):
        control = W.BoundedIntText(min=0, max=100)
    elif kind == "long_text":
        control = W.Textarea()
    elif kind == "date":
        control = W.DatePicker()
    elif kind == "matrix":
        control = W.VBox([W.RadioButtons(options=options) for _ in range(3)])
    elif kind == "table":
        control = W.VBox([W.Button(description="+ Add"), W.HTML("No rows yet.")])
    else:
        control = W.Text()
    return W.VBox([label, control])


def form_build(repeat: int) -> list[Figure]:
    from reentry_workbook import parse_template
    from reentry_workbook.widgets import QuestionnaireForm

    questions, per_step = 200, 10
    q = parse_template(generate.big_template(questions), "benchmark")
    kinds = [generate.KINDS[i % len(generate.KINDS)] for i in range(questions)]
    colours = ["red", "green", "blue", "amber", "violet"]

    def first_step() -> None:
        QuestionnaireForm(q)

    def every_step() -> None:
        QuestionnaireForm(q).build_all()

    def plain(count: int) -> Callable[[], None]:
        import ipywidgets as W

        def build() -> None:
            W.VBox([_plain_widget(kinds[i], i, colours) for i in range(count)])

        return build

    first_step()  # warm imports
    plain(per_step)()
    ours_first, base_first, ours_all, base_all = [], [], [], []
    for _ in range(repeat):  # interleaved
        ours_first += timed(first_step, 1)
        base_first += timed(plain(per_step), 1)
        ours_all += timed(every_step, 1)
        base_all += timed(plain(questions), 1)
    return [
        Figure(
            f"Form build: first step shown ({per_step} of {questions} questions)",
            "s",
            ours_first,
            f"{per_step} plain widgets of the same kinds, each with its label, in a `VBox`",
            base_first,
            "≤ 3× baseline",
            target_ratio=3.0,
        ),
        Figure(
            f"Form build: every step built ({questions} questions)",
            "s",
            ours_all,
            f"{questions} plain widgets of the same kinds, each with its label, in a `VBox`",
            base_all,
            "≤ 3× baseline and ≤ 0.5 s",
            target_ratio=3.0,
            target_max=0.5,
        ),
    ]


def kernel_build(repeat: int) -> list[Figure]:
    """What a page's kernel runs before the page can be sent, in a fresh process: the planning
    workbook's cells against the bare notebook's, in turn; the parts say what costs the time."""
    from reentry_workbook import open_store

    folder = Path(tempfile.mkdtemp(prefix="rw-bench-kernel-"))
    url = f"sqlite:///{folder / 'kernel.sqlite3'}"
    open_store(url).close()  # the server's store exists before any page opens
    runs: dict[str, list[float]] = {"bare": [], "workbook": []}
    parts: dict[str, list[float]] = {}
    for round_ in range(repeat + WARMUP):
        for mode in ("bare", "workbook") if round_ % 2 == 0 else ("workbook", "bare"):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.kernel_build", mode, url],
                capture_output=True,
                text=True,
                check=True,
                cwd=HERE.parent,
            )
            if round_ >= WARMUP:
                got = json.loads(done.stdout)
                runs[mode].append(sum(v for n, v in got.items() if not n.startswith("loaded")))
                if mode == "workbook":
                    for name, value in got.items():
                        parts.setdefault(name, []).append(value)
    shown = ", ".join(
        f"{name} {statistics.median(values):.2f} s"
        for name, values in parts.items()
        if not name.startswith("loaded")
    )
    loaded = [n.split()[1] for n, v in parts.items() if n.startswith("loaded") and max(v)]
    # networkx: the influence map builds its graph while the later sections are built
    return [
        Figure(
            "Kernel-side build of the planning workbook (imports to every section built)",
            "s",
            runs["workbook"],
            "the bare notebook's cell (imports and widgets) in a fresh process",
            runs["bare"],
            "information",
            note=f"medians: {shown}; loaded: {', '.join(loaded) or 'neither'}; "
            "interpreter start and exit not counted",
        )
    ]


REPAINT_PAGE = "identify-community-members-and-networks"
RESPONDENTS = 20


def _repaint_workbook():
    """The planning workbook over a workspace with the demo plan and 20 respondents' answers,
    built outside a kernel (views repaint at once instead of after the typing pause)."""
    from reentry_workbook import open_store, open_workbook
    from reentry_workbook.demo import demo_paths, read_demo
    from reentry_workbook.templates import find_shipped
    from reentry_workbook.workbook.session import PageSession

    folder = Path(tempfile.mkdtemp(prefix="rw-bench-repaint-"))
    store = open_store(f"sqlite:///{folder / 'repaint.sqlite3'}")
    demo = next(d for d in (read_demo(p) for p in demo_paths()) if p_id(d.page) == REPAINT_PAGE)
    q = find_shipped(demo.page)
    ws = store.create_workspace("Repaint").workspace
    lead = store.join(ws.id, "Facilitator", "facilitator")
    PageSession(store, q, ws, lead, role="facilitator").save(demo.plan)
    people = [p for p in demo.people if p.role != "facilitator"]
    for i in range(RESPONDENTS):
        who = store.join(ws.id, f"Respondent {i + 1}", "participant")
        PageSession(store, q, ws, who, role="participant").save(people[i % len(people)].answers)
    wb = open_workbook(REPAINT_PAGE, store, "Repaint", "Facilitator")
    wb.header()
    for step in q.steps:
        wb.step(step.id)
    wb.summary()
    return wb, q, people


def p_id(page: str) -> str:
    return page.replace("_", "-")


def _keystrokes(wb, q, people) -> tuple[list[tuple[str, object]], list[tuple[str, object]]]:
    """Changes a person makes while typing: (plan text and list rows), (their own answers)."""
    plan: list[tuple[str, object]] = []
    for item_id, value in wb.answers.items():
        if isinstance(value, str):
            plan += [(item_id, value + "x"), (item_id, value)]
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            row = value[0]
            field_ = next((k for k, v in row.items() if k != "_id" and isinstance(v, str)), None)
            if field_ and not any(
                isinstance(v, str) and v.startswith("demo-") for v in [row[field_]]
            ):
                changed = [{**row, field_: row[field_] + "x"}, *value[1:]]
                plan += [(item_id, changed), (item_id, value)]
    own: list[tuple[str, object]] = []
    a, b = people[0].answers, people[1].answers
    for item_id in a:
        if item_id in b and a[item_id] != b[item_id] and q.scope_of(q.item(item_id)) == "personal":
            own += [(item_id, a[item_id]), (item_id, b[item_id])]
    return plan, own


def repaint(repeat: int) -> list[Figure]:
    """Kernel side of 'keystroke to updated picture': the workbook's refresh of its views after
    one answer changes (state change -> views that read it redrawn, messages beside fields)."""
    import ipywidgets as W

    wb, q, people = _repaint_workbook()
    plan, own = _keystrokes(wb, q, people)
    wb.paint_all()  # warm

    def change(item_id: str, value: object) -> float:
        start = time.perf_counter()
        wb.state.set(item_id, value, source="benchmark")
        return time.perf_counter() - start

    box = W.HTML()

    def baseline() -> None:  # read the group's answers, summarise, one HTML widget redrawn
        f = wb.session.group_frame(wb.state.answers)
        box.value = f.groupby("item_id")["value"].count().to_frame().to_html()

    plan_times, own_times, full, base = [], [], [], []
    rounds = max(1, repeat // 2)
    for _ in range(rounds):  # interleaved with the baseline
        for item_id, value in plan:
            plan_times.append(change(item_id, value))
            base += timed(baseline, 1)
        for item_id, value in own:
            own_times.append(change(item_id, value))
            base += timed(baseline, 1)
        full += timed(wb.paint_all, 1)
    # which view dominates a full repaint (one shared context, as repaint() uses)
    ctx = wb.context()
    start = time.perf_counter()
    ctx.group_frame()
    group_cost = time.perf_counter() - start
    per_view: dict[str, float] = {}
    for slot in wb.slots:
        start = time.perf_counter()
        slot.paint(ctx)
        per_view[slot.spec.view] = per_view.get(slot.spec.view, 0.0) + time.perf_counter() - start
    top = sorted(per_view.items(), key=lambda kv: -kv[1])[:3]
    group_views = sorted({s.spec.view for s in wb.slots if s.group})
    dominant = ", ".join(f"{name} {sec * 1000:.0f} ms" for name, sec in top)
    base_name = (
        f"read the {RESPONDENTS} respondents' answers, count them per item, one `HTML` widget "
        "redrawn"
    )
    return [
        Figure(
            f"Repaint after a keystroke in the plan (text or a list row), "
            f"{RESPONDENTS} respondents",
            "s",
            plan_times,
            base_name,
            base,
            "≤ 0.1 s",
            target_max=0.1,
            note=f"{len(plan)} keystrokes; only the views that read the changed answer are "
            "redrawn, plus every view's messages beside the questions",
        ),
        Figure(
            f"Repaint after a person's own answer changes, {RESPONDENTS} respondents",
            "s",
            own_times,
            base_name,
            base,
            "≤ 0.1 s",
            target_max=0.1,
            note=f"{len(own)} changes; redraws the group views ({', '.join(group_views)}), "
            f"which re-read the group's answers from the store ({group_cost * 1000:.0f} ms)",
        ),
        Figure(
            f"Full repaint, every view ({len(wb.slots)} views), {RESPONDENTS} respondents",
            "s",
            full,
            base_name,
            base,
            "information",
            note=f"slowest views: {dominant}; the group's frame {group_cost * 1000:.0f} ms",
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
