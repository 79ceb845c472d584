"""Cleaning of text that people type.

Names and reasons are stored as typed, minus control and escape characters: a
pasted ANSI sequence or a stray NUL must not reach the database, the screen of
the next worker or an exported file. Everything else (brackets, quotes, any
alphabet) is kept literally.
"""

from __future__ import annotations

import re
import unicodedata

# Terminal control sequences, removed whole so that their parameters or payload
# do not remain as stray text; both the 7-bit (ESC ...) and 8-bit forms.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b[PX^_]|[\x90\x98\x9e\x9f])[^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS/SOS/PM/APC
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL or ST
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI ... final byte
    r"|\x1b[ -/]*[0-~]"  # other escapes: ESC c, ESC 7, ESC ( B, ...
)


def clean_text(text: str) -> str:
    """``text`` without escape sequences and control characters, trimmed.

    Line breaks, tabs and other white space become single spaces: every field
    that uses this is a one-line field.
    """
    without_sequences = _ESCAPE_SEQUENCE.sub("", text)
    kept = []
    for char in without_sequences:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(char)
    return re.sub(r" {2,}", " ", "".join(kept)).strip()


def normalise_name(name: str) -> str:
    """Lower-case, accent-folded, single-spaced: how names are compared.

    Finnish letters å, ä, ö are kept as they are (they are different letters,
    not accented forms), other accents are folded so "Jose" finds "José".
    """
    lowered = clean_text(name).casefold()
    out = []
    for char in lowered:
        if char in "åäö":
            out.append(char)
            continue
        decomposed = unicodedata.normalize("NFD", char)
        out.append("".join(c for c in decomposed if unicodedata.category(c) != "Mn"))
    return " ".join("".join(out).split())


# Markdown ------------------------------------------------------------------------------

# Every ASCII punctuation CommonMark gives a meaning somewhere in a line: emphasis,
# code, links and images (``[ ] ( ) !``), raw HTML and autolinks (``< >``), entities
# (``&``), tables (``|``), strikethrough (``~``) and headings (``#``). A backslash before
# any ASCII punctuation is shown as the character itself, so escaping never shows.
_MARKDOWN_INLINE = str.maketrans({c: f"\\{c}" for c in "\\`*_[]()!<>#|~&"})
# What makes a line a list item, a heading underline or a numbered item when it
# starts the line; the other block marks (#, >, *, ```, ~~~) are escaped inline.
_LINE_MARK = re.compile(r"^([-+=])|^([0-9]+)([.)])")


def _markdown_line(line: str) -> str:
    escaped = clean_text(line).translate(_MARKDOWN_INLINE)
    return _LINE_MARK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", escaped, count=1)


def markdown_text(text: str, *, multiline: bool = False) -> str:
    """Typed text for a Markdown document, escaped so that it shows exactly as typed.

    Every Markdown export uses this for everything people typed, so that no typed
    text becomes a link, an image, a heading, a list or a table, and nothing
    typed can reach the next line of the document. A one-line field (a name, a
    question) comes out as one line: line breaks become spaces. ``multiline``
    keeps the lines of a notes field, each shown as its own line.

    Plain web and e-mail addresses are left as they are: a viewer may make them
    clickable, but the visible text then is the address itself, so it cannot
    hide where it leads (``[text](address)`` could, and is escaped).
    """
    if not multiline:
        return _markdown_line(text)
    lines = [_markdown_line(line) for line in text.splitlines()]
    out: list[str] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        # Two spaces at the end break the line without starting a paragraph.
        out.append(f"{line}  " if line and following else line)
    return "\n".join(out).strip("\n")
