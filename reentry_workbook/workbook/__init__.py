"""The generic workbook: any page template as notebook sections, saved as people type."""

from .core import Workbook, open_workbook
from .session import PageSession

__all__ = ["PageSession", "Workbook", "open_workbook"]
