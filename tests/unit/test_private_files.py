"""Exports are written byte for byte, also where the system has a text mode (Windows)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.private_files import write_private

WINDOWS_O_BINARY = 0x8000


def test_files_are_opened_binary_where_the_system_has_a_text_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ``O_BINARY`` Windows turns each ``\\n`` into CRLF as it writes: an .ics
    would end its lines CR CR LF and a CSV would change under its byte-order mark."""
    real_open = os.open
    flags_given: list[int] = []

    def open_as_windows(path: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        flags_given.append(flags)
        return real_open(path, flags & ~WINDOWS_O_BINARY, mode)

    monkeypatch.setattr(os, "O_BINARY", WINDOWS_O_BINARY, raising=False)
    monkeypatch.setattr(os, "open", open_as_windows)
    invitation = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    write_private(tmp_path / "kutsu.ics", invitation)
    assert flags_given and flags_given[0] & WINDOWS_O_BINARY
    assert (tmp_path / "kutsu.ics").read_bytes() == invitation
