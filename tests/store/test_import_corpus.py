"""The hostile import corpus: every case refused with its one-line message, the store untouched;
the few accepted cases do what their line says."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reentry_workbook import ExchangeError
from reentry_workbook.exchange import import_export, import_file, read_export
from reentry_workbook.store.frames import plan_answers

pytestmark = pytest.mark.store
CASES = Path(__file__).resolve().parents[1] / "cases" / "imports"
# A file that cannot carry its own expectation.
EXPECT_OUTSIDE = {"empty.json": "expect: the file is empty"}
EXPECTATION = re.compile(rb'"generator": "((?:expect|accept): (?:[^"\\]|\\.)*)"')


def _expectation(path: Path) -> tuple[str, str]:
    if path.name in EXPECT_OUTSIDE:
        line = EXPECT_OUTSIDE[path.name]
    else:
        found = EXPECTATION.search(path.read_bytes())
        assert found, f"{path.name} carries no expectation in its generator field"
        line = json.loads(b'"' + found.group(1) + b'"')
    kind, _, text = line.partition(": ")
    return kind, text


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*.json") if not p.name.startswith("_"))


@pytest.fixture
def based(store):
    import_file(store, CASES / "_base.json")
    import_file(store, CASES / "_demo.json")
    return store


def test_corpus_is_large_enough():
    assert len(_cases()) >= 30


@pytest.mark.parametrize("path", _cases(), ids=lambda p: p.stem)
def test_import_case(based, path, checksum):
    kind, expected = _expectation(path)
    before = checksum(based)
    if kind == "expect":
        with pytest.raises(ExchangeError) as info:
            import_file(based, path)
        assert str(info.value) == f"{path}: {expected}"
        assert "\n" not in str(info.value)
        assert checksum(based) == before, "a refused file changed the store"
        return
    summary, *checks = expected.split("; plan ")
    report = import_file(based, path)
    assert summary in report.summary()
    workspace = json.loads(path.read_text())["workspace"]["id"]
    plan = plan_answers(based, workspace, "identify_community_members_and_networks")
    plan.update(plan_answers(based, workspace, "a_custom_unshipped_questionnaire"))
    for check in checks:
        item, _, value = check.partition(" = ")
        assert json.dumps(plan[item]) == json.dumps(value) or json.dumps(plan[item]) == value


def test_huge_file_is_refused_after_reading_the_limit(based, tmp_path, checksum):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as out:
        out.truncate(60_000_000)  # sparse: costs no disk
    before = checksum(based)
    with pytest.raises(ExchangeError, match=r"huge.json: larger than the import limit of 50 MB$"):
        import_file(based, huge)
    with pytest.raises(ExchangeError, match=r"larger than the import limit of 1 MB$"):
        read_export(huge, 1_000_000)
    assert checksum(based) == before


def test_refused_copy_changes_nothing_either(based, checksum):
    before = checksum(based)
    export = read_export(CASES / "_base.json")
    with pytest.raises(ExchangeError, match="--name goes with --as-copy"):
        import_export(based, export, name="New name")
    assert checksum(based) == before


def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(
        [sys.executable, "-m", "reentry_workbook", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_cli_refuses_devices_and_fifos_in_one_line(tmp_path, source):
    if source == "fifo":
        source = str(tmp_path / "pipe.json")
        os.mkfifo(source)
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    done = _cli(["import", source, "--db", db], tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: {source}: ")
    assert not (tmp_path / "cli.db").exists()  # refused before the store was opened
