"""Widgets that render pages: plain answers in and out, no scoring, no storage."""

from .fields import Field
from .form import QuestionnaireForm
from .state import AnswerState
from .table import TableEditor

__all__ = ["AnswerState", "Field", "QuestionnaireForm", "TableEditor"]
