"""The pipeline's stages, one module each; each takes the previous stage's
frozen output (:mod:`scripts.pipeline` runs them in order).

A stage that computes the same results again from run to run takes an
optional ``cache``: an object whose ``get(name, key, compute)`` returns
``compute()``, or what it returned for an equal *key* in the last run. The
incremental preview passes one (scripts/preview/cache.py); without it a
stage computes everything (:data:`UNCACHED`)."""


class Uncached:
    """``get(name, key, compute)`` is ``compute()``: nothing is kept."""

    @staticmethod
    def get(_name: str, _key, compute):
        return compute()


UNCACHED = Uncached()
