"""Benchmark of Chizai KPI: build at scale, queries, page reruns under load, memory (issue #6).

``python -m bench`` (full, long) or ``python -m bench --quick`` (tiny data, under two minutes).
Writes ``bench/results/<UTC timestamp>.json`` and ``.md``; a full run also updates
``bench/results/latest.md``.  See docs/performance.md for the method and the latest figures.
"""
