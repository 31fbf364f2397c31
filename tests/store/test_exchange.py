"""Export, import and merge: round trips are identical, bad files change nothing."""

import json

import pytest

from reentry_workbook import ExchangeError, open_store
from reentry_workbook.cli import main
from reentry_workbook.exchange import export_text, import_export, parse_export, read_export

pytestmark = pytest.mark.store
QID = "identify_community_members_and_networks"
NETWORKS = [{"_id": "n1", "name": "Eastside Mutual Aid (fictional)", "influence": 4}]


def _fill(store, workspace="Riverbend County Reentry Coalition"):
    a = store.open_session(workspace, "Facilitator", QID)
    b = store.open_session(workspace, "Participant 7", QID)
    store.save_answers(a.response_id, {"networks": NETWORKS, "q_networks_found": "partly"})
    store.save_answers(a.response_id, {"q_networks_found": "yes"})
    store.save_answers(b.response_id, {"outreach_view": {"skeptics": 2}})
    return a, b


def test_export_import_export_is_identical(store, tmp_path):
    _fill(store)
    first = export_text(store, "Riverbend County Reentry Coalition")
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    report = import_export(other, parse_export(first))
    assert report.added_revisions == 4 and report.added_respondents == 2
    assert export_text(other, "Riverbend County Reentry Coalition") == first
    again = import_export(other, parse_export(first))
    assert again.added_revisions == 0 and again.duplicate_revisions == 4
    assert export_text(other, "Riverbend County Reentry Coalition") == first


def test_merging_two_laptops(tmp_path):
    laptop_a = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    laptop_b = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    sa_ = laptop_a.open_session("Riverbend", "Facilitator", QID)
    sb = laptop_b.open_session("Riverbend", "Facilitator", QID)
    laptop_a.save_answers(sa_.response_id, {"q_networks_found": "partly", "next_steps": "A"})
    laptop_b.save_answers(sb.response_id, {"q_networks_found": "yes"})
    report = import_export(laptop_a, parse_export(export_text(laptop_b, "Riverbend")))
    assert report.conflicts == [f"{QID} / q_networks_found"]
    assert "most recent was kept" in report.summary()
    merged = laptop_a.load_answers(sa_.response_id)
    assert merged == {"q_networks_found": "yes", "next_steps": "A"}
    assert len(laptop_a.history(sa_.response_id)) == 3


def _refused(store, text, fragment, tmp_path):
    before = export_text(store, "Riverbend County Reentry Coalition")
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExchangeError) as info:
        import_export(store, read_export(path))
    assert fragment in str(info.value)
    assert export_text(store, "Riverbend County Reentry Coalition") == before


def test_bad_files_are_refused_and_change_nothing(store, tmp_path):
    _fill(store)
    good = export_text(store, "Riverbend County Reentry Coalition")
    data = json.loads(good)
    cases = [
        (good[: len(good) // 2], "looks cut short"),
        ("[1, 2]", "not a reentry-workbook export"),
        (json.dumps({**data, "format_version": 9}), "newer than this reentry-workbook reads"),
        (json.dumps({**data, "extra": 1}), "extra: Extra inputs are not permitted"),
    ]
    hostile = json.loads(good)
    hostile["responses"][0]["revisions"][0]["value"] = "=cmd|' /C calc'!A0"
    hostile["responses"][0]["revisions"][0]["item_id"] = "q_networks_found"
    cases.append((json.dumps(hostile), "is not an option"))
    unknown_q = json.loads(good)
    unknown_q["responses"][0]["questionnaire_id"] = "../../etc/passwd"
    cases.append((json.dumps(unknown_q), "unknown questionnaire"))
    long_name = json.loads(good)
    long_name["workspace"]["name"] = "x" * 5000
    cases.append((json.dumps(long_name), "workspace.name"))
    for text, fragment in cases:
        _refused(store, text, fragment, tmp_path)


def test_not_utf8_and_missing_files(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(ExchangeError, match="not UTF-8"):
        read_export(bad)
    with pytest.raises(ExchangeError, match="cannot read the file"):
        read_export(tmp_path / "missing.json")


def test_demo_export_cannot_enter_real_workspace(tmp_path):
    demo = open_store(f"sqlite:///{tmp_path / 'demo.db'}")
    real = open_store(f"sqlite:///{tmp_path / 'real.db'}")
    demo.open_session("Riverbend", "Demo", QID, is_demo=True)
    real.open_session("Riverbend", "Me", QID)
    with pytest.raises(ExchangeError, match="never mix"):
        import_export(real, parse_export(export_text(demo, "Riverbend")))


def test_cli_export_import_backup_where(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    store = open_store(db)
    _fill(store, "CLI")
    out = tmp_path / "export.json"
    assert (
        main(["export", "--workspace", "CLI", "--format", "json", "-o", str(out), "--db", db]) == 0
    )
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert main(["import", str(out), "--db", other]) == 0
    assert "4 change(s) added" in capsys.readouterr().out
    assert export_text(open_store(other), "CLI") == out.read_text().rstrip("\n")
    assert main(["backup", str(tmp_path / "copy.sqlite3"), "--db", db]) == 0
    copy = open_store(f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    assert export_text(copy, "CLI") == out.read_text().rstrip("\n")
    assert main(["where", "--db", db]) == 0
    assert main(["export", "--workspace", "Nope", "--db", db]) == 1
    assert "no workspace named 'Nope'" in capsys.readouterr().err
    (tmp_path / "junk.json").write_text("{")
    assert main(["import", str(tmp_path / "junk.json"), "--db", db]) == 1
