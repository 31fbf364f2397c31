"""Where one page's answers live for one person: the workspace's shared plan and their own."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from ..model import Questionnaire
from ..store import Store, answers, respondents, responses, revisions, workspaces

if TYPE_CHECKING:
    import pandas as pd

PLAN_RESPONDENT = "(coalition plan)"
"""Until the store keeps shared plans itself, the plan is saved as a respondent of this name."""


class PageSession:
    """Loads and saves one page for one person, routing each item to the plan or to them."""

    def __init__(
        self,
        store: Store,
        q: Questionnaire,
        workspace: str,
        person: str,
        *,
        role: str = "facilitator",
        is_demo: bool = False,
        round: int = 1,
        counted: bool | None = None,
    ) -> None:
        self.store = store
        self.q = q
        self.role = role
        self.is_demo = is_demo
        self.round = round
        self.counted = (role != "facilitator") if counted is None else counted
        self.plan = store.open_session(
            workspace, PLAN_RESPONDENT, q.id, q.version, role="plan", is_demo=is_demo
        )
        self.mine = store.open_session(
            workspace, person, q.id, q.version, round=round, role=role, is_demo=is_demo
        )
        self.workspace = self.mine.workspace
        self.person = self.mine.respondent
        self._seen = self.last_change()

    def is_plan(self, item_id: str) -> bool:
        """Whether an item is part of the shared plan."""
        return self.q.scope_of(self.q.item(item_id)) == "plan"

    def load(self) -> dict[str, Any]:
        """The plan's answers and this person's own, as one answer set for the page."""
        plan = self.store.load_answers(self.plan.response_id)
        own = self.store.load_answers(self.mine.response_id)
        out: dict[str, Any] = {}
        for item_id in self.q.items:
            source = plan if self.is_plan(item_id) else own
            if item_id in source:
                out[item_id] = source[item_id]
        return out

    def save(self, changes: Mapping[str, Any]) -> dt.datetime:
        """Save changes, each to the plan or to this person's answers (one transaction each)."""
        plan = {k: v for k, v in changes.items() if k in self.q.items and self.is_plan(k)}
        own = {k: v for k, v in changes.items() if k not in plan}
        saved = dt.datetime.now(dt.UTC)
        if plan:
            saved = self.store.save_answers(self.plan.response_id, plan, author=self.person)
        if own:
            saved = self.store.save_answers(self.mine.response_id, own, author=self.person)
        self._seen = self.last_change()
        return saved

    def last_change(self) -> Any:
        """When anything of this page was last saved in the workspace (cheap to ask often)."""
        query = (
            sa.select(sa.func.max(revisions.c.created_at), sa.func.count(revisions.c.id))
            .select_from(revisions.join(responses, revisions.c.response_id == responses.c.id))
            .where(
                responses.c.workspace_id == self.mine.workspace_id,
                responses.c.questionnaire_id == self.q.id,
            )
        )
        with self.store.engine.connect() as conn:
            return tuple(conn.execute(query).one())

    def changed_elsewhere(self) -> bool:
        """Whether someone else saved something on this page since we last looked."""
        now = self.last_change()
        changed = now != self._seen
        self._seen = now
        return changed

    def group_frame(self, mine: Mapping[str, Any]) -> pd.DataFrame:
        """Everyone's personal answers on this page (long form), with this person's current
        answers in place of what is saved; people not counted (facilitators, unless they chose
        to be) are left out."""
        import pandas as pd

        from ..scoring import ANSWER_COLUMNS, answers_to_frame

        query = (
            sa.select(
                respondents.c.name,
                respondents.c.role,
                responses.c.round,
                answers.c.item_id,
                answers.c.value_json,
            )
            .select_from(
                answers.join(responses, answers.c.response_id == responses.c.id)
                .join(respondents, responses.c.respondent_id == respondents.c.id)
                .join(workspaces, responses.c.workspace_id == workspaces.c.id)
            )
            .where(
                workspaces.c.id == self.mine.workspace_id,
                responses.c.questionnaire_id == self.q.id,
                respondents.c.role.notin_(["plan", "facilitator"]),
                respondents.c.name != self.person,
            )
        )
        rows: list[tuple[Any, ...]] = []
        with self.store.engine.connect() as conn:
            for r in conn.execute(query):
                if r.value_json is None or r.item_id not in self.q.items or self.is_plan(r.item_id):
                    continue
                value = json.loads(r.value_json)
                if isinstance(value, dict):
                    rows += [(r.name, r.round, r.item_id, k, v) for k, v in value.items()]
                elif not isinstance(value, list) or not value or not isinstance(value[0], dict):
                    rows.append((r.name, r.round, r.item_id, "", value))
        frame = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
        if self.counted:
            own = {k: v for k, v in mine.items() if k in self.q.items and not self.is_plan(k)}
            frame = pd.concat(
                [frame, answers_to_frame(own, self.person, self.round)], ignore_index=True
            )
        return frame

    def other_page(self, page_id: str) -> dict[str, Any]:
        """Another page's shared plan in this workspace (empty if nobody has opened it)."""
        query = (
            sa.select(answers.c.item_id, answers.c.value_json)
            .select_from(
                answers.join(responses, answers.c.response_id == responses.c.id).join(
                    respondents, responses.c.respondent_id == respondents.c.id
                )
            )
            .where(
                responses.c.workspace_id == self.mine.workspace_id,
                responses.c.questionnaire_id == page_id,
                respondents.c.name == PLAN_RESPONDENT,
            )
        )
        with self.store.engine.connect() as conn:
            return {
                r.item_id: json.loads(r.value_json)
                for r in conn.execute(query)
                if r.value_json is not None
            }
