"""Representation coverage and the outreach ranking on small hand-checked data."""

import pytest

from reentry_workbook import all_coverage, load_shipped
from reentry_workbook.coverage import share
from reentry_workbook.influence import (
    DecisionMaker,
    Person,
    Tie,
    Vocabulary,
    build_graph,
    layers,
    outreach_ranking,
)
from reentry_workbook.model import CoverageDimension

Q = load_shipped("identify-community-members-and-networks")


def test_coverage_counts_gaps_and_prompts():
    answers = {
        "networks": [
            {"name": "A", "area": "north", "groups_reached": ["young_people", "families"]},
            {"name": "B", "area": "south", "groups_reached": ["families"]},
        ],
        "community_members": [
            {"name": "C", "leadership": "informal", "groups": ["lived_experience"]},
            {"name": "D", "leadership": "formal"},
            {"name": "E", "leadership": "formal"},
        ],
    }
    result = {(c.dimension.table, c.dimension.column): c for c in all_coverage(Q, answers)}
    groups = result[("networks", "groups_reached")]
    counts = groups.counts.set_index("value")["count"]
    assert counts["families"] == 2 and counts["young_people"] == 1 and counts["veterans"] == 0
    assert (
        "Veterans" in groups.gaps
        and "Families of people who are or were incarcerated" not in groups.gaps
    )
    assert groups.prompts[0].startswith(
        "No network on the list yet for: Older adults (65 and over), People with lived"
    )
    assert "Veterans" in groups.prompts[0] and groups.prompts[0].endswith(" and 4 more.")
    assert (
        "No network yet reaches young people (under 25) in South district, East district, "
        "West district and more." in groups.prompts
    )
    assert groups.cross.loc["Young people (under 25)", "North district"] == 1
    dim = CoverageDimension(table="community_members", column="leadership")
    leaders = all_coverage(Q, answers, [dim])[0].counts.set_index("value")["count"]
    assert leaders.to_dict() == {"formal": 2, "informal": 1, "unknown": 0}
    assert share(answers["community_members"], "leadership", "informal") == (1, 3)


def test_empty_lists_are_all_gaps():
    for cov in all_coverage(Q, {}):
        assert cov.records == 0 and len(cov.gaps) == len(cov.counts)


VOCAB = Vocabulary(
    support_scores={"champion": 1.0, "leaning": 0.75, "opposed": 0.0},
    support_phrases={"champion": "a champion of our priorities"},
    access_scores={"close": 1.0, "loose": 0.5, "none": 0.0},
    access_words={"close": "close", "loose": "loose"},
)


def test_outreach_ranking_by_hand():
    people = [
        Person(
            "lee",
            "Pastor Lee",
            influence=5,
            support="champion",
            relationship="close",
            owner_name="Ann",
        ),
        Person(
            "joe",
            "Barber Joe",
            influence=3,
            support="leaning",
            relationship="none",
            groups=("young_people",),
            informal=True,
        ),
        Person("critic", "Critic", influence=5, support="opposed", relationship="none"),
    ]
    dms = [DecisionMaker("diaz", "Commissioner Diaz", 5), DecisionMaker("roe", "Sheriff Roe", 3)]
    links = [Tie("lee", "diaz", 5), Tie("joe", "lee", 4), Tie("critic", "roe", 2)]
    ranked = outreach_ranking(
        people, dms, links, VOCAB, gap_groups={"young_people": "young people"}
    )
    assert ranked["name"].tolist() == ["Pastor Lee", "Barber Joe", "Critic"]
    lee, joe, critic = (ranked.iloc[i] for i in range(3))
    # Lee: reach 1.0 (5/5*5/5), support 1, access 1, voice 0, influence 1 -> 90
    assert lee["score"] == 90.0 and lee["via"] == "Ann"
    assert lee["reason"].startswith("reaches Commissioner Diaz directly; a champion")
    # Joe: reach via Lee = 4/5 * 1.0 * 0.5 = 0.4; support .75; access 0; voice 1; own .5
    expected = 100 * (0.35 * 0.4 + 0.2 * 0.75 + 0 + 0.1 * 1 + 0.15 * 0.5)
    assert joe["score"] == pytest.approx(round(expected, 1))
    assert "through Pastor Lee" in joe["reason"] and joe["via"] == "find an introduction"
    assert "young people" in joe["reason"]
    assert not joe["broker"]
    assert critic["reaches"] == ["Sheriff Roe"]
    assert lee["broker"]  # the only bridge between Joe and the commissioner


def test_ties_to_unknown_records_and_self_ties_are_ignored():
    people = [Person("x", "X"), Person("y", "Y")]
    dms = [DecisionMaker("d1", "D1", 5)]
    links = [Tie("x", "d1", 5), Tie("y", "gone", 5), Tie("y", "y", 5)]
    ranked = outreach_ranking(people, dms, links, VOCAB)
    assert ranked.iloc[0]["name"] == "X"
    assert ranked.iloc[1]["reason"] == "no known link to a decision maker yet"


def test_layers_follow_ties_to_the_nearest_decision_maker():
    people = [Person("a", "A"), Person("b", "B"), Person("c", "C"), Person("lone", "Lone")]
    graph = build_graph(
        people, [DecisionMaker("d", "D")], [Tie("a", "d"), Tie("b", "a"), Tie("c", "b")]
    )
    assert layers(graph, ["d"]) == {"d": 0, "a": 1, "b": 2, "c": 3}
