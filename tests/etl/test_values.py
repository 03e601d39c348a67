"""One number cell: the largest figure accepted, and what lies beyond it."""

from __future__ import annotations

import pytest

from etl.cells.values import LARGEST, CellError, parse_number, plain_number


@pytest.mark.parametrize("cell", ["999999999999", "999,999,999,999", "999999999999.0", "９９９９９９９９９９９９"])
def test_the_largest_figure_is_accepted_however_it_is_written(cell: str) -> None:
    assert parse_number(cell).value == LARGEST


@pytest.mark.parametrize("cell", ["1000000000000", "1,000,000,000,000", "99999999999999999999999", "△1000000000000",
                                  "1000000000000件"])
def test_beyond_it_the_cell_is_refused(cell: str) -> None:
    with pytest.raises(CellError) as refused:
        parse_number(cell, allow_negative=True, units=frozenset({"件"}))
    assert refused.value.key == "too_large"


def test_a_bundled_fraction_has_the_same_bound() -> None:
    assert plain_number("1/2") == 0.5
    with pytest.raises(CellError, match="too_large"):
        plain_number("9999999999999/1")

