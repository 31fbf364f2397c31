"""The answers of one page, shared by every section that shows part of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..answers import Answers, context, validate_answers, visible_items
from ..kinds import Context, Lookup, NoLookup
from ..model import Questionnaire, TableTarget

Listener = Callable[[str, Any, object], None]


class PageLookup:
    """Pick lists' records: this page's tables from the shared answers, other pages' from a
    provider (the workspace's shared plans)."""

    def __init__(self, state: AnswerState, others: Lookup | None = None) -> None:
        self.state = state
        self.others = others or NoLookup()

    def records(self, target: TableTarget) -> list[dict[str, Any]]:
        """Current records of a table, skipping rows with no field yet."""
        if target.page is None or target.page == self.state.q.id:
            value = self.state.answers.get(target.table) or []
            return [dict(r) for r in value if any(k != "_id" for k in r)]
        return self.others.records(target)


class AnswerState:
    """Plain answers (item id -> normalised value) with change listeners and visibility.

    Every form section of a page shares one state, so a condition in one step sees answers
    given in another, and pick lists see the records of lists in other steps.
    """

    def __init__(
        self,
        q: Questionnaire,
        answers: Mapping[str, Any] | None = None,
        others: Lookup | None = None,
    ) -> None:
        self.q = q
        self.lookup = PageLookup(self, others)
        self.ctx: Context = context(q, self.lookup)
        self.answers: Answers = validate_answers(q, answers or {}, self.ctx)
        self.visible: set[str] = visible_items(q, self.answers)
        self._listeners: list[Listener] = []

    def on_change(self, listener: Listener) -> None:
        """Call ``listener(item_id, value, source)`` after every change."""
        self._listeners.append(listener)

    def set(self, item_id: str, value: Any, source: object = None) -> None:
        """Change one (normalised) answer; None clears it."""
        if value is None:
            if item_id not in self.answers:
                return
            self.answers.pop(item_id, None)
        else:
            if self.answers.get(item_id) == value:
                return
            self.answers[item_id] = value
        self.visible = visible_items(self.q, self.answers)
        for listener in list(self._listeners):
            listener(item_id, value, source)

    def replace(self, answers: Mapping[str, Any], source: object = None) -> None:
        """Put a whole answer set in place (tell listeners about each item that changed)."""
        new = validate_answers(self.q, answers, self.ctx)
        changed = {k for k in set(self.answers) | set(new) if self.answers.get(k) != new.get(k)}
        for item_id in changed:
            self.set(item_id, new.get(item_id), source)
