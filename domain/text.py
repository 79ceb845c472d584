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
