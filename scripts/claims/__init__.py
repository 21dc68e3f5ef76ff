"""Claims: what the editors' layer asserts, compared with what its sources
state. Pure functions, no I/O, one module per concept:

* :mod:`scripts.claims.precision`: which parts of an event's date its
  citations state (the rest is shown in brackets, or refused);
* :mod:`scripts.claims.quantities`: quantities as intervals, and when two agree;
* :mod:`scripts.claims.disputes`: citations whose statements cannot both be true;
* :mod:`scripts.claims.references`: the ``[[source/pN]]`` and ``[[note:id]]``
  references that end each sentence of the editors' prose.

Parsing, comparing and wording dates is :mod:`scripts.dates`. The *claims*
stage (``scripts/stages/claims.py``) applies these rules to the corpus and
reports problems; the renderer shows their results.
"""

#: What a new catalog entry's assessment says until the editors write it
#: (an open editorial item, "unassessed-source").
UNASSESSED = "Not yet assessed."
