"""What the dashboard reads from the store: who joined a round, and everyone's answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from ..store import Store
from ..store.schema import PLAN, people, responses

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Joined:
    """A participant who opened the page's questions in a round."""

    person_id: str
    name: str
    pseudonym: bool


def joined(store: Store, workspace_id: str, questionnaire_id: str, rnd: int) -> list[Joined]:
    """Counted people with a response to the page in round ``rnd`` (they opened its questions),
    in the order they joined."""
    query = (
        sa.select(people.c.id, people.c.name, people.c.pseudonym)
        .select_from(responses.join(people, responses.c.person_id == people.c.id))
        .where(
            responses.c.workspace_id == workspace_id,
            responses.c.questionnaire_id == questionnaire_id,
            responses.c.subject != PLAN,
            responses.c.round == rnd,
            people.c.counted.is_(True),
            people.c.merged_into.is_(None),
        )
        .order_by(responses.c.created_at, people.c.id)
    )
    with store.reading() as conn:
        return [Joined(r.id, r.name, bool(r.pseudonym)) for r in conn.execute(query)]


def answers(store: Store, workspace_id: str, questionnaire_id: str, rnd: int) -> pd.DataFrame:
    """Everyone's counted answers to the page in round ``rnd`` (``personal_frame``)."""
    from ..store.frames import personal_frame

    return personal_frame(store, workspace_id, questionnaire_id, rounds=[rnd])


def all_rounds(store: Store, workspace_id: str, questionnaire_id: str) -> pd.DataFrame:
    """Everyone's counted answers to the page in every round."""
    from ..store.frames import personal_frame

    return personal_frame(store, workspace_id, questionnaire_id)
