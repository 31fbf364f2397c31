"""Exception hierarchy: every error a user can cause names what is wrong and where."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file: where it is, what is wrong, and what would be valid."""

    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ReentryWorkbookError(Exception):
    """Base class of every error this package raises on purpose."""


class TemplateError(ReentryWorkbookError):
    """A questionnaire template could not be read or is not valid."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class AnswerError(ReentryWorkbookError, ValueError):
    """Answers do not fit the questionnaire (unknown item, wrong type, invalid choice)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        super().__init__("; ".join(self.problems))


class StoreError(ReentryWorkbookError):
    """The response store could not complete an operation; nothing was half-written."""


class ExchangeError(ReentryWorkbookError):
    """An export file could not be imported; the store was left unchanged."""
