"""scripts/serve.sh tells a facilitator what it is doing, and never hides an install error."""

import os
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _fake_venv(folder: Path, pip_fails: bool = False) -> Path:
    """A .venv whose python and reentry-workbook only say what they were asked to do."""
    bin_dir = folder / "bin"
    bin_dir.mkdir(parents=True)
    pip = (
        'echo "ERROR: Could not find a version that satisfies the requirement voila" >&2; exit 1'
        if pip_fails
        else 'shift 2; echo "pip $*"'
    )
    scripts = {
        "python": f'#!/bin/sh\nif [ "$1 $2" = "-m pip" ]; then {pip}; fi\n',
        "reentry-workbook": '#!/bin/sh\necho "reentry-workbook $*"\n',
    }
    for name, text in scripts.items():
        path = bin_dir / name
        path.write_text(text)
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return folder


def _serve(venv: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "serve.sh"), "--port", "1"],
        capture_output=True,
        text=True,
        env={**os.environ, "REENTRY_WORKBOOK_VENV": str(venv)},
        timeout=60,
    )


def test_it_says_it_is_installing_then_starting(tmp_path):
    run = _serve(_fake_venv(tmp_path / "venv"))
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    installing = next(i for i, line in enumerate(lines) if line.startswith("Installing"))
    assert "about a minute the first time" in lines[installing]
    pip = next(i for i, line in enumerate(lines) if line.startswith("pip install"))
    starting = next(i for i, line in enumerate(lines) if line.startswith("Starting"))
    assert installing < pip < starting
    assert lines[-1] == "reentry-workbook serve --port 1"


def test_an_install_error_is_shown_and_stops_it(tmp_path):
    run = _serve(_fake_venv(tmp_path / "venv", pip_fails=True))
    assert run.returncode != 0
    assert "Could not find a version" in run.stderr
    assert "reentry-workbook serve" not in run.stdout
    assert "Starting" not in run.stdout
    assert "could not be installed" in run.stderr


def test_the_readme_says_which_command_is_for_facilitators_and_how_long_the_first_start_takes():
    readme = (ROOT / "README.md").read_text()
    setup = readme[readme.index("## Set-up") : readme.index("## What is where")]
    serve, test = setup.index("scripts/serve.sh"), setup.index("scripts/test.sh")
    facilitators, developers = setup.index("For facilitators"), setup.index("For developers")
    assert facilitators < serve < developers < test
    assert "about a minute" in setup[facilitators:serve]
