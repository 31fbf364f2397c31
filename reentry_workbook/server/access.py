"""The few store calls the server makes (keys, new workspaces, progress), behind one narrow seam."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from ..errors import ReentryWorkbookError, StoreError

log = logging.getLogger(__name__)

Role = Literal["facilitator", "participant", "person"]
DENIED = "This link does not open a workspace. Ask your facilitator for a new link."


class LinkDenied(ReentryWorkbookError):
    """A key that opens nothing: unknown, revoked and malformed keys all give the same words."""

    def __init__(self) -> None:
        super().__init__(DENIED)


@dataclass(frozen=True)
class Grant:
    """What a valid key opens: one workspace, with one role."""

    workspace_id: str
    workspace_name: str
    role: Role
    is_demo: bool = False
    person_id: str | None = None


@dataclass(frozen=True)
class Created:
    """A new workspace and its two keys (shown once: only their hashes are stored)."""

    workspace_id: str
    workspace_name: str
    facilitator_key: str
    participant_key: str


class WorkspaceKeys(Protocol):
    """What the server asks of the store; ``StoreKeys`` is the real one, tests use fakes."""

    def check(self, key: str) -> Grant:
        """The workspace and role ``key`` opens; raises ``LinkDenied`` otherwise."""
        ...

    def create(self, name: str, founder: str) -> Created:
        """Create a workspace named ``name`` whose first facilitator is ``founder``; a name
        like an existing workspace's is logged for the operator, never told to the visitor."""
        ...

    def new_participant_key(self, workspace_id: str) -> str:
        """A fresh participant key for the workspace (older ones keep working)."""
        ...

    def progress(self, workspace_id: str, questionnaire: Any) -> tuple[int, int] | None:
        """(answered, required) items of the workspace's plan for a page, or None if unknown."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...


KeysFactory = Callable[[str | None], WorkspaceKeys]


class StoreKeys:
    """``WorkspaceKeys`` over the store v2 API (``open_by_key``, ``create_workspace``, ...)."""

    NEEDED: Sequence[str] = ("open_by_key", "create_workspace", "issue_key")

    def __init__(self, store: Any) -> None:
        missing = [name for name in self.NEEDED if not hasattr(store, name)]
        if missing:
            store.close()
            raise StoreError(
                "this version of the store cannot open workspaces by key yet "
                f"(it lacks {', '.join(missing)})"
            )
        self.store = store
        from .. import store as store_module

        self.denied: type[Exception] = getattr(store_module, "AccessDenied", ReentryWorkbookError)

    def check(self, key: str) -> Grant:
        """The workspace and role ``key`` opens; raises ``LinkDenied`` otherwise."""
        if not key or len(key) > 200 or not key.isascii():
            raise LinkDenied()
        try:
            access = self.store.open_by_key(key)
        except self.denied as exc:  # only a refused key; a store that is down says so
            raise LinkDenied() from exc
        ws = access.workspace
        return Grant(ws.id, ws.name, access.role, bool(ws.is_demo), access.person_id)

    def create(self, name: str, founder: str) -> Created:
        """Create a workspace named ``name`` whose first facilitator is ``founder``."""
        new = self.store.create_workspace(name)
        ws = new.workspace
        if hasattr(self.store, "join"):
            self.store.join(ws.id, founder, "facilitator")
        return Created(ws.id, ws.name, new.facilitator_key, new.participant_key)

    def new_participant_key(self, workspace_id: str) -> str:
        """A fresh participant key for the workspace (older ones keep working)."""
        return str(self.store.issue_key(workspace_id, "participant"))

    def progress(self, workspace_id: str, questionnaire: Any) -> tuple[int, int] | None:
        """(answered, required) items of the workspace's plan for a page, or None if unknown."""
        try:
            from ..store.frames import plan_answers
        except ImportError:
            return None
        answers = plan_answers(self.store, workspace_id, questionnaire.id)
        return required_progress(questionnaire, answers)

    def close(self) -> None:
        """Release the connection."""
        self.store.close()


def required_progress(questionnaire: Any, answers: dict[str, Any]) -> tuple[int, int]:
    """(answered, required) over a page's required items, as the forms count them."""
    from ..answers import progress

    steps = progress(questionnaire, answers)
    return sum(p.answered for p in steps), sum(p.required for p in steps)


def open_keys(db: str | None, backend: str | None = None) -> WorkspaceKeys:
    """The server's key checker: the store at ``db``, or ``backend`` ("module:factory", for
    tests) called with ``db``."""
    if backend:
        module, _, name = backend.partition(":")
        factory: KeysFactory = getattr(importlib.import_module(module), name)
        return factory(db)
    from ..store import open_store

    return StoreKeys(open_store(db))
