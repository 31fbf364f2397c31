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
    "url_parameters": "page",
    "open_workbook": "workbook",
    "Workbook": "workbook",
    "PageContext": "views",
    "VIEWS": "views",
    "page_catalog": "templates",
    "load_demo": "demo",
    "score": "scoring",
    "aggregate_items": "aggregate",
    "aggregate_factors": "aggregate",
    "compare_rounds": "aggregate",
    "all_coverage": "coverage",
    "outreach_ranking": "influence",
    "catalog": "messages",
    "answers_frame": "frames",
    "table_frame": "frames",
}

__all__ = [
    "AnswerError",
    "ExchangeError",
    "PageContext",
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
    "aggregate_factors",
    "aggregate_items",
    "all_coverage",
    "answers_frame",
    "compare_rounds",
    "load_shipped",
    "load_template",
    "open_store",
    "outreach_ranking",
    "page_catalog",
    "parse_template",
    "questionnaire_app",
    "score",
    "shipped_templates_dir",
    "table_frame",
    "template_paths",
    "url_parameters",
    "validate_answers",
    "VIEWS",
    "Workbook",
    "catalog",
    "load_demo",
    "open_workbook",
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
    from .aggregate import aggregate_factors, aggregate_items, compare_rounds
    from .answers import validate_answers
    from .app import QuestionnaireApp, questionnaire_app
    from .coverage import all_coverage
    from .demo import load_demo
    from .errors import (
        AnswerError,
        ExchangeError,
        Problem,
        ReentryWorkbookError,
        StoreError,
        TemplateError,
    )
    from .frames import answers_frame, table_frame
    from .influence import outreach_ranking
    from .messages import catalog
    from .model import SCHEMA_VERSION, Item, Questionnaire, Step
    from .page import url_parameters
    from .scoring import score
    from .store import Store, open_store
    from .templates import (
        load_shipped,
        load_template,
        page_catalog,
        parse_template,
        shipped_templates_dir,
        template_paths,
    )
    from .views import VIEWS, PageContext
    from .widgets import QuestionnaireForm
    from .workbook import Workbook, open_workbook
