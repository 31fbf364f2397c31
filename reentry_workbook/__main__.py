"""Run the command line: ``python -m reentry_workbook``."""

from .cli import main

raise SystemExit(main())
