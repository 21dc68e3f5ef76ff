"""The pipeline's stages, one module each; each takes the previous stage's
frozen output (:mod:`scripts.pipeline` runs them in order)."""
