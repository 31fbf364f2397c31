"""Run every figure, print the table, and rewrite docs/benchmarks.md."""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import importlib.metadata as md
import json
import os
import platform
import statistics
import sys
from pathlib import Path

import psutil

from . import figures as F
from .figures import Figure

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
PACKAGES = [
    "reentry-workbook",
    "ipywidgets",
    "ipykernel",
    "voila",
    "pandas",
    "SQLAlchemy",
    "networkx",
    "pydantic",
    "playwright",
]


def collect(quick: bool, smoke: bool = False) -> list[Figure]:
    quick = quick or smoke
    repeat = 1 if quick else 7
    F.WARMUP = 0 if quick else 1
    out: list[Figure] = []
    out += F.import_cost(repeat)
    out += F.form_build(repeat)
    out += F.kernel_build(1 if quick else 4)
    out += F.repaint(2 if quick else 6)
    # 8 x 250 saves (was 8 x 1000): on a busy shared machine 8,000 saves took over 10 minutes
    if smoke:
        out += F.autosave(saves=50, writers=2, per_writer=25)
    else:
        out += F.autosave(saves=200 if quick else 1000, writers=8, per_writer=100 if quick else 250)
    out += F.scoring(repeat)
    out += F.ranking(repeat)
    from .voila_bench import voila_figures

    out += voila_figures(
        repeat=1 if quick else 6,
        arrivals=2 if quick else 4,
        burst_rounds=1 if quick else 2,
        smoke=smoke,
    )
    return out


def _fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.2f} ms"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:,.0f} {unit}"


def table(results: list[Figure]) -> str:
    """A Markdown table: median [min–max] beside the baseline, the ratio, and the target."""
    lines = [
        "| figure | median [min – max] | baseline | baseline median | ratio | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in results:
        spread = (
            f" [{_fmt(min(f.samples), f.unit)} – {_fmt(max(f.samples), f.unit)}]"
            if len(f.samples) > 1
            else ""
        )
        note = f" ({f.note})" if f.note else ""
        lines.append(
            f"| {f.name}{note} | {_fmt(f.median, f.unit)}{spread} | {f.baseline_name} | "
            f"{_fmt(statistics.median(f.baseline), f.unit)} | {f.ratio:.2f}× | "
            f"{f.target} | {f.met} |"
        )
    return "\n".join(lines)


BUSY = (
    "**The machine was busy** (load above its core count when the run began: other work ran "
    "beside it), so seconds are slower than on a quiet machine; read the ratios first, since "
    "each baseline was measured interleaved with its figure under the same load."
)
QUIET = (
    "The machine was quiet when the run began (load below its core count); the run's own "
    "Chromium, server and kernels raise the load while the Voila figures run."
)


def _load(values: tuple[float, float, float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def machine() -> str:
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name} {md.version(name)}")
        except md.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB memory, {platform.platform()}, "
        f"Python {platform.python_version()}; " + ", ".join(versions)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--quick", action="store_true", help="each figure once (smoke test)")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="the test suite's check: every measurement once, small, one Voila server (no write)",
    )
    parser.add_argument("--no-write", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--json", metavar="FILE", help="also write every sample as JSON")
    args = parser.parse_args(argv)
    # our package byte-compiled first, as pip does when it installs a package (the baselines'
    # libraries are): with PYTHONDONTWRITEBYTECODE set, a checkout would otherwise compile
    # every module of ours on every import
    compileall.compile_dir(DOC.parents[1] / "reentry_workbook", quiet=1)
    load_start = os.getloadavg()
    started = dt.datetime.now(dt.UTC)
    results = collect(args.quick, args.smoke)
    load_end = os.getloadavg()
    minutes = (dt.datetime.now(dt.UTC) - started).total_seconds() / 60
    text = table(results)
    print(text)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                [
                    {
                        "name": f.name,
                        "unit": f.unit,
                        "samples": f.samples,
                        "baseline": f.baseline,
                        "ratio": f.ratio,
                        "met": f.met,
                        "note": f.note,
                    }
                    for f in results
                ],
                indent=2,
            ),
            encoding="utf-8",
        )
    if not (args.no_write or args.smoke):
        kept = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        findings = kept[kept.index(FINDINGS) :] if FINDINGS in kept else ""
        # the run itself loads the machine (Chromium, the server, kernels): only the load at
        # its start says whether other work ran beside it
        busy = BUSY if load_start[0] > (os.cpu_count() or 1) else QUIET
        command = "python -m benchmarks" + (" --quick" if args.quick else "")
        DOC.write_text(
            "# Benchmarks\n\n"
            f"Measured {started:%Y-%m-%d %H:%M} UTC with `{command}` "
            f"(from the repository root, after `bash scripts/test.sh` installed everything); "
            f"the run took {minutes:.0f} minutes.\n\n"
            f"Machine: {machine()}.\n\n"
            f"Load average (1, 5, 15 min) at the start: {_load(load_start)}; at the end: "
            f"{_load(load_end)}. {busy}"
            "\n\n"
            "Each figure is the median of several runs (min – max in brackets), beside a "
            "baseline measured in the same run, interleaved with it (one of each in turn); the "
            "ratio is median / baseline median, and where a figure has rounds, the note gives "
            "the spread of the per-round ratio. Seconds are wall-clock. Voila figures open "
            "pages in headless Chromium (Debian's package) against the workbook server started "
            "as `reentry-workbook serve` starts it (keys, kernel cap, close beacon), which also "
            "serves the bare one-form baseline notebook; a page counts as interactive when its "
            "first input is visible.\n\n"
            + text
            + "\n"
            + NOTES
            + ("\n" + findings if findings else ""),
            encoding="utf-8",
        )
        print(f"wrote {DOC}", file=sys.stderr)
    return 0


