"""Representation coverage and the outreach ranking on small hand-checked data."""

import pandas as pd
import pytest

from reentry_workbook import all_coverage, load_shipped, outreach_ranking
from reentry_workbook.coverage import share

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
    leaders = result[("community_members", "leadership")].counts.set_index("value")["count"]
    assert leaders.to_dict() == {"formal": 2, "informal": 1, "unknown": 0}
    assert share(answers["community_members"], "leadership", "informal") == (1, 3)


def test_empty_lists_are_all_gaps():
    for cov in all_coverage(Q, {}):
        assert cov.records == 0 and len(cov.gaps) == len(cov.counts)


def test_outreach_ranking_by_hand():
    people = pd.DataFrame(
        [
            {
                "name": "Pastor Lee",
                "influence": 5,
                "support": "active_ally",
                "relationship": "close",
                "contact_owner": "Ann",
            },
            {
                "name": "Barber Joe",
                "influence": 3,
                "support": "passive_ally",
                "relationship": "none",
                "groups": ["young_people"],
                "leadership": "informal",
            },
            {
                "name": "Critic",
                "influence": 5,
                "support": "active_opponent",
                "relationship": "none",
            },
        ]
    )
    dms = pd.DataFrame(
        [{"name": "Commissioner Diaz", "power": 5}, {"name": "Sheriff Roe", "power": 3}]
    )
    ties = pd.DataFrame(
        [
            {"source": "Pastor Lee", "target": "commissioner  diaz", "strength": 5},
            {"source": "Barber Joe", "target": "Pastor Lee", "strength": 4},
            {"source": "Critic", "target": "Sheriff Roe", "strength": 2},
        ]
    )
    ranked = outreach_ranking(people, dms, ties, gap_groups=["young_people"])
    assert ranked["name"].tolist() == ["Pastor Lee", "Barber Joe", "Critic"]
    lee, joe, critic = (ranked.iloc[i] for i in range(3))
    # Lee: reach 1.0 (5/5*5/5), support 1, access 1, representation 0, influence 1 -> 90
    assert lee["priority"] == 90.0 and lee["messenger"] == "Ann"
    assert lee["reason"].startswith("reaches Commissioner Diaz directly; a champion")
    # Joe: reach via Lee = 4/5 * 1.0 * 0.5 = 0.4; support .75; access 0; representation 1; own .5
    expected = 100 * (0.35 * 0.4 + 0.2 * 0.75 + 0 + 0.1 * 1 + 0.15 * 0.5)
    assert joe["priority"] == pytest.approx(round(expected, 1))
    assert "through Pastor Lee" in joe["reason"] and joe["messenger"] == "find an introduction"
    assert not joe["broker"]
    assert critic["reaches"] == ["Sheriff Roe"]
    assert lee["broker"]  # the only bridge between Joe and the commissioner


def test_focus_limits_decision_makers():
    people = pd.DataFrame([{"name": "X"}, {"name": "Y"}])
    dms = pd.DataFrame([{"name": "D1", "power": 5}, {"name": "D2", "power": 5}])
    ties = pd.DataFrame(
        [
            {"source": "X", "target": "D1", "strength": 5},
            {"source": "Y", "target": "D2", "strength": 5},
        ]
    )
    ranked = outreach_ranking(people, dms, ties, focus=["D2"])
    assert ranked.iloc[0]["name"] == "Y"
