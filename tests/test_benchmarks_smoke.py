"""The benchmark harness runs end to end (--quick) and produces a number for every figure.

It asserts that figures exist and are positive, never how fast they are.
"""

import math

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_quick_benchmarks_produce_every_figure(capsys):
    from benchmarks.run import collect, table

    results = collect(quick=True)
    names = " ".join(f.name for f in results)
    for expected in (
        "Import",
        "Form build",
        "Autosave latency p95",
        "writer processes",
        "Scoring",
        "Outreach ranking",
        "first interactive widget",
        "opened at once",
        "memory per session",
    ):
        assert expected in names
    for figure in results:
        assert figure.samples and figure.baseline, figure.name
        assert all(math.isfinite(v) and v > 0 for v in figure.samples + figure.baseline), (
            figure.name
        )
    assert table(results).count("\n") == len(results) + 1
