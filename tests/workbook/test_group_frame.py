"""The group's answers a page reads are kept between repaints, and read again whenever the
store has a newer change or the workspace's people changed."""

from reentry_workbook import open_store
from reentry_workbook.demo import demo_paths, read_demo
from reentry_workbook.store import Author
from reentry_workbook.templates import find_shipped
from reentry_workbook.workbook.session import PageSession


def _setup(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'group.db'}")
    demo = next(
        d
        for d in (read_demo(p) for p in demo_paths())
        if any(p.role != "facilitator" for p in d.people)
    )
    q = find_shipped(demo.page)
    ws = store.create_workspace("Group").workspace
    lead = PageSession(store, q, ws, store.join(ws.id, "Lead", "facilitator"), role="facilitator")
    person = next(p for p in demo.people if p.role != "facilitator")
    return store, q, ws, lead, person


def test_the_group_frame_follows_saves_renames_and_who_is_counted(tmp_path):
    store, q, ws, lead, person = _setup(tmp_path)
    assert lead.group_frame({}).empty
    who = store.join(ws.id, "Avery", "participant")
    PageSession(store, q, ws, who, role="participant").save(person.answers)
    assert set(lead.group_frame({})["respondent"]) == {"Avery"}
    first = lead.group_frame({})
    assert first.equals(lead.group_frame({}))  # nothing changed: the same answers
    store.rename_person(who.id, "Avery B", by=Author("Lead", None))
    assert set(lead.group_frame({})["respondent"]) == {"Avery B"}
    store.set_counted(who.id, False, by=Author("Lead", None))
    assert lead.group_frame({}).empty
    store.set_counted(who.id, True, by=Author("Lead", None))
    other = store.join(ws.id, "Blake", "participant")
    PageSession(store, q, ws, other, role="participant").save(person.answers)
    assert set(lead.group_frame({})["respondent"]) == {"Avery B", "Blake"}
    store.close()
