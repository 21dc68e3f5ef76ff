"""What counts as a readable source text: the one place that decodes the raw
bytes of a text and says, as a :class:`~scripts.errors.Problem`, why a file
is not one. Used by the validate stage, ``new-source`` and ``dry-run``.

A UTF-8 byte-order mark and CRLF line endings are legitimate (they are noted
and normalized); invalid UTF-8, control characters, an empty text or one over
:data:`~scripts.paths.MAX_TEXT_BYTES` are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scripts.errors import Problem
from scripts.paths import MAX_TEXT_BYTES

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class DecodedText:
    text: str                       # "\n" line endings, no byte-order mark
    had_bom: bool
    had_crlf: bool


def check_size(data: bytes, display: str) -> Problem | None:
    if len(data) > MAX_TEXT_BYTES:
        return Problem(display, 1, f"the text is {len(data) / 1e6:.1f} MB, over the limit of "
                       f"{MAX_TEXT_BYTES / 1e6:.1f} MB for one source; split it into several sources")
    return None


def decode_raw_text(data: bytes, display: str) -> DecodedText | Problem:
    """Decode *data*; a :class:`Problem` at the offending line if it is not a plain text."""
    too_big = check_size(data, display)
    if too_big:
        return too_big
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return Problem(display, line, f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset "
                       f"{error.start}); convert the file to UTF-8, e.g. `iconv -f windows-1252 -t utf-8`")
    had_crlf = "\r" in text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return Problem(display, 1, "the text is empty; add the source's text (or remove its catalog entry)")
    control = CONTROL.search(text)
    if control:
        line = text[: control.start()].count("\n") + 1
        return Problem(display, line, f"control character U+{ord(control.group()):04X} in the text; this is "
                       "not plain text (a binary file, a word-processor file or a bad conversion): "
                       "re-export it as plain UTF-8")
    return DecodedText(text, data.startswith(b"\xef\xbb\xbf"), had_crlf)
