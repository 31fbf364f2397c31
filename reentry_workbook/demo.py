"""Obviously fictional demo data: the Riverbend County Reentry Coalition (no real people)."""

from __future__ import annotations

import functools
import random
from importlib import resources
from typing import Any

from . import strict_yaml
from .answers import validate_answers
from .model import Questionnaire
from .store import Session, Store

DEMO_WORKSPACE = "Riverbend County Reentry Coalition (demo)"
DEMO_FACILITATOR = "Demo facilitator"


@functools.cache
def _data() -> dict[str, Any]:
    text = resources.files("reentry_workbook").joinpath("demo_data.yaml").read_text("utf-8")
    data, _ = strict_yaml.load(text)
    return data


def facilitator_answers() -> dict[str, Any]:
    """The demo facilitator's answers to the flagship workbook (a fresh copy)."""
    import copy

    return copy.deepcopy(_data()["facilitator_answers"])


def participant_answers(seed: int = 11, count: int = 7) -> dict[str, dict[str, Any]]:
    """Fictional coalition members' answers to the readiness questions (for spread and flags)."""
    rng = random.Random(seed)
    status = ["yes", "partly", "not_yet", "not_sure"]
    people = {}
    for i in range(count):
        people[f"Member {chr(65 + i)} (demo)"] = {
            "q_decision_makers_named": rng.choice(status[:3]),
            "q_networks_found": rng.choice(["yes", "partly"]),
            "q_networks_engaged": rng.choice(status),
            "q_representative": rng.choice(["partly", "not_yet", "not_sure"]),
            "q_room_for_new_leaders": rng.choice(status),
            "q_who_they_listen_to": rng.choice(status[:3]),
            "q_messengers_assigned": rng.choice(["partly", "not_yet"]),
            "outreach_view": {
                "right_partners": rng.choice([3, 4, 4, 5]),
                "lived_voice": rng.choice([1, 2, 4, 5]),  # members disagree here on purpose
                "skeptics": rng.choice([1, 2, 2, 3]),
                "echo_chamber": rng.choice([3, 4, 5]),
            },
        }
    return people


def load_demo(store: Store, q: Questionnaire) -> Session:
    """Fill the demo workspace (only when empty) and return the demo facilitator's session."""
    session = store.open_session(
        DEMO_WORKSPACE, DEMO_FACILITATOR, q.id, q.version, role="facilitator", is_demo=True
    )
    if not store.load_answers(session.response_id):
        store.save_answers(
            session.response_id, validate_answers(q, facilitator_answers()), author="demo"
        )
        for name, answers in participant_answers().items():
            other = store.open_session(DEMO_WORKSPACE, name, q.id, q.version, is_demo=True)
            store.save_answers(other.response_id, validate_answers(q, answers), author="demo")
    return session
