"""Editors' regular expressions (cleaning rules), matched in linear time.

A cleaning rule's ``match:`` comes from a pull request; with Python's
backtracking engine a pattern such as ``(a+)+$`` runs for ever on a long
line. Rules are therefore compiled with RE2 (``google-re2``), whose matching
time is linear in the line's length whatever the pattern.

RE2 has no look-around and no back-references (:func:`compile_rule` says so
with a hint). Its ``\\w``, ``\\d`` and ``\\s`` are ASCII-only while Python's
are Unicode; they are rewritten to their Unicode meaning so that a rule means
what a Python regular expression means (``\\b`` stays ASCII: RE2 has no
Unicode word boundary).
"""

from __future__ import annotations

import re

import re2

#: Python's Unicode classes in RE2 syntax (str.isalnum() letters and numbers,
#: str.isspace() white space). Inside [...] without their brackets.
_CLASS_BODY = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}", "s": r"\s\p{Z}\x{1c}-\x{1f}\x{85}"}
_NEGATED = {"W": "w", "D": "d", "S": "s"}

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False     # the problem is reported to the editor instead


class PatternError(ValueError):
    """The pattern cannot be used; the message says why and how to fix it."""


def unicode_classes(pattern: str) -> str:
    r"""*pattern* with ``\w \d \s`` (and ``\W \D \S`` outside brackets)
    written as RE2 Unicode classes. Raises :class:`PatternError` for a
    negated class inside brackets (``[\W]``), which RE2 cannot express."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            letter = pattern[i + 1]
            if letter in _CLASS_BODY:
                out.append(_CLASS_BODY[letter] if in_class else f"[{_CLASS_BODY[letter]}]")
            elif letter in _NEGATED:
                if in_class:
                    raise PatternError(f"\\{letter} inside [...] is not supported; write the "
                                       f"characters to exclude with [^...] instead")
                out.append(f"[^{_CLASS_BODY[_NEGATED[letter]]}]")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
            out.append(char)
            i += 1
            # "[]…]" and "[^]…]": a "]" right after the opening is a literal.
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            if pattern.startswith("]", i):
                out.append("\\]")
                i += 1
            continue
        if char == "]" and in_class:
            in_class = False
        out.append(char)
        i += 1
    return "".join(out)


def compile_rule(pattern: str):
    """Compile an editor's pattern for linear-time matching (an object with
    ``fullmatch`` and ``search`` whose matches have ``groupdict``). Raises
    :class:`PatternError` with a hint when it is not a valid or not a
    supported regular expression."""
    try:
        re.compile(pattern)
    except re.error as error:
        raise PatternError(f"the pattern is not a valid regular expression ({error}); escape special "
                           "characters such as ( ) [ ] . with \\") from None
    try:
        return re2.compile(unicode_classes(pattern), _OPTIONS)
    except re2.error as error:
        detail = error.args[0].decode("utf-8", "replace") if error.args and isinstance(error.args[0], bytes) \
            else str(error)
        raise PatternError(f"the pattern uses syntax that the linear-time engine (RE2) does not support "
                           f"({detail}); write it without look-ahead/look-behind (?= (?! (?<=, "
                           "back-references \\1 or possessive quantifiers") from None
