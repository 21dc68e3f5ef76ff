"""What the render stage assembles pages from: for each kind of page the data
its template of ``scripts/templates/`` lays out (links, citations, JSON-LD,
notes, disputes). The markup is in the templates (the pieces inside a line
in ``_inline.html``); none of these modules reads files or knows about MkDocs."""
