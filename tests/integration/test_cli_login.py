"""The subcommands log in like the screens: a name, a passphrase, and the role's reach."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.staff import Staff, StaffRole
from storage.orm import AccessEventRow
from tui.cli import main


def events(session_factory: sessionmaker[Session]) -> int:
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(AccessEventRow)) or 0


def test_without_accounts_the_command_line_asks_for_the_first_administrator(
    database_url: str, actor: Staff, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "report",
                "--from",
                "1.11.2026",
                "--to",
                "30.11.2026",
                "--db",
                database_url,
                "--as",
                actor.name,
            ]
        )
        == 1
    )
    assert "luo ensin pääkäyttäjä" in capsys.readouterr().err


def test_a_wrong_passphrase_is_refused_and_reads_nothing(
    database_url: str,
    cli_login: Callable[..., Staff],
    session_factory: sessionmaker[Session],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RINNALLA_PASSPHRASE", "ei tämä ole se oikea")
    before = events(session_factory)
    assert main(["card", "1", "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert "tunnuslause" in captured.err.lower() and captured.out == ""
    assert events(session_factory) == before


def test_a_reception_worker_gets_no_report(
    database_url: str, cli_login: Callable[..., Staff], capsys: pytest.CaptureFixture[str]
) -> None:
    cli_login("Reija Vastaanotto", StaffRole.RECEPTION)
    assert main(["report", "--from", "1.11.2026", "--to", "30.11.2026", "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert "Vastaanotto" in captured.err and captured.out == ""
    cli_login("Liisa Esihenkilö", StaffRole.LEAD)
    assert (
        main(
            [
                "report",
                "--from",
                "1.11.2026",
                "--to",
                "30.11.2026",
                "--db",
                database_url,
                "--format",
                "json",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("{")
