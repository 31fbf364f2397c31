"""The benchmark harness runs end to end (--smoke: each measurement once, small, one Voila
server) and produces a number for every figure it measures.

It asserts that figures exist and are positive, never how fast they are.
"""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]
ROOT = Path(__file__).resolve().parents[1]


def test_quick_benchmarks_produce_every_figure(tmp_path):
    out = tmp_path / "figures.json"
    run = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--json", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1200,  # a limit for a hung server, not a speed check: about 2 minutes on 2 cores
    )
    assert run.returncode == 0, run.stderr[-3000:]
    results = json.loads(out.read_text())
    names = " ".join(f["name"] for f in results)
    for expected in (
        "Import",
        "Form build",
        "Autosave latency p95",
        "writer processes",
        "Scoring",
        "Outreach ranking",
        "first interactive widget",
        "every section of the planning workbook shown",
        "Repaint",
    ):
        assert expected in names
    for figure in results:
        values = figure["samples"] + figure["baseline"]
        assert values and all(math.isfinite(v) and v > 0 for v in values), figure["name"]
    assert run.stdout.count("\n| ") >= len(results)
