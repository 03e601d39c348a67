"""The bundled files a build reads (data/raw, data/reference) -> small frames per table, every problem at once.

They are a few hundred rows, read in Python so each problem names its file, row and column (etl.cells.text,
etl.cells.values); a new bundled CSV gets a reader beside etl.inputs.kpi / etl.inputs.published and a line here.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from etl import tables
from etl.cells.problems import Problem, RejectedInput
from etl.inputs import denominators, kpi, published
from etl.inputs.bundled import Batch
from etl.inputs.reference import data_dir, plans, prefectures


def raw_dir() -> Path:
    return data_dir() / "raw"


def read_bundled(raw: Path) -> dict[str, pl.DataFrame]:
    """Every bundled file -> frames per table; all problems of all files at once."""
    batch = Batch()
    for name in published.LONG_FILES:
        batch.extend(published.read_long_file(raw / name))
    batch.extend(published.read_above_average_flags(raw / "prefecture_above_avg_flags.csv"))
    batch.extend(published.check_block_map(raw / "prefecture_block_map.csv"))
    batch.extend(denominators.read_bundled(raw))
    central = kpi.read_central(raw / "kpi_central.csv")
    first_plan = kpi.read_first_plan_targets(raw / "kpi_regional.csv")
    batch.extend(central)
    batch.extend(first_plan)
    kpi_rows, conflicts = kpi.merge_kpi_rows(
        central.rows.get("fact_kpi", []) + first_plan.rows.get("fact_kpi", []) + kpi.qualitative_rows()
    )
    summary_rows, incomplete = kpi.regional_summary(central.rows.get("regional_summary_parts", []), "kpi_central.csv")
    problems: list[Problem] = batch.problems + conflicts + incomplete
    if problems:
        raise RejectedInput(problems)
    return {
        "fact_kpi": tables.frame("fact_kpi", kpi_rows),
        "fact_statistic": tables.frame("fact_statistic", batch.rows.get("fact_statistic", [])),
        "fact_regional_summary": tables.frame("fact_regional_summary", summary_rows),
        "dim_source": tables.frame("dim_source", batch.rows["dim_source"]),
    }


def reference_frames() -> dict[str, pl.DataFrame]:
    prefs = [
        {"prefecture_code": p.code, "prefecture_name_ja": p.name_ja, "prefecture_name_en": p.name_en,
         "block": p.block, "block_en": p.block_en, "bureau": p.bureau, "tile_x": p.tile_x, "tile_y": p.tile_y}
        for p in prefectures()
    ]
    return {
        "dim_plan": tables.frame("dim_plan", [vars(plan) for plan in plans()]),
        "dim_prefecture": tables.frame("dim_prefecture", prefs),
        "dim_indicator": tables.frame("dim_indicator", kpi.indicator_rows()),
    }
