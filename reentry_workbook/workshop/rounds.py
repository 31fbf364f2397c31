"""Workshop rounds: the current one is the newest round a page has in the store."""

from __future__ import annotations

from ..messages import t
from ..store import Store


def current_round(store: Store, workspace_id: str, questionnaire_id: str) -> int:
    """The round participants answer now (1 before anyone answered)."""
    rounds = store.rounds(workspace_id, questionnaire_id)
    return max(rounds) if rounds else 1


def start_round(store: Store, workspace_id: str, questionnaire_id: str, version: str) -> int:
    """Open the next round: from now on participants' answers go to it.

    The round exists once a response does: the workshop's facilitator (a person who is not
    counted in figures) gets an empty one in the new round.
    """
    new = current_round(store, workspace_id, questionnaire_id) + 1
    holder = store.join(workspace_id, t("workshop.dashboard.round_holder"), "facilitator")
    store.personal_response(workspace_id, holder.id, questionnaire_id, version, new)
    return new
