"""``rinnalla user`` and the demo accounts: administration from the command line."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from domain.accounts import LoginRefused
from domain.clock import FixedClock
from domain.staff import StaffRole
from domain.use_cases import accounts
from storage.unit_of_work import SqlUnitOfWork
from tui.cli import main

Uow = Callable[[], SqlUnitOfWork]
ADMIN = "Pää Käyttäjä"
ADMIN_PASS = "korppi lentää yli kuusikon"


@pytest.fixture
def admin_env(uow: Uow, clock: FixedClock, monkeypatch: pytest.MonkeyPatch) -> None:
    accounts.create_first_admin(uow(), ADMIN, ADMIN_PASS, ADMIN_PASS, clock=clock)
    monkeypatch.setenv("RINNALLA_PASSPHRASE", ADMIN_PASS)


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(text))


def test_add_disable_enable_reset(
    database_url: str,
    admin_env: None,
    uow: Uow,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    common = ["--db", database_url, "--as", ADMIN]
    _stdin(monkeypatch, "aamulla satoi lunta\n")
    assert main(["user", "add", "Vastaanotto Veera", "--role", "reception", *common]) == 0
    assert "Tili lisätty: Vastaanotto Veera (Vastaanotto)." in capsys.readouterr().out
    veera = accounts.log_in(uow(), "Vastaanotto Veera", "aamulla satoi lunta", clock=clock)
    assert veera.role is StaffRole.RECEPTION

    assert main(["user", "disable", "Vastaanotto Veera", *common]) == 0
    with pytest.raises(LoginRefused, match="poistettu käytöstä"):
        accounts.log_in(uow(), "Vastaanotto Veera", "aamulla satoi lunta", clock=clock)
    assert main(["user", "enable", "Vastaanotto Veera", *common]) == 0

    _stdin(monkeypatch, "toinen pitkä lause\n")
    assert main(["user", "reset", "Vastaanotto Veera", *common]) == 0
    accounts.log_in(uow(), "Vastaanotto Veera", "toinen pitkä lause", clock=clock)

    assert main(["user", "list", *common]) == 0
    listed = capsys.readouterr().out
    assert "Vastaanotto Veera" in listed and "Pääkäyttäjä" in listed
    assert "toinen pitkä lause" not in listed


def test_role_change_is_logged_and_the_last_administrator_keeps_the_role(
    database_url: str,
    admin_env: None,
    uow: Uow,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    common = ["--db", database_url, "--as", ADMIN]
    _stdin(monkeypatch, "aamulla satoi lunta\n")
    assert main(["user", "add", "Vastaanotto Veera", "--role", "reception", *common]) == 0
    assert main(["user", "role", "Vastaanotto Veera", "--role", "coordinator", *common]) == 0
    assert "Vastaanotto Veera on nyt roolissa Koordinaattori." in capsys.readouterr().out
    veera = accounts.log_in(uow(), "Vastaanotto Veera", "aamulla satoi lunta", clock=clock)
    assert veera.role is StaffRole.COORDINATOR

    assert main(["user", "role", ADMIN, "--role", "lead", *common]) == 1
    assert "pääkäyttäjä" in capsys.readouterr().err.lower()
    assert accounts.log_in(uow(), ADMIN, ADMIN_PASS, clock=clock).role is StaffRole.ADMIN

    assert main(["audit", "accounts", *common]) == 0
    assert "Vastaanotto → Koordinaattori" in capsys.readouterr().out


def test_the_swedish_list_keeps_its_columns_when_a_role_is_long(
    database_url: str,
    admin_env: None,
    uow: Uow,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """ "Ansvarig för tjänsten" is longer than any Finnish role: the state still lines up."""
    admin = accounts.log_in(uow(), ADMIN, ADMIN_PASS, clock=clock)
    accounts.add_user(
        uow(), "Esihenkilö Eeva", StaffRole.LEAD, "lyijykynä ja paperi", actor=admin, clock=clock
    )
    assert main(["user", "list", "--db", database_url, "--as", ADMIN, "--lang", "sv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Esihenkilö Eeva  Ansvarig för tjänsten  aktivt",
        "Pää Käyttäjä     Huvudanvändare         aktivt",
    ]


def test_a_short_passphrase_is_refused_and_nothing_is_made(
    database_url: str,
    admin_env: None,
    uow: Uow,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _stdin(monkeypatch, "lyhyt\n")
    args = ["user", "add", "Veera", "--role", "lead", "--db", database_url, "--as", ADMIN]
    assert main(args) == 2
    assert "vähintään 12" in capsys.readouterr().err
    with uow() as work:
        assert work.staff.account("Veera") is None


def test_a_wrong_admin_passphrase_or_a_non_admin_is_refused(
    database_url: str,
    admin_env: None,
    uow: Uow,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RINNALLA_PASSPHRASE", "väärä lause tässä")
    assert main(["user", "list", "--db", database_url, "--as", ADMIN]) == 1
    assert "väärä" in capsys.readouterr().err
    admin = accounts.log_in(uow(), ADMIN, ADMIN_PASS, clock=clock)
    accounts.add_user(
        uow(), "Esihenkilö Eeva", StaffRole.LEAD, "lyijykynä ja paperi", actor=admin, clock=clock
    )
    monkeypatch.setenv("RINNALLA_PASSPHRASE", "lyijykynä ja paperi")
    assert main(["user", "list", "--db", database_url, "--as", "Esihenkilö Eeva"]) == 1
    assert "Vain pääkäyttäjä" in capsys.readouterr().err


def test_without_as_the_command_says_what_is_missing(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("RINNALLA_STAFF", raising=False)
    assert main(["user", "list", "--db", database_url]) == 2
    assert "--as" in capsys.readouterr().err


def test_demo_prints_its_accounts_and_they_log_in(
    database_url: str, uow: Uow, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--db", database_url, "--clients", "10", "--days", "2"]) == 0
    out = capsys.readouterr().out
    assert "Demo Pääkäyttäjä" in out and "demo-paakayttaja-2026" in out
    assert "Sanna Mäkelä" in out and "demo-sanna-2026" in out
    sanna = accounts.log_in(uow(), "Sanna Mäkelä", "demo-sanna-2026", clock=clock)
    assert sanna.role is StaffRole.RECEPTION
    assert main(["demo", "--db", database_url, "--clients", "1", "--days", "1", "--add"]) == 0
    assert "olivat jo olemassa" in capsys.readouterr().out
