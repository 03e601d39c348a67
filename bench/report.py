"""Goals of issue #6 checked against a result, and the markdown summary of a run."""

from __future__ import annotations

from typing import Any

P95_GOALS_MS = {1: 150.0, 20: 1000.0, 50: 2000.0}
MISS_RATIO, HIT_MS, BUILD_RATIO, RSS_LIMIT = 1.2, 5.0, 1.5, 2 * 1024**3


def _page_scale_queries(result: dict[str, Any]) -> dict[str, Any]:
    queries = result.get("queries") or {}
    entry = queries.get(str(result["config"]["page_rows"])) or (list(queries.values())[-1] if queries else {})
    return {k: v for k, v in entry.get("functions", {}).items() if not v.get("skipped")}


def _goal(goal: str, target: str, measured: str, met: bool | None, note: str = "") -> dict[str, Any]:
    return {"goal": goal, "target": target, "measured": measured, "met": met, "note": note}


def evaluate(result: dict[str, Any]) -> list[dict[str, Any]]:
    goals = []
    functions = _page_scale_queries(result)
    if functions:
        ratios = {k: v["miss_ratio"] for k, v in functions.items() if v.get("miss_ratio") is not None}
        over = sorted(k for k, r in ratios.items() if r > MISS_RATIO)
        goals.append(_goal("cache-miss query vs raw DuckDB", f"≤ {MISS_RATIO}×",
                           f"max {max(ratios.values()):.2f}× ({len(ratios) - len(over)}/{len(ratios)} within)",
                           not over, ", ".join(over)))
        hits = {k: v["hit_ms"] for k, v in functions.items()}
        slow = sorted(k for k, h in hits.items() if h > HIT_MS)
        goals.append(_goal("cache hit", f"≤ {HIT_MS:.0f} ms", f"max {max(hits.values()):.1f} ms", not slow,
                           ", ".join(slow)))
    app = (result.get("pages") or {}).get("app", {}).get("levels", {})
    for sessions, limit in P95_GOALS_MS.items():
        level = app.get(str(sessions))
        if not level:
            continue
        p95 = {p: s["rerun"]["p95_ms"] for p, s in level["scenarios"].items()}
        missing = sorted(p for p, v in p95.items() if v is None)
        over = sorted(p for p, v in p95.items() if v is not None and v > limit)
        worst = max((v for v in p95.values() if v is not None), default=None)
        goals.append(_goal(f"page rerun p95 at {sessions} session(s)", f"≤ {limit:.0f} ms",
                           "-" if worst is None else f"worst {worst:.0f} ms", not over and not missing,
                           ", ".join(over + [f"{p}: no rerun measured" for p in missing])))
    for scale in (result.get("build") or {}).get("scales", []):
        goals.append(_goal(f"build {scale['rows_requested']:,} rows vs DuckDB COPY", f"≤ {BUILD_RATIO}×",
                           f"{scale['build_ratio']:.2f}× ({scale['build_seconds']:.1f} s vs "
                           f"{scale['copy_seconds']:.1f} s)",
                           scale["build_ratio"] <= BUILD_RATIO))
    if "50" in app:
        peak = app["50"]["rss_peak"]
        goals.append(_goal("server memory at 50 sessions", "≤ 2 GB", f"{peak / 1024**3:.2f} GB", peak <= RSS_LIMIT))
    pages = result.get("pages") or {}
    if pages:
        errors = {group: sum(level["errors"] for level in pages[group]["levels"].values())
                  for group in ("app", "reference")}
        goals.append(_goal("errors (app pages)", "0", str(errors["app"]), errors["app"] == 0,
                           f"reference pages: {errors['reference']}"))
    return goals


