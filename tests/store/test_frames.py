"""Frames for scoring: personal answers of counted people; the plan's lists in list order."""

import pytest

from reentry_workbook.store import Author, SetAnswer, SetFields
from reentry_workbook.store.frames import (
    PERSONAL_COLUMNS,
    people_frame,
    personal_frame,
    plan_answers,
    records_frame,
)

pytestmark = pytest.mark.store
Q = "q1"


def test_frames(store):
    ws = store.create_workspace("W").workspace
    dana = store.join(ws.id, "Dana", "facilitator")
    ana = store.join(ws.id, "Ana", "participant")
    ben = store.join(ws.id, "Ben", "participant")
    plan = store.plan_response(ws.id, Q, "1")
    store.save(
        [
            SetFields(plan, "networks", "n2", {"name": "B"}, None, position=2.0),
            SetFields(plan, "networks", "n1", {"name": "A"}, None, position=1.0),
            SetAnswer(plan, "status", "yes", None),
        ],
        Author("Dana"),
    )
    for who, value, round_ in ((dana, 5, 1), (ana, 4, 1), (ben, 2, 1), (ana, 3, 2)):
        rid = store.personal_response(ws.id, who.id, Q, "1", round_)
        store.save(
            [SetAnswer(rid, "likes", value, None), SetAnswer(rid, "grid", {"a": value}, None)],
            Author(who.name),
        )
    frame = personal_frame(store, ws.id, Q)
    assert list(frame.columns) == PERSONAL_COLUMNS
    likes = frame[frame.item_id == "likes"]
    assert sorted(zip(likes.person, likes["round"], likes.value, strict=True)) == [
        ("Ana", 1, 4),
        ("Ana", 2, 3),
        ("Ben", 1, 2),
    ]  # the facilitator is not counted; the plan is not a respondent
    assert set(frame[frame.item_id == "grid"]["row"]) == {"a"}
    first = personal_frame(store, ws.id, Q, rounds=[1], counted_only=False)
    assert sorted(first[first.item_id == "likes"].person) == ["Ana", "Ben", "Dana"]
    assert records_frame(store, plan, "networks")["name"].tolist() == ["A", "B"]
    assert records_frame(store, plan, "nothing").empty
    assert plan_answers(store, ws.id, Q) == {
        "status": "yes",
        "networks": [{"_id": "n1", "name": "A"}, {"_id": "n2", "name": "B"}],
    }
    people = people_frame(store, ws.id)
    assert people.set_index("name")["counted"].to_dict() == {
        "Ana": True,
        "Ben": True,
        "Dana": False,
    }
    assert store.rounds(ws.id, Q) == [1, 2]
