"""What an import did: counts for people, and the fields both sides had changed."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        how = "as a new copy" if self.as_copy else "into"
        lines = [
            f"Imported {how} workspace {self.workspace!r} ({self.workspace_id}): "
            f"{self.people_added} person(s), {self.responses_added} response(s), "
            f"{self.revisions_added} change(s) added; {self.revisions_known} change(s) were "
            "already here.",
            f"Records: {self.records_added} added, {self.records_changed} changed, "
            f"{self.records_deleted} deleted; answers changed: {self.answers_changed}.",
        ]
        if self.name_note:
            lines.append(self.name_note)
        if self.both_changed:
            lines.append(
                f"{len(self.both_changed)} field(s) were changed on both sides; the later "
                "change was kept and both are in the history:"
            )
            lines += [f"  - {c}" for c in self.both_changed]
        for role, key in self.keys.items():
            lines.append(f"New {role} key (shown once): {key}")
        return "\n".join(lines)
