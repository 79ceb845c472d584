"""Storage names the kind of database problem; the composition root words it."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from domain.i18n import set_language
from storage import errors
from storage.engine import build_engine
from tui.composition import database_message, database_problem

KINDS: list[errors.DatabaseUnusable] = [
    errors.InvalidDatabaseUrl(),
    errors.DriverMissing(),
    errors.PostgresDriverMissing(),
    errors.NotAFile(),
    errors.DatabaseFileUnusable(PermissionError(errno.EACCES, "Permission denied")),
    errors.DatabaseFileUnusable("attempt to write a readonly database"),
    errors.NotRinnallaDatabase(),
    errors.DatabaseUnreachable(),
    errors.DatabaseRefused("IntegrityError"),
    errors.SchemaTooNew(("9999",)),
]


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_kind_of_database_problem_reads_differently(language: str) -> None:
    set_language(language)
    try:
        messages = [database_message(kind) for kind in KINDS]
    finally:
        set_language("fi")
    assert len(set(messages)) == len(KINDS)


def test_the_reason_a_file_cannot_be_used_is_in_the_message() -> None:
    message = database_message(errors.DatabaseFileUnusable("attempt to write a readonly database"))
    assert "attempt to write a readonly database" in message


def test_a_revision_from_a_newer_rinnalla_is_named() -> None:
    assert "9999" in database_message(errors.SchemaTooNew(("9999",)))


def test_a_folder_as_the_database_is_told_as_such_without_its_path(tmp_path: Path) -> None:
    with pytest.raises(errors.NotAFile) as raised:
        build_engine(f"sqlite:///{tmp_path}")
    line = database_problem(raised.value)
    assert line == database_message(errors.NotAFile())
    assert str(tmp_path) not in line


def test_an_error_that_is_not_the_databases_is_left_to_the_crash_report() -> None:
    assert database_problem(ValueError("a bug")) is None
