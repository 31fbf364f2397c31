"""Plain errors from the command line, and what ``serve`` checks before it starts."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from reentry_workbook import cli
from reentry_workbook.errors import ReentryWorkbookError
from reentry_workbook.serve import (
    ServeOptions,
    absolute_db_url,
    default_max_kernels,
    serve,
    workbooks_dir,
)
from reentry_workbook.server.catalog import build_catalog, read_notebook, shipped_questionnaires
from reentry_workbook.server.custom import prepare


@pytest.fixture
def log_dir(tmp_path, monkeypatch):
    import platformdirs

    folder = tmp_path / "logs"
    monkeypatch.setattr(platformdirs, "user_log_dir", lambda *_a, **_k: str(folder))
    return folder


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one line: no traceback
    return err.strip()


def test_unexpected_error_is_one_line_and_logged(monkeypatch, capsys, log_dir):
    def boom(_args):
        raise KeyError("secret internals")

    monkeypatch.setattr(cli, "_cmd_check", boom)
    assert cli.main(["check"]) == 1
    line = _one_line(capsys)
    assert line.startswith("error: reentry-workbook stopped on a problem it did not expect")
    assert "(KeyError)" in line
    assert str(log_dir / "errors.log") in line
    logged = (log_dir / "errors.log").read_text()
    assert "Traceback" in logged and "secret internals" in logged
    assert stat.S_IMODE((log_dir / "errors.log").stat().st_mode) == 0o600


def test_deep_input_and_os_errors_are_named(monkeypatch, capsys, log_dir):
    def deep(_args):
        raise RecursionError()

    def missing(_args):
        raise FileNotFoundError(2, "No such file or directory", "/nope.json")

    monkeypatch.setattr(cli, "_cmd_check", deep)
    assert cli.main(["check"]) == 1
    assert "too large or too deeply nested" in _one_line(capsys)
    monkeypatch.setattr(cli, "_cmd_check", missing)
    assert cli.main(["check"]) == 1
    assert "No such file or directory: /nope.json" in _one_line(capsys)


def test_known_errors_stay_one_line(monkeypatch, capsys):
    def many(_args):
        raise ReentryWorkbookError("first problem\nsecond\nthird")

    monkeypatch.setattr(cli, "_cmd_check", many)
    assert cli.main(["check"]) == 1
    assert _one_line(capsys) == "error: first problem (and 2 more)"


def test_usage_mistakes_are_one_line_exit_1(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["serve", "--max-kernels", "many"])
    assert info.value.code == 1
    line = _one_line(capsys)
    assert "invalid int value" in line and "--help" in line


def test_serve_refuses_half_a_certificate_and_bad_options(capsys):
    with pytest.raises(ReentryWorkbookError, match="both --certfile and --keyfile"):
        serve(ServeOptions(certfile="cert.pem"))
    assert cli.main(["serve", "--max-kernels", "0"]) == 1
    assert "at least 1" in _one_line(capsys)


def test_relative_sqlite_paths_become_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert absolute_db_url("sqlite:///data/x.db") == f"sqlite:///{tmp_path}/data/x.db"
    home = os.path.expanduser("~")
    assert absolute_db_url("sqlite:///~/x.db") == f"sqlite:///{home}/x.db"
    assert absolute_db_url("sqlite:////abs/x.db") == "sqlite:////abs/x.db"
    assert absolute_db_url("postgresql://u:p@h/db") == "postgresql://u:p@h/db"


def test_default_cap_is_sensible():
    assert 4 <= default_max_kernels() <= 40


def test_catalog_of_the_shipped_notebooks():
    catalog = build_catalog(workbooks_dir(), shipped_questionnaires())
    workbook = catalog.notebook("identify-community-members-and-networks.ipynb")
    questions = catalog.notebook("participant.ipynb")
    assert workbook.audience == "facilitator" and not workbook.allows("participant")
    assert questions.audience == "participant" and questions.allows("participant")
    assert questions.allows("facilitator") and workbook.allows("facilitator")
    pages = {page.id: page for page in catalog.pages}
    page = pages["identify_community_members_and_networks"]
    assert (page.workbook, page.questions) == (
        "identify-community-members-and-networks.ipynb",
        "participant.ipynb",
    )
    assert all(p.workbook == f"{p.id.replace('_', '-')}.ipynb" for p in catalog.pages)
    assert all(p.stem == p.workbook.removesuffix(".ipynb") for p in catalog.pages)
    # the one participant notebook serves every page with questions for participants
    asks = {
        p.id
        for p in catalog.pages
        if any(p.questionnaire.for_participants(i) for _, i in p.questionnaire.iter_items())
    }
    assert {p.id for p in catalog.pages if p.questions == "participant.ipynb"} == asks
    assert len(asks) > 1 and questions.page is None


def test_notebook_metadata_wins(tmp_path):
    nb = {"cells": [], "metadata": {"reentry_workbook": {"page": "p1", "audience": "participant"}}}
    (tmp_path / "x.ipynb").write_text(json.dumps(nb))
    found = read_notebook(tmp_path / "x.ipynb", [])
    assert (found.page, found.audience) == ("p1", "participant")
    (tmp_path / "bad.ipynb").write_text("{not json")
    assert read_notebook(tmp_path / "bad.ipynb", []).audience == "facilitator"


def test_custom_templates_checked_and_served_privately(tmp_path, cases, monkeypatch):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_runtime_dir", lambda *_a, **_k: str(tmp_path / "run"))
    mine = tmp_path / "mine"
    mine.mkdir()
    good = (cases / "all-kinds.yaml").read_text()
    (mine / "good.yaml").write_text(good)
    (mine / "broken.yaml").write_text("schema_version: 1\nid: 7\n")
    shipped = {q.id for q in shipped_questionnaires()}
    custom = prepare(mine, workbooks_dir(), shipped)
    assert stat.S_IMODE(custom.folder.stat().st_mode) == 0o700
    assert str(custom.folder).startswith(str(tmp_path / "run"))
    names = sorted(p.name for p in custom.folder.glob("*.ipynb"))
    (q,) = custom.questionnaires
    shipped_names = sorted(p.name for p in workbooks_dir().glob("*.ipynb"))
    assert names == sorted([*shipped_names, "good.ipynb"])
    assert any(m.startswith("skipped: ") and "broken.yaml" in m for m in custom.messages)
    assert any(m.startswith("added: good.yaml") for m in custom.messages)
    catalog = build_catalog(custom.folder, [*shipped_questionnaires(), q])
    assert catalog.notebook("good.ipynb").audience == "facilitator"
    assert any(p.id == q.id and p.workbook == "good.ipynb" for p in catalog.pages)


def test_serve_explains_certificate_and_port_problems(tmp_path, capsys):
    cert = tmp_path / "cert.pem"
    cert.write_text("not a certificate")
    assert cli.main(["serve", "--certfile", str(cert), "--keyfile", str(cert)]) == 1
    assert "PEM files that belong together" in _one_line(capsys)
    assert cli.main(["serve", "--certfile", str(tmp_path / "no.pem"), "--keyfile", str(cert)]) == 1
    assert str(tmp_path / "no.pem") in _one_line(capsys)
    assert cli.main(["serve", "--port", "70000"]) == 1
    assert "between 1 and 65535" in _one_line(capsys)


def test_a_port_in_use_is_one_line(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "reentry_workbook",
                "serve",
                "--port",
                str(port),
                "--keys-backend",
                "tests.server.fake_keys:from_env",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={
                **os.environ,
                "REENTRY_WORKBOOK_FAKE_KEYS": str(tmp_path / "keys.json"),
                "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
            },
        )
    assert run.returncode == 1
    assert run.stderr == f"error: port {port} is already in use; try --port 0\n"
