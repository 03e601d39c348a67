"""Baseline for the build: DuckDB's own CSV -> Parquet, one COPY per input file.

``python -m bench.copy_baseline OUT_DIR FILE...`` runs
``COPY (SELECT * FROM read_csv('<file>')) TO '<out>/<n>.parquet' (FORMAT parquet)`` for every file and
prints one JSON line: files copied, files DuckDB could not read on its own (with the reason), bytes out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from warehouse.quoting import literal


def main(argv: list[str]) -> int:
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    copied, failed = 0, {}
    for index, name in enumerate(argv[1:]):
        source, target = Path(name), out / f"{index:03d}_{Path(name).stem}.parquet"
        try:
            con.execute(f"COPY (SELECT * FROM read_csv({literal(source)})) TO {literal(target)} "  # noqa: S608
                        "(FORMAT parquet)")
            copied += 1
        except duckdb.Error as exc:
            failed[source.name] = f"{type(exc).__name__}: {exc}"[:200]
    size = sum(p.stat().st_size for p in out.glob("*.parquet"))
    print(json.dumps({"copied": copied, "failed": failed, "bytes_out": size}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
