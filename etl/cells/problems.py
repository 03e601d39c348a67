"""Validation problems are values: each names the file, the row as numbered in the file, the column."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None  # 1-based physical line in the file (header = 1); None for file-level problems
    column: str | None
    value: str | None
    rule: str
    message: str  # English (the CLI, logs)
    message_ja: str = ""  # Japanese, when the rule has a translation (etl.cells.messages)

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        shown = "" if self.value is None else f" (value {self.value!r})"
        return f"{where}: {self.message}{shown} [{self.rule}]"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class RejectedInput(Exception):
    """Raised at the boundary of a step when its input has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = "\n".join(str(p) for p in problems[:50])
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s):\n{head}{more}")
