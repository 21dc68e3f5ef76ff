"""The incremental preview: everything ``mkdocs serve`` needs to show a save
in a fraction of a full build, and nothing ``mkdocs build`` runs.

* :mod:`scripts.preview.internals`: :class:`~scripts.preview.internals.Preview`,
  the one object the plugin talks to (one per serve session): dirty builds
  whose skipped pages keep what they hand to the rest of the build (the
  only module that touches MkDocs' and Material's private internals; it
  checks their versions and otherwise falls back to full rebuilds);
* :mod:`scripts.preview.cache`: :class:`~scripts.preview.cache.RunCache`,
  what one pipeline run keeps for the next (``Preview.cache``; the pipeline
  runs inside ``scripts.reuse.reusing(cache)``, and the stages' reusable
  functions ask it for their results);
* :mod:`scripts.preview.memo`: the render stage's page memo (``cache.memo``).

Nothing outside this folder imports it but the plugin
(tests/test_architecture.py).
"""
