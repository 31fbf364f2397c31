"""Export and import (format 2): byte-stable round trips, two laptops merged record by record,
format-1 files converted, copies with new ids and keys, the command line."""

import json
import os
import stat

import pytest

from reentry_workbook import open_store
from reentry_workbook.cli import main
from reentry_workbook.exchange import (
    export_text,
    import_export,
    import_file,
    parse_export,
    write_export,
)
from reentry_workbook.store import AccessDenied, Author, DeleteRecord, SetAnswer, SetFields
from reentry_workbook.store.frames import plan_answers

pytestmark = pytest.mark.store
Q = "identify_community_members_and_networks"
DANA = Author("Dana Whitfield")


def _fill(store, name="Riverbend Reentry Coalition"):
    ws = store.create_workspace(name).workspace
    ana = store.join(ws.id, "Ana", "participant")
    plan = store.plan_response(ws.id, Q, "1")
    mine = store.personal_response(ws.id, ana.id, Q, "1")
    store.save(
        [
            SetFields(
                plan, "networks", "n1", {"name": "Eastside Mutual Aid", "influence": 4}, None
            ),
            SetAnswer(plan, "q_networks_found", "partly", None),
        ],
        DANA,
    )
    store.save([SetAnswer(mine, "outreach_view", {"skeptics": 2}, None)], Author("Ana", ana.id))
    return ws, plan


def test_export_import_export_is_byte_identical(store, tmp_path):
    ws, _ = _fill(store)
    first = export_text(store, ws.id)
    other = open_store(f"sqlite:///{tmp_path / 'other.db'}")
    report = import_export(other, parse_export(first))
    assert (report.revisions_added, report.people_added, report.responses_added) == (3, 1, 2)
    assert export_text(other, ws.id) == first
    again = import_export(other, parse_export(first))
    assert (again.revisions_added, again.revisions_known) == (0, 3)
    assert export_text(other, ws.id) == first
    assert json.loads(first)["format_version"] == 2


def _records(store, plan):
    return {r.record_id: dict(r.fields) for r in store.snapshot(plan).records["networks"]}


def test_two_laptops_merge_with_every_record_from_both(store, tmp_path):
    """Issue 13: laptop B had a copy; both added and edited; B's export merges into A."""
    laptop_a = store
    ws, plan = _fill(laptop_a)
    laptop_b = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    import_file(laptop_b, _write(laptop_a, ws.id, tmp_path / "a.json"))
    # both laptops open a plan the first export did not have: two ids for one plan
    plan_a2 = laptop_a.plan_response(ws.id, "develop_outreach_plan", "1")
    plan_b2 = laptop_b.plan_response(ws.id, "develop_outreach_plan", "1")
    assert plan_a2 != plan_b2
    laptop_a.save([SetFields(plan, "networks", "a1", {"name": "Food bank (A)"}, None)], DANA)
    laptop_a.save([SetFields(plan, "networks", "n1", {"influence": 5}, {"influence": 4})], DANA)
    laptop_a.save([SetAnswer(plan_a2, "targets", "from A", None)], DANA)
    sam = Author("Sam")
    laptop_b.save([SetFields(plan, "networks", "b1", {"name": "Faith group (B)"}, None)], sam)
    laptop_b.save([SetFields(plan, "networks", "n1", {"influence": 2}, {"influence": 4})], sam)
    laptop_b.save([SetAnswer(plan_b2, "notes", "from B", None)], sam)
    laptop_b.join(ws.id, "  ana ", "participant")  # the same person, typed differently

    report = import_file(laptop_a, _write(laptop_b, ws.id, tmp_path / "b.json"))

    merged = _records(laptop_a, plan)
    assert set(merged) == {"n1", "a1", "b1"}
    assert merged["n1"]["influence"] == 2  # Sam's later change wins ...
    values = [h.value["fields"].get("influence") for h in laptop_a.history(plan, "networks", "n1")]
    assert sorted(v for v in values if v) == [2, 4, 5]  # ... and every version is kept
    assert (report.records_added, report.records_changed) == (1, 1)
    assert report.people_added == 0 and len(laptop_a.people(ws.id)) == 1
    assert any("networks / n1 / influence: kept Sam's" in c for c in report.both_changed)
    assert laptop_a.snapshot(plan_a2).answers.keys() == {"targets", "notes"}
    # and back: both laptops now hold the same plan
    import_file(laptop_b, _write(laptop_a, ws.id, tmp_path / "a2.json"))
    assert plan_answers(laptop_b, ws.id, Q) == plan_answers(laptop_a, ws.id, Q)


