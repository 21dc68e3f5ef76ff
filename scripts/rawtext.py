"""What counts as a readable source text: the one place that decodes the raw
bytes of a text and says, as a :class:`~scripts.errors.Problem`, why a file
is not one. Used by the validate stage, ``new-source`` and ``dry-run``.

A UTF-8 byte-order mark and CRLF line endings are legitimate (they are noted
and normalized); invalid UTF-8, UTF-16, C0 and C1 control characters, an
empty text or one over :data:`~scripts.paths.MAX_TEXT_BYTES` are not.

:func:`read_regular_file` is the one way a text is read: only a regular file
(never a folder, a named pipe or a device, which would hang or crash the
read), never more than the size limit, and in ``sources/texts/`` never
through a symbolic link (it could publish any file of the machine).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from scripts.errors import Problem
from scripts.paths import MAX_TEXT_BYTES

#: C0 controls except tab and line breaks, DEL, and the C1 controls
#: U+0080-U+009F (NEL included: a Windows-1252 file decoded as Latin-1).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class DecodedText:
    text: str                       # "\n" line endings, no byte-order mark
    had_bom: bool
    had_crlf: bool


def check_size(data: bytes | int, display: str) -> Problem | None:
    """A problem when *data* (bytes, or a size in bytes) is over the limit."""
    size = data if isinstance(data, int) else len(data)
    if size > MAX_TEXT_BYTES:
        return Problem(display, 1, f"the text is {size / 1e6:.1f} MB, over the limit of "
                       f"{MAX_TEXT_BYTES / 1e6:.1f} MB for one source; split it into several sources")
    return None


def decode_raw_text(data: bytes, display: str) -> DecodedText | Problem:
    """Decode *data*; a :class:`Problem` at the offending line if it is not a plain text."""
    too_big = check_size(data, display)
    if too_big:
        return too_big
    utf16 = _utf16(data)
    if utf16:
        return Problem(display, 1, f"the file is {utf16}, not UTF-8; convert it with "
                       f"`iconv -f {utf16} -t utf-8 FILE > FILE.utf8` and use that file")
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


def _utf16(data: bytes) -> str | None:
    """"UTF-16LE"/"UTF-16BE" when *data* looks like UTF-16 (a byte-order mark,
    or a NUL in every other byte of its start), else ``None``."""
    if data.startswith(b"\xff\xfe"):
        return "UTF-16LE"
    if data.startswith(b"\xfe\xff"):
        return "UTF-16BE"
    head = data[:200]
    if len(head) >= 4:
        if head[1::2].count(0) > len(head) // 4 and not head[0::2].count(0):
            return "UTF-16LE"
        if head[0::2].count(0) > len(head) // 4 and not head[1::2].count(0):
            return "UTF-16BE"
    return None


def read_regular_file(path: Path, display: str, *, allow_symlink: bool = False,
                      limit: int | None = MAX_TEXT_BYTES) -> bytes | Problem:
    """The bytes of *path*, or a :class:`Problem` saying why it is not a
    readable text file. Never blocks (a named pipe is refused before it is
    opened) and never reads more than the size limit; with
    ``allow_symlink=False`` a symbolic link is refused without following it,
    and nothing about its target (content, hash, path) is reported.
    *limit*: the size limit of a source text (``None``: no limit, for YAML)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Problem(display, 0, "no such file; give the path of a plain-text file")
    except OSError as error:
        return Problem(display, 0, f"cannot be read ({error.strerror}); check the path and its permissions")
    if stat.S_ISLNK(info.st_mode):
        if not allow_symlink:
            return Problem(display, 1, "this is a symbolic link, not a file; texts must be regular files "
                           "in the repository: replace the link by a copy of the text (or remove it)")
        try:
            info = os.stat(path)
        except OSError:
            return Problem(display, 0, "a symbolic link to nothing; give the path of a plain-text file")
    if stat.S_ISDIR(info.st_mode):
        return Problem(display, 1, "this is a folder, not a text file; give the path of one plain-text "
                       "file (or move the folder out of sources/texts/)")
    if not stat.S_ISREG(info.st_mode):
        return Problem(display, 1, "this is not a regular file (a named pipe, socket or device); "
                       "replace it by a plain-text file (or remove it)")
    if limit is not None and info.st_size > limit:
        return check_size(info.st_size, display)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) * (not allow_symlink) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return Problem(display, 0, f"cannot be read ({error.strerror}); check the file and its permissions")
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1) if limit is not None else handle.read()
    return (check_size(data, display) if limit is not None else None) or data