FINDINGS = "<!-- findings: written by hand, kept when python -m benchmarks rewrites this file -->"
NOTES = """
## How to read and reproduce

- `python -m benchmarks` runs the full suite and rewrites this file (the section "Findings"
  below is written by hand and kept); `python -m benchmarks --quick` runs each figure once (one
  interleaved round, 2 arrivals at once) and the test suite runs it as a smoke test
  (`tests/test_benchmarks_smoke.py`: it checks that every figure exists, never how fast it is).
- **Ratios first.** The machine these figures come from is shared: other people's browser tests
  may run beside the run (the load average above says how busy it was). Busy seconds are slower
  seconds; the ratio to a baseline measured interleaved with the figure, under the same load,
  is the figure to compare between runs.
- Synthetic data comes from `benchmarks/generate.py` with fixed seeds and the shipped
  fictional demo; no benchmark reads real data. Timings are never asserted in tests; the "met"
  column compares this run with the targets. A target on a ratio with rounds is met when both
  the ratio of medians and the median of the per-round ratios are within it.
- Imports: each `python -c` is a fresh process; the four commands run in turn, round after
  round. "What a workbook pays" is the page notebook's import cell.
- Form builds: our form against plain ipywidgets of the same kinds (each with a label), on the
  same number of questions (the first step's 10, and all 200).
- Repaint: kernel side, without the browser, on the planning workbook with the demo plan and 20
  respondents' answers in the workspace; an answer is changed through the page's answer state
  as a form does, and the time is until the views that read it have been redrawn (outside a
  kernel the 0.3 s typing pause before a repaint is skipped, so it is not counted).
- Voila pages: the workbook server is started as `reentry-workbook serve` starts it, on a folder
  that also holds the bare notebook; pages carry a facilitator key. "Kernel started ahead"
  runs use `serve --preheat` for the measured notebooks only; "started on request" is
  `serve`'s default. Pages are opened one at a time, in turn (bare, workbook, participant, the
  order reversed every round, after a warm-up round that is left out); after each page its
  kernel is stopped through the server's close endpoint (the workbook: by closing the tab,
  whose close beacon does it), and the next page waits until the replacement kernel is ready
  and the server and kernels are idle. "Every section shown" is the time until the summary's
  button is visible and no section is still loading.
- Pool busy: several people open the same page at the same moment on a server that keeps one
  kernel ready per notebook; one page gets it, the others start theirs. Bursts of bare pages
  and of workbooks alternate.
- Memory: USS and RSS of the page's kernel process when every section is shown.
"""
