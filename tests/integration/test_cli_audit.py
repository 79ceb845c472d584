"""``rinnalla audit verify`` and ``rinnalla audit client`` (R12)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction
from domain.clock import FixedClock
from domain.staff import Location, Staff, StaffRole
from domain.use_cases import accounts, contact_details, reception
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")

Uow = Callable[[], SqlUnitOfWork]
LISTER = "Koordinaattori Kaisa"


@pytest.fixture
def client_id(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    """A client registered at 12.00 Helsinki time and read at 12.05: three events."""
    visit = reception.register_walk_in(
        uow(),
        WalkInInput(name="Laine Liisa", birth_year="1985", reason="Asuminen"),
        actor=actor,
        location=location,
        clock=clock,
    )
    assert visit.client_id is not None
    clock.advance(minutes=5)
    with uow() as work:
        work.permit(actor, AccessAction.SUMMARY_READ, None)
        work.audit(actor, AccessAction.SUMMARY_READ, visit.client_id, purpose="palaveri")
        work.commit()
    return visit.client_id


def test_verify_reports_an_intact_log(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--db", database_url]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0] == "Käyttöloki eheä: 3 tapahtumaa"
    assert lines[1].startswith("Viimeisin tapahtuma 3, tiiviste ")
    assert captured.err == ""


def test_verify_speaks_english(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", "--db", database_url, "--lang", "en"]) == 0
    assert capsys.readouterr().out.startswith("Access log intact: 3 events\n")


def test_verify_names_an_edited_event_without_personal_data(
    database_url: str, client_id: int, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE access_log SET action = 'client.read' WHERE id = 2"))
    assert main(["audit", "verify", "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "Käyttöloki ei ole eheä: tapahtuma 2 (24.11.2026 12.00): "
        "tapahtuman tietoja on muutettu.\n"
        "Viimeisin ehjä tapahtuma ennen sitä: 1.\n"
    )
    assert "Laine" not in captured.err


def test_verify_names_the_event_after_a_deleted_one(
    database_url: str, client_id: int, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM access_log WHERE id = 2"))
    assert main(["audit", "verify", "--db", database_url, "--lang", "en"]) == 1
    assert capsys.readouterr().err == (
        "The access log is not intact: event 3 (24/11/2026, 12.05): "
        "an event before it is missing or the order has changed.\n"
        "The last intact event before it: 1.\n"
    )


def test_verify_names_a_changed_first_event(
    database_url: str, client_id: int, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE access_log SET purpose = 'x' WHERE id = 1"))
    assert main(["audit", "verify", "--db", database_url]) == 1
    err = capsys.readouterr().err
    assert "tapahtuma 1 (24.11.2026 12.00)" in err
    assert "Se on lokin ensimmäinen tapahtuma." in err


def test_verify_does_not_migrate_an_old_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path}/tyhja.db"
    assert main(["audit", "verify", "--db", url]) == 1
    assert "rinnalla db upgrade" in capsys.readouterr().err
    assert main(["audit", "verify", "--db", url]) == 1  # still not migrated


def test_the_client_listing_shows_who_did_what_and_is_itself_logged(
    database_url: str,
    client_id: int,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
    cli_login: Callable[..., Staff],
) -> None:
    cli_login(LISTER)
    argv = ["audit", "client", str(client_id), "--db", database_url, "--as", LISTER]
    assert main([*argv, "--purpose", "asiakkaan pyyntö"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Aika", "Työntekijä", "Mitä", "tehtiin", "Käyttötarkoitus"]
    assert "Koordinaattori Kaisa" in lines[1]
    assert "katsoi käyttölokin" in lines[1]
    assert lines[1].endswith("asiakkaan pyyntö")
    assert lines[2].startswith("24.11.2026 12.05  Vastaanotto Veera")
    assert "luki yhteenvedon" in lines[2]
    assert lines[2].endswith("palaveri")
    assert "kirjasi käynnin" in lines[3]
    assert lines[4].startswith("24.11.2026 12.00  Vastaanotto Veera")
    assert "loi asiakkaan tiedot" in lines[4]
    assert len(lines) == 5
    with session_factory() as session:
        listed = session.scalars(
            select(AccessEventRow).where(AccessEventRow.action == AccessAction.AUDIT_LISTED.value)
        ).one()
    assert listed.client_id == client_id
    assert listed.purpose == "asiakkaan pyyntö"
    assert main(["audit", "verify", "--db", database_url]) == 0  # still one chain


def test_the_client_listing_speaks_english(
    database_url: str,
    client_id: int,
    capsys: pytest.CaptureFixture[str],
    cli_login: Callable[..., Staff],
) -> None:
    cli_login(LISTER)
    argv = ["audit", "client", str(client_id), "--db", database_url, "--as", LISTER]
    assert main([*argv, "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["Time", "Worker", "What", "was", "done", "Purpose"]
    assert "viewed the access log" in lines[1]
    assert "read the summary" in lines[2]


def test_an_unknown_client_is_refused_and_nothing_logged(
    database_url: str,
    client_id: int,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
    cli_login: Callable[..., Staff],
) -> None:
    cli_login(LISTER)
    assert main(["audit", "client", "999", "--db", database_url, "--as", LISTER]) == 1
    captured = capsys.readouterr()
    assert captured.err == "Asiakasta, jonka tunnus on 999, ei löydy.\n"
    assert captured.out == ""
    with session_factory() as session:
        actions = session.scalars(select(AccessEventRow.action)).all()
    assert AccessAction.AUDIT_LISTED.value not in actions


def test_audit_needs_a_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["audit"])
    assert raised.value.code == 2


def verify(database_url: str, *options: str) -> int:
    return main(["audit", "verify", "--db", database_url, *options])


def head_printed(out: str) -> str:
    """The hash on the line that names the newest event."""
    line = next(line for line in out.splitlines() if line.startswith("Viimeisin tapahtuma"))
    return line.rsplit(" ", 1)[1]


def test_every_verify_prints_the_head_to_write_down(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(database_url) == 0
    out = capsys.readouterr().out
    head = head_printed(out)
    assert len(head) == 64
    assert out.splitlines()[-1] == (
        "Kirjaa tiiviste talteen tietokannan ulkopuolelle (paperille tai palvelun "
        f"omistajalle) ja anna se seuraavalle tarkistukselle: "
        f"rinnalla audit verify --expect-head {head}"
    )


def test_an_empty_log_prints_its_head_too(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert verify(database_url, "--lang", "en") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["Access log intact: 0 events", f"The log is empty, hash {'0' * 64}"]


def test_the_expected_head_passes_while_the_log_grows(
    database_url: str,
    client_id: int,
    uow: Uow,
    actor: Staff,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert verify(database_url) == 0
    head = head_printed(capsys.readouterr().out)
    contact_details.get_contact_details(uow(), client_id, actor=actor)
    assert verify(database_url, "--expect-head", head[:16].upper()) == 0
    captured = capsys.readouterr()
    assert (
        "Loki sisältää aiemmin kirjatun tiivisteen (tapahtuma 3); tapahtumia sen jälkeen: 1."
        in (captured.out)
    )
    assert captured.err == ""


@pytest.mark.parametrize(
    "cut",
    [
        "DELETE FROM access_log WHERE id = 3",  # the newest event
        "DELETE FROM access_log WHERE id >= 2",  # the tail
        "DELETE FROM access_log",  # everything
    ],
)
def test_a_cut_log_fails_against_the_expected_head(
    database_url: str,
    client_id: int,
    engine: Engine,
    capsys: pytest.CaptureFixture[str],
    cut: str,
) -> None:
    assert verify(database_url) == 0
    head = head_printed(capsys.readouterr().out)
    with engine.begin() as connection:
        connection.execute(text(cut))
    assert verify(database_url) == 0  # what is left is a chain
    capsys.readouterr()
    assert verify(database_url, "--expect-head", head) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"Käyttöloki ei ole eheä: aiemmin kirjattua tiivistettä {head} ei enää löydy "
        "lokista. Tapahtumia on poistettu tai muutettu sen jälkeen, kun tiiviste "
        "kirjattiin, tai loki on korvattu.\n"
    )


@pytest.mark.parametrize("value", ["abc", "x" * 64, "0" * 65, ""])
def test_a_mistyped_head_is_refused_calmly(
    database_url: str, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        verify(database_url, "--expect-head", value)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "Tiiviste on 16–64 merkkiä 0–9 ja a–f." in err
    assert "Traceback" not in err


def test_the_anchor_file_keeps_the_head_and_catches_a_cut_tail(
    database_url: str,
    client_id: int,
    uow: Uow,
    actor: Staff,
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    anchor = tmp_path / "ankkuri.json"
    assert verify(database_url, "--anchor-file", str(anchor)) == 0
    assert f"Uusin tiiviste tallennettu tiedostoon {anchor}." in capsys.readouterr().out
    assert anchor.stat().st_mode & 0o777 == 0o600
    first = json.loads(anchor.read_text(encoding="utf-8"))
    assert first["event_id"] == 3

    contact_details.get_contact_details(uow(), client_id, actor=actor)
    assert verify(database_url, "--anchor-file", str(anchor)) == 0
    assert "(tapahtuma 3); tapahtumia sen jälkeen: 1." in capsys.readouterr().out
    second = json.loads(anchor.read_text(encoding="utf-8"))
    assert second["event_id"] == 4

    with engine.begin() as connection:
        connection.execute(text("DELETE FROM access_log WHERE id = 4"))
    assert verify(database_url, "--anchor-file", str(anchor)) == 1
    assert "ei enää löydy lokista" in capsys.readouterr().err
    assert json.loads(anchor.read_text(encoding="utf-8")) == second  # kept for the next check
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith("ankkuri")] == [
        "ankkuri.json"
    ]


@pytest.mark.parametrize("content", ["not json", "[]", '{"event_id": 3, "head": "zz"}'])
def test_an_anchor_file_not_written_by_verify_is_refused(
    database_url: str,
    client_id: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
) -> None:
    anchor = tmp_path / "ankkuri.json"
    anchor.write_text(content, encoding="utf-8")
    assert verify(database_url, "--anchor-file", str(anchor)) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"Ankkuritiedostoa {anchor} ei voi lukea: ei ole tämän komennon kirjoittama\n"
    )
    assert anchor.read_text(encoding="utf-8") == content


def test_an_anchor_file_in_a_missing_folder_is_a_calm_error(
    database_url: str, client_id: int, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    anchor = tmp_path / "puuttuu" / "ankkuri.json"
    assert verify(database_url, "--anchor-file", str(anchor), "--lang", "en") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"The anchor file {anchor} cannot be written: ")
    assert "Traceback" not in err


ADMIN = "Pää Käyttäjä"


def test_the_account_listing_shows_who_did_what_to_which_account(
    database_url: str,
    uow: Uow,
    clock: FixedClock,
    capsys: pytest.CaptureFixture[str],
    cli_login: Callable[..., Staff],
) -> None:
    admin = cli_login(ADMIN, StaffRole.ADMIN)
    accounts.add_user(
        uow(), "Uusi Työntekijä", StaffRole.RECEPTION, "pitkä tunnuslause", actor=admin, clock=clock
    )
    clock.advance(minutes=5)
    accounts.change_role(uow(), "Uusi Työntekijä", StaffRole.LEAD, actor=admin)
    accounts.set_active(uow(), "Uusi Työntekijä", False, actor=admin)
    argv = ["audit", "accounts", "--db", database_url, "--as", ADMIN]
    assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "Aika",
        "Työntekijä",
        "Mitä",
        "tehtiin",
        "Tili",
        "Rooli",
        "tai",
        "mistä",
    ]
    assert lines[1].startswith("24.11.2026 12.05  Pää Käyttäjä")
    assert "poisti tilin käytöstä" in lines[1]
    assert "muutti tilin roolia" in lines[2]
    assert lines[2].endswith("Uusi Työntekijä  Vastaanotto → Esihenkilö")
    assert lines[3].endswith("Uusi Työntekijä  Vastaanotto")
    assert lines[3].startswith("24.11.2026 12.00  Pää Käyttäjä  lisäsi tilin")
    assert len(lines) == 4
    assert main([*argv, "--lang", "en"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[0].split() == [
        "Time",
        "Worker",
        "What",
        "was",
        "done",
        "Account",
        "Role",
        "or",
        "from",
        "where",
    ]
    assert "changed an account's role" in english[2]


def test_the_account_listing_is_for_administrators(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "accounts", "--db", database_url]) == 1  # as the logged-in worker
    captured = capsys.readouterr()
    assert captured.err == "Vain pääkäyttäjä voi hallita tilejä.\n"
    assert captured.out == ""