def _write(store, workspace_id, path):
    write_export(store, workspace_id, path)
    return path


def test_a_delete_on_one_laptop_and_an_edit_on_the_other_merge_by_time(store, tmp_path):
    ws, plan = _fill(store)
    other = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    import_file(other, _write(store, ws.id, tmp_path / "a.json"))
    store.save([DeleteRecord(plan, "networks", "n1")], DANA)
    other.save(
        [SetFields(plan, "networks", "n1", {"name": "Renamed"}, {"name": "Eastside Mutual Aid"})],
        DANA,
    )
    report = import_file(store, _write(other, ws.id, tmp_path / "b.json"))
    assert _records(store, plan) == {"n1": {"name": "Renamed", "influence": 4}}  # edit was later
    assert report.records_added == 1  # it came back


V1 = {
    "format": "reentry-workbook-export",
    "format_version": 1,
    "generator": "reentry-workbook 0.1.0",
    "workspace": {
        "id": "11111111-1111-4111-8111-111111111111",
        "name": "Old Coalition",
        "is_demo": False,
        "created_at": "2026-10-01T09:00:00+00:00",
    },
    "respondents": [
        {
            "id": "22222222-2222-4222-8222-222222222222",
            "name": "Fac",
            "role": "facilitator",
            "created_at": "2026-10-01T09:00:00+00:00",
        },
        {
            "id": "33333333-3333-4333-8333-333333333333",
            "name": "Pat",
            "role": "participant",
            "created_at": "2026-10-01T09:01:00+00:00",
        },
    ],
    "responses": [
        {
            "id": "44444444-4444-4444-8444-444444444444",
            "respondent_id": "22222222-2222-4222-8222-222222222222",
            "questionnaire_id": Q,
            "template_version": "1",
            "round": 1,
            "created_at": "2026-10-01T09:00:00+00:00",
            "revisions": [
                {
                    "id": "55555555-5555-4555-8555-555555555551",
                    "item_id": "networks",
                    "value": [{"_id": "r1", "name": "Food bank"}],
                    "author": "Fac",
                    "created_at": "2026-10-01T09:02:00+00:00",
                },
                {
                    "id": "55555555-5555-4555-8555-555555555552",
                    "item_id": "networks",
                    "value": [
                        {"_id": "r2", "name": "Library"},
                        {"_id": "r1", "name": "Food bank!"},
                    ],
                    "author": "Fac",
                    "created_at": "2026-10-01T09:03:00+00:00",
                },
            ],
        },
        {
            "id": "66666666-6666-4666-8666-666666666666",
            "respondent_id": "33333333-3333-4333-8333-333333333333",
            "questionnaire_id": Q,
            "template_version": "1",
            "round": 1,
            "created_at": "2026-10-01T09:01:00+00:00",
            "revisions": [
                {
                    "id": "77777777-7777-4777-8777-777777777771",
                    "item_id": "q_networks_found",
                    "value": "yes",
                    "author": "Pat",
                    "created_at": "2026-10-01T09:04:00+00:00",
                },
            ],
        },
    ],
}