def _ms(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def _mb(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value / 1e6:,.1f}" if value < 10e6 else f"{value / 1e6:,.0f}"


def markdown(result: dict[str, Any]) -> str:
    m, c = result["machine"], result["config"]
    out = [f"# Benchmark ({result['mode']}) — {result['started_at']}", "",
           f"{m['cpus']} CPUs, {m['memory_bytes'] / 1024**3:.0f} GB RAM, load average {m['load_average_start'][0]:.2f} "
           f"at start / {m.get('load_average_end', [0])[0]:.2f} at end; Python {m['python']}, Streamlit "
           f"{m['streamlit']}, DuckDB {m['duckdb']}, Polars {m['polars']}, PyArrow {m['pyarrow']}. "
           f"Run took {result.get('duration_seconds', 0) / 60:.1f} min.", ""]
    if result.get("note"):
        out += [f"Note: {result['note']}", ""]
    out += ["## Goals", "", "| goal | target | measured | met | where missed |", "|---|---|---|---|---|"]
    for g in result.get("goals", []):
        met = "n/a" if g["met"] is None else ("yes" if g["met"] else "**no**")
        out.append(f"| {g['goal']} | {g['target']} | {g['measured']} | {met} | {g['note']} |")
    out += _build(result) + _queries(result) + _release(result) + _pages(result, c)
    return "\n".join(out) + "\n"


def _build(result: dict[str, Any]) -> list[str]:
    build = result.get("build") or {}
    out = ["", "## Build (raw files → switched-in warehouse) vs DuckDB `COPY … TO parquet`", "",
           "| fact rows | input MB | build s | COPY s | ratio | warehouse MB | build peak RSS MB |",
           "|---:|---:|---:|---:|---:|---:|---:|"]
    for s in build.get("scales", []):
        out.append(f"| {s['fact_rows']:,} | {_mb(s['input_bytes'])} | {s['build_seconds']:.1f} "
                   f"| {s['copy_seconds']:.1f} "
                   f"| {s['build_ratio']:.2f}× | {_mb(s['warehouse_bytes'])} | {_mb(s['build_peak_rss'])} |")
    for cap in build.get("caps", []):
        built = f"{cap['built']:,} rows" if cap["built"] else "not built"
        out.append(f"\nCapped: {cap['requested']:,} rows → {built}: {cap['reason']}")
    return out


def _queries(result: dict[str, Any]) -> list[str]:
    out = []
    for rows, entry in (result.get("queries") or {}).items():
        out += ["", f"## Queries at {int(rows):,} fact rows (median of {entry['repeats']})", "",
                "| function | rows | raw DuckDB ms | function ms | cache miss ms | miss ÷ raw | cache hit ms | via |",
                "|---|---:|---:|---:|---:|---:|---:|---|"]
        for name, f in entry["functions"].items():
            if f.get("skipped"):
                out.append(f"| {name} | | | | | | | {f['note']} |")
                continue
            out.append(f"| {name} | {f['rows']} | {_ms(f['raw_ms'], 1)} | {_ms(f['direct_ms'], 1)} "
                       f"| {_ms(f['miss_ms'], 1)} "
                       f"| {_ms(f['miss_ratio'], 2)}× | {_ms(f['hit_ms'], 2)} | {f['via']} |")
    return out


def _release(result: dict[str, Any]) -> list[str]:
    rel = result.get("parquet_release")
    if not rel:
        return []
    out = ["", f"## Same queries on a Parquet release at {result['config']['page_rows']:,} fact rows "
           "(warehouse/parquet_release.py)", "",
           f"Export {rel['export_seconds']:.1f} s, {_mb(rel['bytes'])} MB of Parquet "
           f"(DuckDB file {_mb(rel['duckdb_file_bytes'])} MB). \"same rows\": the same rows in any order; "
           "a query with LIMIT but no total ORDER BY may legitimately return different rows.", "",
           "| function | DuckDB file ms | Parquet release ms | same rows |", "|---|---:|---:|---|"]
    for name, f in rel["functions"].items():
        if "error" in f:
            out.append(f"| {name} | | | error: {f['error']} |")
        else:
            same = "yes" if f["same_rows"] else "NO"
            out.append(f"| {name} | {_ms(f['duckdb_ms'], 1)} | {_ms(f['parquet_ms'], 1)} | {same} |")
    return out


def _pages(result: dict[str, Any], config: dict[str, Any]) -> list[str]:
    pages = result.get("pages")
    if not pages:
        return []
    model = pages["model"]
    out = ["", f"## Page reruns at {config['page_rows']:,} fact rows", "",
           f"Each session opens the page, then {model['reruns']} times thinks {model['think_seconds'][0]:g}–"
           f"{model['think_seconds'][1]:g} s (uniform) and changes one filter widget; latency = BackMsg sent → "
           "`script_finished`. A fresh server per session count.", "",
           "| sessions | page | change | open p50 ms | rerun p50 | p95 | p99 | reruns | errors | server CPU s |",
           "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    memory = ["", "## Server memory (RSS incl. children)", "", "| server | sessions | idle MB | peak MB | end MB |",
              "|---|---:|---:|---:|---:|"]
    errors: list[str] = []
    for group in ("reference", "app"):
        for sessions, level in pages[group]["levels"].items():
            for page, s in level["scenarios"].items():
                label = f"{page} (reference)" if group == "reference" else page
                change = (s["widget"] or {}).get("key") or s["widget"] and s["widget"].get("label") or s["mode"]
                r = s["rerun"]
                out.append(f"| {sessions} | {label} | {change} | {_ms(s['open']['p50_ms'])} | {_ms(r['p50_ms'])} "
                           f"| {_ms(r['p95_ms'])} | {_ms(r['p99_ms'])} | {r['n']} | {s['errors']} | "
                           f"{s['server_cpu_seconds']:.1f} |")
                errors += [f"{group}/{page}@{sessions}: {e}" for e in s["error_samples"]]
            memory.append(f"| {group} | {sessions} | {_mb(level['rss_idle'])} | {_mb(level['rss_peak'])} "
                          f"| {_mb(level['rss_end'])} |")
            errors += [f"{group}@{sessions} server log: {line}" for line in level.get("server_log_errors", [])]
    out += memory
    if errors:
        out += ["", "## Error samples", ""] + [f"- {e[:300]}" for e in errors[:40]]
    return out


if __name__ == "__main__":  # re-render a summary: python -m bench.report bench/results/<stamp>.json
    import json
    import sys
    from pathlib import Path

    data = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    data["goals"] = evaluate(data)
    sys.stdout.write(markdown(data))
