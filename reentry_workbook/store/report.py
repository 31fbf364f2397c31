"""What an import did: counts for people, and the fields both sides had changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..messages import t


@dataclass
class ImportReport:
    """What an import did, in numbers, and where both sides had changed the same thing."""

    workspace: str
    workspace_id: str
    as_copy: bool = False
    name_note: str = ""
    people_added: int = 0
    responses_added: int = 0
    revisions_added: int = 0
    revisions_known: int = 0
    records_added: int = 0
    records_changed: int = 0
    records_deleted: int = 0
    answers_changed: int = 0
    both_changed: list[str] = field(default_factory=list)
    keys: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        """A few lines for people."""
        how = t("store.import.as_copy") if self.as_copy else t("store.import.into")
        lines = [
            t(
                "store.import.imported",
                how=how,
                workspace=repr(self.workspace),
                workspace_id=self.workspace_id,
                people=self.people_added,
                responses=self.responses_added,
                added=self.revisions_added,
                known=self.revisions_known,
            ),
            t(
                "store.import.records",
                added=self.records_added,
                changed=self.records_changed,
                deleted=self.records_deleted,
                answers=self.answers_changed,
            ),
        ]
        if self.name_note:
            lines.append(self.name_note)
        if self.both_changed:
            lines.append(t("store.import.both_changed", n=len(self.both_changed)))
            lines += [f"  - {c}" for c in self.both_changed]
        for role, key in self.keys.items():
            lines.append(t("store.import.new_key", role=role, key=key))
        return "\n".join(lines)