def test_format_1_files_are_converted(store):
    report = import_export(store, parse_export(json.dumps(V1)))
    ws = "11111111-1111-4111-8111-111111111111"
    assert plan_answers(store, ws, Q) == {
        "networks": [{"_id": "r2", "name": "Library"}, {"_id": "r1", "name": "Food bank!"}]
    }
    roles = {p.name: (p.role, p.counted) for p in store.people(ws)}
    assert roles == {"Fac": ("facilitator", False), "Pat": ("participant", True)}
    assert report.revisions_added == 4  # r1 added, r2 added, r1 changed; Pat's answer
    again = import_export(store, parse_export(json.dumps(V1)))
    assert again.revisions_added == 0  # converted ids are the same every time


def test_import_as_a_copy(store, tmp_path):
    ws, plan = _fill(store)
    path = _write(store, ws.id, tmp_path / "a.json")
    copy = import_file(store, path, as_copy=True)
    assert copy.as_copy and copy.workspace == "Riverbend Reentry Coalition (copy)"
    assert copy.workspace_id != ws.id and "New facilitator key" in copy.summary()
    opened = store.open_by_key(copy.keys["facilitator"])
    assert opened.workspace.id == copy.workspace_id and opened.role == "facilitator"
    named = import_file(store, path, as_copy=True, name="Riverbend, second copy")
    assert named.workspace == "Riverbend, second copy"
    assert len(store.workspaces()) == 3
    assert export_text(store, ws.id) == path.read_text()  # the original is untouched


def test_answers_are_not_checked_against_the_current_template(store):
    """Bug B4: an export made under an older or custom template imports."""
    data = json.loads(json.dumps(V1))
    data["responses"][1]["questionnaire_id"] = "my_custom_questionnaire"
    data["responses"][1]["revisions"][0]["item_id"] = "an_item_removed_since"
    data["responses"][1]["revisions"][0]["value"] = ["not", "a", "status"]
    import_export(store, parse_export(json.dumps(data)))
    ws = "11111111-1111-4111-8111-111111111111"
    (pat,) = [p for p in store.people(ws) if p.name == "Pat"]
    rid = store.personal_response(ws, pat.id, "my_custom_questionnaire", "1")
    assert store.snapshot(rid).answers["an_item_removed_since"].value == ["not", "a", "status"]


def test_cli_export_import_link_people_workspaces(tmp_path, capsys):
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    ws, _ = _fill(open_store(db), "CLI Coalition")
    out = tmp_path / "export.json"
    assert main(["export", "--workspace", "CLI Coalition", "-o", str(out), "--db", db]) == 0
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600
    assert main(["export", "--workspace", ws.id, "--db", db]) == 0
    assert capsys.readouterr().out == out.read_text()
    other = f"sqlite:///{tmp_path / 'other.db'}"
    assert main(["import", str(out), "--db", other]) == 0
    assert "3 change(s) added" in capsys.readouterr().out
    assert main(["link", "--workspace", "CLI Coalition", "--role", "participant", "--db", db]) == 0
    key = capsys.readouterr().out.split("?key=")[1].split()[0]
    assert open_store(db).open_by_key(key).role == "participant"
    assert (
        main(["link", "--workspace", ws.id, "--role", "participant", "--revoke-old", "--db", db])
        == 0
    )
    capsys.readouterr()
    with pytest.raises(AccessDenied):
        open_store(db).open_by_key(key)
    assert main(["workspaces", "--db", db]) == 0
    listing = capsys.readouterr().out
    assert f"CLI Coalition\t{ws.id}\treal\tcreated " in listing and "\t1 people" in listing
    assert main(["people", "--workspace", "CLI Coalition", "--db", db]) == 0
    assert capsys.readouterr().out.startswith("Ana\t")
    assert main(["export", "--workspace", "CLI Coalitoin", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "no workspace named 'CLI Coalitoin'; did you mean 'CLI Coalition'" in err
    assert main(["import", str(out), "--name", "X", "--db", db]) == 1
