"""Benchmark of Chizai KPI (issue #10): what a click costs, under a crowd, with replicas; builds at scale.

``python -m bench`` (full: about an hour) or ``python -m bench --quick`` (default data, a few
minutes), from the repository root; bench/ is not part of the installed package.  Writes
``bench/results/<UTC time>.json`` and ``.md``; a full run with default options also replaces
``bench/results/latest.md``.  Method: docs/performance.md.  Layout: ``run`` orders the phases —
``build_bench`` (+ ``copy_baseline``), ``queries_bench``, ``pages_bench`` (``client``, ``widgets``,
``load``), ``replicas_bench`` (``deploy/serve.py`` behind ``server``) — each returning the records
of ``results``; ``report`` checks the goals and writes the summary.
"""
