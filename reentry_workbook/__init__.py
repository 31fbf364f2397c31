"""Interactive planning workbooks for local reentry coalitions."""

from .errors import (
    AnswerError,
    ExchangeError,
    Problem,
    ReentryWorkbookError,
    StoreError,
    TemplateError,
)
from .model import SCHEMA_VERSION, Item, Questionnaire, Step
from .templates import (
    load_shipped,
    load_template,
    parse_template,
    shipped_templates_dir,
    template_paths,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
    "AnswerError",
    "ExchangeError",
    "Item",
    "Problem",
    "Questionnaire",
    "ReentryWorkbookError",
    "Step",
    "StoreError",
    "TemplateError",
    "__version__",
    "load_shipped",
    "load_template",
    "parse_template",
    "shipped_templates_dir",
    "template_paths",
]
