"""Widgets that render questionnaires: plain answers in and out, no scoring, no storage."""

from .fields import FIELD_FACTORIES, Field
from .form import QuestionnaireForm
from .table import CELL_FACTORIES, TableEditor

__all__ = ["CELL_FACTORIES", "FIELD_FACTORIES", "Field", "QuestionnaireForm", "TableEditor"]
