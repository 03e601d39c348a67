"""Sub-commands for operators: `backup` (a consistent copy of $IPDASH_HOME's irreplaceable files) and
`hash-password` (the secrets.toml lines of an account)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from etl.inputs.reference import blocks
from warehouse import accounts

BLOCK_IDS = tuple(block.id for block in blocks())  # as account settings name them (kyushu)


def cmd_backup(args: argparse.Namespace) -> int:
    from etl import backup

    try:
        result = backup.run(Path(args.out))
    except OSError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 1
    print(f"backup written to {result.directory}")
    for name, size in result.files.items():
        print(f"  {name:<60} {size:>12,} bytes")
    return 0


def _read_password(prompt_twice: bool) -> str:
    if not sys.stdin.isatty():  # piped: the first line
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("password: ")
    if prompt_twice and getpass.getpass("again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def cmd_hash_password(args: argparse.Namespace) -> int:
    unknown = [b for b in args.block if b not in BLOCK_IDS]
    if unknown:
        print(f"unknown block(s): {', '.join(unknown)}; use {', '.join(BLOCK_IDS)}", file=sys.stderr)
        return 2
    if args.role == "editor" and not args.block:
        print("an editor needs at least one --block", file=sys.stderr)
        return 2
    try:
        hashed = accounts.hash_password(_read_password(prompt_twice=True))
    except ValueError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    print("# paste into .streamlit/secrets.toml")
    print(f'[accounts."{args.name}"]')
    print(f'role = "{args.role}"')
    if args.block:
        print("blocks = [" + ", ".join(f'"{b}"' for b in args.block) + "]")
    if args.email:
        print(f'email = "{args.email}"')
    print(f'password = "{hashed}"')
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p_backup = sub.add_parser("backup", help="consistent copy of the review store, current version, journal, archive")
    p_backup.add_argument("--out", required=True, help="directory to write ipdash_backup_<UTC>/ into")
    p_backup.set_defaults(func=cmd_backup)
    p_hash = sub.add_parser("hash-password", help="print the secrets.toml lines of an account (scrypt hash)")
    p_hash.add_argument("name", help="login name, e.g. kyushu")
    p_hash.add_argument("--role", choices=["editor", "admin", "viewer"], default="editor")
    p_hash.add_argument("--block", action="append", default=[], help=f"block id ({', '.join(BLOCK_IDS)})")
    p_hash.add_argument("--email", default=None, help="e-mail of the same person for st.login (OIDC)")
    p_hash.set_defaults(func=cmd_hash_password)
