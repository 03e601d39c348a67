"""Run in a child process by the kill tests: a load that stalls at one step until it is killed.

    python -m tests.ingest.stall_load ROOT FILE DATASET STEP MARKER
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from etl.ingest import ingest_file


def main() -> None:
    root, path, dataset, step, marker = sys.argv[1:6]

    def progress(name: str) -> None:
        if name == step:
            Path(marker).write_text(name)
            time.sleep(300)

    ingest_file(Path(path), dataset, root=Path(root), progress=progress)


if __name__ == "__main__":
    main()
