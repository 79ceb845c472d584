"""The system's reasons in the user's language (:mod:`domain.system_text`)."""

from __future__ import annotations

import errno
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from domain.i18n import set_language
from domain.system_text import os_reason, toml_reason


def _error_of(action: Callable[[], object]) -> OSError:
    with pytest.raises(OSError) as raised:
        action()
    return raised.value


def test_a_missing_folder_is_said_in_swedish_not_in_the_c_library_english(
    tmp_path: Path,
) -> None:
    set_language("sv")
    error = _error_of(lambda: (tmp_path / "nowhere" / "x.md").write_text("x"))
    assert error.strerror == "No such file or directory"
    assert os_reason(error) == "mappen eller filen finns inte"


def test_a_folder_written_as_a_file_is_said_in_finnish(tmp_path: Path) -> None:
    error = _error_of(lambda: tmp_path.write_text("x"))
    assert os_reason(error) == "se on kansio"


@pytest.mark.parametrize(
    ("number", "swedish"),
    [
        (errno.EACCES, "åtkomst nekad"),
        (errno.ENOSPC, "disken är full"),
        (errno.EROFS, "disken är skrivskyddad"),
    ],
)
def test_what_a_user_can_act_on_is_worded(number: int, swedish: str) -> None:
    set_language("sv")
    assert os_reason(OSError(number, "English from the C library")) == swedish


def test_a_rare_error_keeps_the_system_wording_rather_than_none() -> None:
    assert os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links")) == (
        "Too many levels of symbolic links"
    )
    assert os_reason(OSError()) == "OSError"


def test_a_broken_toml_file_says_where_in_the_language() -> None:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads('lang = "sv"\nx = = 1\n')
    assert toml_reason(raised.value) == "se ei ole kelvollista TOML-muotoa (rivi 2, sarake 5)"
    set_language("sv")
    assert toml_reason(raised.value) == "den är inte giltig TOML (rad 2, kolumn 5)"


def test_a_toml_error_without_a_place_is_still_worded() -> None:
    set_language("sv")
    assert toml_reason(ValueError("Unexpected end of document")) == "den är inte giltig TOML"
