"""One escaping function per output context. Every value that comes from
``sources/`` or ``docs/`` reaches the site through exactly one of these, so
that no value can change the structure of what it is written into:

==============================  ==============================================
context                         function
==============================  ==============================================
HTML text or attribute value    :func:`html_text` (alias :func:`attr`)
Markdown text (heading, cell)   :func:`md_text`
JSON inside ``<script>``        :func:`script_json`
YAML/JSON front matter value    :func:`front_matter_value`
glossary definition (abbr)      :func:`abbr_definition`
CSV cell (spreadsheets)         :func:`csv_cell`
==============================  ==============================================

Templates (Jinja) escape with ``| e``; page titles are HTML (as MkDocs makes
them from a Markdown ``# heading``), see ``scripts/pagetext.py``.
"""

from __future__ import annotations

import html
import json
import re

# --- HTML ------------------------------------------------------------------------------------

_LINE_BREAKS = str.maketrans({"\n": "&#10;", "\r": "&#13;"})


def html_text(text: str) -> str:
    """*text* as HTML character data or a quoted attribute value.

    ``& < > " '`` become entities, and line breaks become ``&#10;`` (the same
    white space to a browser): the result is one line, so a value with a
    blank line in it cannot end the raw HTML block it is written into and
    turn the rest of it into Markdown."""
    return html.escape(text, quote=True).translate(_LINE_BREAKS)


attr = html_text


# --- Markdown -------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~"})


def md_text(text: str) -> str:
    """*text* inside Markdown (a heading, a list item, a table cell, a
    paragraph): HTML-escaped, and every Markdown punctuation character
    backslash-escaped, so it is shown as typed and makes no markup."""
    return html.escape(text, quote=False).translate(_MD_SPECIAL)


# --- JSON in <script> -----------------------------------------------------------------------

#: Inside <script>, "</script", "<!--" and "<script" change the tokenizer's
#: state whatever JSON thinks; U+2028/2029 end lines in old JavaScript.
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data) -> str:
    """*data* as JSON that is safe as the content of a ``<script>`` element
    (JSON-LD): ``<``, ``>`` and ``&`` are written ``\\u003c`` etc., which
    JSON parsers read back as the same characters."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=None).translate(_SCRIPT_UNSAFE)


# --- front matter -----------------------------------------------------------------------------

#: What a YAML double-quoted scalar may not hold literally (PyYAML's reader
#: refuses non-printable characters, and NEL, U+2028 and U+2029 are line
#: breaks in YAML 1.1): C0 and C1 controls, DEL, the byte-order mark,
#: surrogates and the non-characters U+FFFE/U+FFFF.
_YAML_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def front_matter_value(value) -> str:
    """*value* (text, number, bool, list or mapping of those) as one line of
    JSON that YAML reads back as exactly the same value, whatever Unicode
    characters it holds: JSON's own escapes for quotes, backslashes and C0
    controls, and ``\\uXXXX`` for everything YAML would refuse or read as a
    line break."""
    dumped = json.dumps(value, ensure_ascii=False, sort_keys=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def front_matter(data: dict) -> str:
    """A complete front matter block (``---`` … ``---``) for *data*."""
    return "---\n" + "".join(f"{key}: {front_matter_value(value)}\n" for key, value in data.items()) + "---\n\n"


# --- glossary ----------------------------------------------------------------------------------


def abbr_definition(term: str, expansion: str) -> str:
    """Python-Markdown's ``*[TERM]: EXPANSION`` line. Validation refuses
    line breaks and ``]`` in terms and line breaks in expansions; white
    space is collapsed here as well so that a definition is always one line
    (a second line would be Markdown, and HTML, of every page)."""
    term = " ".join(term.split()).replace("]", "")
    return f"*[{term}]: {' '.join(expansion.split())}"


# --- CSV ---------------------------------------------------------------------------------------

#: A cell starting with one of these is a formula to spreadsheet programs
#: (OWASP "CSV injection"); a plain number such as -12 or -0500 is not.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")


def csv_cell(value):
    """*value* for a CSV cell: text that a spreadsheet would run as a formula
    is prefixed with an apostrophe (shown, not evaluated); other values are
    returned unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value
