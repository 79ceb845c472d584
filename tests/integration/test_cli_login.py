"""The subcommands log in like the screens: a name, a passphrase, and the role's reach."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from domain.clock import FixedClock
from domain.staff import Staff, StaffRole
from domain.use_cases import accounts
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
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


def test_user_unlock_lets_the_only_administrator_in_again(
    database_url: str,
    uow: Callable[[], SqlUnitOfWork],
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    admin, right = "Pää Käyttäjä", "korppi lentää yli kuusikon"
    accounts.create_first_admin(uow(), admin, right, right, clock=clock)
    as_admin = ["user", "list", "--db", database_url, "--as", admin]
    monkeypatch.setenv("RINNALLA_PASSPHRASE", "ei tämä ole se oikea")
    for _ in range(accounts.MAX_FAILED_LOGINS):
        assert main(as_admin) == 1
    monkeypatch.setenv("RINNALLA_PASSPHRASE", right)
    assert main(as_admin) == 1
    assert "odottaa" in capsys.readouterr().err
    # The recovery path needs the database, not a login.
    assert main(["user", "unlock", admin, "--db", database_url]) == 0
    assert "Odotus päättyi: Pää Käyttäjä voi kirjautua heti." in capsys.readouterr().out
    assert main(as_admin) == 0
    assert admin in capsys.readouterr().out
    assert main(["user", "unlock", "Ei Ketään", "--db", database_url]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == "Tiliä Ei Ketään ei ole." and "Traceback" not in captured.err


def test_the_source_is_the_process_user_and_host_not_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass
    import socket

    from tui.composition import login_source

    real = login_source()
    assert real.key.startswith("terminal:") and real.key.endswith(f"@{socket.gethostname()}")
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(variable, "joku-muu")
    assert getpass.getuser() == "joku-muu"
    assert login_source() == real
