"""Fault injection and concurrency: kills never corrupt the store or lose an acknowledged save."""

import random
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from reentry_workbook import open_store

pytestmark = [pytest.mark.store, pytest.mark.slow]
WRITER = Path(__file__).with_name("writer.py")


def _kill_mid_save(url: str, response_id: str, tag: str, seed: int) -> list[int]:
    """Start a writer, kill it at a random moment after its first save, return what it acked."""
    rng = random.Random(seed)
    proc = subprocess.Popen(
        [sys.executable, str(WRITER), url, response_id, "100000", tag],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("ACK"), first
    time.sleep(rng.uniform(0, 0.05))  # not a wait: a random moment to kill the writer
    proc.kill()
    rest = proc.stdout.read()
    proc.wait()
    return [int(line.split()[1]) for line in [first, *rest.splitlines()] if line.startswith("ACK")]


def test_hundred_kills_lose_no_acknowledged_save(tmp_path):
    url = f"sqlite:///{tmp_path / 'kills.db'}"
    store = open_store(url)
    sessions = [store.open_session("W", f"writer{i}", "q1") for i in range(2)]
    store.close()
    acked: dict[str, set[int]] = {"w0": set(), "w1": set()}

    def run(worker: int) -> None:
        for k in range(50):
            tag = f"w{worker}r{k}"  # each run its own items: an unchanged value is not re-saved
            got = _kill_mid_save(url, sessions[worker].response_id, tag, seed=worker * 1000 + k)
            acked[f"w{worker}"].update((f"{tag}_{i % 20}", i) for i in got)

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(run, range(2)))
    conn = sqlite3.connect(tmp_path / "kills.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = open_store(url)
    for worker, session in enumerate(sessions):
        saved = {(h.item_id, h.value) for h in store.history(session.response_id)}
        missing = acked[f"w{worker}"] - saved
        assert not missing, f"acknowledged saves lost: {sorted(missing)[:10]}"
    assert sum(len(v) for v in acked.values()) >= 100


SAVES = 400  # per writer: 3,200 commits contending for one store (was 1,000: 80 s of the suite)


def test_eight_writers_saving_at_once_lose_nothing(store_url):
    store = open_store(store_url)
    sessions = [store.open_session("W", f"writer{i}", "q1") for i in range(8)]
    store.close()
    procs = [
        subprocess.Popen(
            [sys.executable, str(WRITER), store_url, s.response_id, str(SAVES), f"p{i}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i, s in enumerate(sessions)
    ]
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, errors
    assert not any("locked" in e for e in errors)
    store = open_store(store_url)
    for i, s in enumerate(sessions):
        history = store.history(s.response_id)
        assert [h["value"] for h in history] == list(range(SAVES))
        answers = store.load_answers(s.response_id)
        assert answers == {f"p{i}_{j}": SAVES - 20 + j for j in range(20)}
