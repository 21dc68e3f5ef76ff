"""The pipeline's stages, one module each; each takes the previous stage's
frozen output (:mod:`scripts.pipeline` runs them in order).

The stages are pure functions and keep nothing: what ``mkdocs serve`` may
reuse from one run to the next is marked in them with
:func:`scripts.reuse.reusable`."""
