"""Run every figure, print the table, and rewrite docs/benchmarks.md."""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata as md
import json
import os
import platform
import sys
from pathlib import Path

import psutil

from . import figures as F
from .figures import Figure

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
PACKAGES = [
    "reentry-workbook",
    "ipywidgets",
    "voila",
    "pandas",
    "SQLAlchemy",
    "networkx",
    "pydantic",
    "playwright",
]


def collect(quick: bool) -> list[Figure]:
    repeat = 1 if quick else 7
    out: list[Figure] = []
    out += F.import_cost(repeat)
    out += F.form_build(repeat)
    out += F.repaint(2 if quick else 6)
    out += F.autosave(saves=200 if quick else 1000, writers=8, per_writer=100 if quick else 1000)
    out += F.scoring(repeat)
    out += F.ranking(repeat)
    from .voila_bench import voila_figures

    out += voila_figures(
        repeat=1 if quick else 6, arrivals=2 if quick else 4, burst_rounds=1 if quick else 2
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
            f"{_fmt(sorted(f.baseline)[len(f.baseline) // 2], f.unit)} | {f.ratio:.2f}× | "
            f"{f.target} | {f.met} |"
        )
    return "\n".join(lines)


BUSY = (
    "**The machine was busy** (load above its core count: other people's tests ran beside "
    "this run), so seconds are slower than on a quiet machine; read the ratios first, since "
    "each baseline was measured interleaved with its figure under the same load."
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
    parser.add_argument("--no-write", action="store_true", help="do not rewrite docs/benchmarks.md")
    parser.add_argument("--json", metavar="FILE", help="also write every sample as JSON")
    args = parser.parse_args(argv)
    load_start = os.getloadavg()
    started = dt.datetime.now(dt.UTC)
    results = collect(args.quick)
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
    if not args.no_write:
        command = "python -m benchmarks" + (" --quick" if args.quick else "")
        DOC.write_text(
            "# Benchmarks\n\n"
            f"Measured {started:%Y-%m-%d %H:%M} UTC with `{command}` "
            f"(from the repository root, after `bash scripts/test.sh` installed everything); "
            f"the run took {minutes:.0f} minutes.\n\n"
            f"Machine: {machine()}.\n\n"
            f"Load average (1, 5, 15 min) at the start: {_load(load_start)}; at the end: "
            f"{_load(load_end)}. {BUSY if max(load_start[0], load_end[0]) > (os.cpu_count() or 1) else ''}"
            "\n\n"
            "Each figure is the median of several runs (min – max in brackets), beside a "
            "baseline measured in the same run, interleaved with it (one of each in turn); the "
            "ratio is median / baseline median, and where a figure has rounds, the note gives "
            "the spread of the per-round ratio. Seconds are wall-clock. Voila figures open "
            "pages in headless Chromium (Debian's package) against the workbook server started "
            "as `reentry-workbook serve` starts it (keys, kernel cap, close beacon), which also "
            "serves the bare one-form baseline notebook; a page counts as interactive when its "
            "first input is visible.\n\n" + text + "\n" + NOTES,
            encoding="utf-8",
        )
        print(f"wrote {DOC}", file=sys.stderr)
    return 0


NOTES = """
## How to read and reproduce

- `python -m benchmarks` runs the full suite (a few minutes on 2 cores) and rewrites this file;
  `python -m benchmarks --quick` runs each figure once, with 2 concurrent pages instead of 10
  and 20, and the test suite runs it as a smoke test.
- Synthetic data comes from `benchmarks/generate.py` with fixed seeds; no benchmark reads real data.
- Timings are never asserted in tests; the "met" column compares this run with the targets.
- Voila, as served: a kernel per notebook has run it ahead of time (Voila's preheated kernels).
  Each page is opened on a quiet server: the kernel it used is stopped, and the next page waits
  until the replacement kernel is ready and idle. "No kernel waiting" figures come from a second
  server without preheated kernels, as when several people arrive at once; there every page
  starts its own kernel. The planning workbook builds its first step before the page is sent
  and the later sections once the browser has the page; "every section shown" is the time
  until the summary's button is visible.
"""
