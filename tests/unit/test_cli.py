"""The command line: check's output and exit codes, help."""

from pathlib import Path

import pytest

from reentry_workbook.cli import main

BROKEN = Path(__file__).resolve().parents[1] / "cases" / "broken"


def test_check_shipped_templates_passes(capsys):
    assert main(["check"]) == 0
    assert "valid" in capsys.readouterr().err


def test_check_broken_files_prints_one_line_per_problem(capsys):
    files = [str(BROKEN / "unknown-kind.yaml"), str(BROKEN / "duplicate-key.yaml")]
    assert main(["check", *files]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 2
    assert out[0].startswith(files[0] + ":11: steps[0].items[0].kind:")
    assert "duplicate key 'title'" in out[1]


def test_check_a_folder(capsys):
    assert main(["check", str(BROKEN)]) == 1
    assert "0 of" in capsys.readouterr().err


def test_help_lists_every_subcommand(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for command in ("check", "schema"):
        assert command in text


def test_schema_check_passes(capsys):
    assert main(["schema", "--check"]) == 0


def test_public_api_is_listed_and_lazy():
    import subprocess
    import sys

    import reentry_workbook as rw

    assert set(rw.__all__) - {"__version__"} == set(rw._EXPORTS)
    for name in rw.__all__:
        assert getattr(rw, name) is not None
    code = (
        "import sys, reentry_workbook; "
        "print('sqlalchemy' in sys.modules, 'ipywidgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
