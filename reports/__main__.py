"""CLI: python -m reports pack --block kyushu --year 2023 --half H1 --out DIR [--lang ja|en]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl.inputs.reference import blocks
from reports.pack.fonts import FontMissing
from warehouse.connection import NoWarehouseError

BLOCK_NAMES = {block.id: block.name_ja for block in blocks()}  # kyushu -> 九州


def cmd_pack(args: argparse.Namespace) -> int:
    from reports.pack import content
    from reports.pack.make import make

    try:
        gathered = content.from_home(block=BLOCK_NAMES[args.block], year=args.year, half=args.half, lang=args.lang)
        if gathered.board.is_empty():
            print(f"no regional KPIs for {args.block} in FY{args.year} {args.half}", file=sys.stderr)
            return 2
        made = make(gathered)
    except (NoWarehouseError, FontMissing) as exc:
        print(exc, file=sys.stderr)
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for suffix, data in (("pdf", made.pdf), ("xlsx", made.xlsx)):
        path = out / f"{made.stem}.{suffix}"
        path.write_bytes(data)
        print(f"wrote {path} ({len(data):,} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reports", description="Chizai KPI reports")
    sub = parser.add_subparsers(dest="command", required=True)
    p_pack = sub.add_parser("pack", help="meeting pack (PDF + XLSX) of one block and half year")
    p_pack.add_argument("--block", required=True, choices=list(BLOCK_NAMES))
    p_pack.add_argument("--year", required=True, type=int, help="fiscal year, e.g. 2023")
    p_pack.add_argument("--half", required=True, choices=["H1", "H2"])
    p_pack.add_argument("--out", required=True, help="directory for the PDF and the XLSX")
    p_pack.add_argument("--lang", choices=["ja", "en"], default="ja")
    p_pack.set_defaults(func=cmd_pack)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
