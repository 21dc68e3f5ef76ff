"""Performance benchmark of the portal (``make bench`` = ``python -m bench.run``).

Modules: :mod:`bench.run` (orchestration, tables, ``bench/results.md``),
:mod:`bench.corpus` (synthetic corpora made from the real texts),
:mod:`bench.probe` (measurements run in fresh subprocesses),
:mod:`bench.serve` (the ``mkdocs serve`` editing loop), :mod:`bench.web`
(page weight with Playwright, Lighthouse) and :mod:`bench.common`.
Findings are in ``bench/README.md``.
"""
