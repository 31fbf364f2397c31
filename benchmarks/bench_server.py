"""``reentry-workbook serve`` for the benchmarks: the same server, serving a folder that also
holds the bare one-form notebook, so workbook and baseline pages share one server.

Run: ``python -m benchmarks.bench_server FOLDER PORT DB MAX_KERNELS [PREHEAT_NOTEBOOK ...]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reentry_workbook import serve as serve_module


def main(argv: list[str]) -> int:
    folder, port, db, max_kernels, *preheat = argv
    serve_module.workbooks_dir = lambda: Path(folder)  # type: ignore[assignment]
    return serve_module.serve(
        serve_module.ServeOptions(
            port=int(port),
            db=db,
            max_kernels=int(max_kernels),
            preheat=tuple(preheat),
        )
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
