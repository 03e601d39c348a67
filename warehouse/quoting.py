"""Names and text placed into DuckDB SQL where a parameter cannot go (a table or column name, a file path in
``read_csv``/``COPY``/``ATTACH``, a struct literal): quoted, so no input can end the quote."""

from __future__ import annotations

from pathlib import Path


def literal(value: Path | str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
