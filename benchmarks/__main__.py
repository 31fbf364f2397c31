"""Run the benchmark suite: ``python -m benchmarks [--quick] [--no-write]``."""

from .run import main

raise SystemExit(main())
