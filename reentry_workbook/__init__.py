"""Interactive planning workbooks for local reentry coalitions."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Public name -> module that defines it. Loaded on first use, so importing the package stays
# cheap (SQLAlchemy, widgets and pydantic load only when a workbook needs them).
_EXPORTS = {
    "AnswerError": "errors",
    "ExchangeError": "errors",
    "Problem": "errors",
    "ReentryWorkbookError": "errors",
    "StoreError": "errors",
    "TemplateError": "errors",
    "SCHEMA_VERSION": "model",
    "Item": "model",
    "Questionnaire": "model",
    "Step": "model",
    "load_shipped": "templates",
    "load_template": "templates",
    "parse_template": "templates",
    "shipped_templates_dir": "templates",
    "template_paths": "templates",
    "validate_answers": "answers",
    "QuestionnaireForm": "widgets",
    "Store": "store",
    "open_store": "store",
    "QuestionnaireApp": "app",
    "questionnaire_app": "app",
    "url_parameters": "app",
}

__all__ = [
    "AnswerError",
    "ExchangeError",
    "Item",
    "Problem",
    "Questionnaire",
    "QuestionnaireApp",
    "QuestionnaireForm",
    "ReentryWorkbookError",
    "SCHEMA_VERSION",
    "Step",
    "Store",
    "StoreError",
    "TemplateError",
    "__version__",
    "load_shipped",
    "load_template",
    "open_store",
    "parse_template",
    "questionnaire_app",
    "shipped_templates_dir",
    "template_paths",
    "url_parameters",
    "validate_answers",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'reentry_workbook' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__


if TYPE_CHECKING:
    from .answers import validate_answers
    from .app import QuestionnaireApp, questionnaire_app, url_parameters
    from .errors import (
        AnswerError,
        ExchangeError,
        Problem,
        ReentryWorkbookError,
        StoreError,
        TemplateError,
    )
    from .model import SCHEMA_VERSION, Item, Questionnaire, Step
    from .store import Store, open_store
    from .templates import (
        load_shipped,
        load_template,
        parse_template,
        shipped_templates_dir,
        template_paths,
    )
    from .widgets import QuestionnaireForm
