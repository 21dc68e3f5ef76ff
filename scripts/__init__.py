"""Build pipeline of the Iraq–Russia relations portal.

Stages, each a module of :mod:`scripts.stages`, pass frozen dataclasses
(:mod:`scripts.model`) from one to the next; :mod:`scripts.pipeline` runs
them in order; :mod:`scripts.cli` writes the result to a folder;
:mod:`scripts.plugin` hands it to MkDocs in memory.
"""
