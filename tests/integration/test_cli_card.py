"""``rinnalla card``: the client's contacts card on the screen or in an owner-only file."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.clock import FixedClock
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.coordination import name_case_manager, save_professional
from domain.walk_in import WalkInInput
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")

Uow = Callable[[], SqlUnitOfWork]
ACTOR = "Vastaanotto Veera"


@pytest.fixture
def client_id(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> int:
    """A client with a case manager who can be reached by phone."""
    visit = reception.register_walk_in(
        uow(),
        WalkInInput(name="Laine Liisa", birth_year="1985", reason="Asuminen"),
        actor=actor,
        location=location,
        clock=clock,
    )
    assert visit.client_id is not None
    manager = save_professional(
        uow(),
        ProfessionalInput(
            name="Lehtonen Leena",
            title="sosiaaliohjaaja",
            organisation="Etelä-Karjalan hyvinvointialue",
            sector=Sector.SOCIAL,
            phone="040 000 0000",
        ),
        actor=actor,
    )
    name_case_manager(uow(), visit.client_id, manager.id, "Sovittu", actor=actor, clock=clock)
    return visit.client_id


def card_events(session_factory: sessionmaker[Session], client_id: int) -> list[AccessEventRow]:
    with session_factory() as session:
        return list(
            session.scalars(
                select(AccessEventRow).where(
                    AccessEventRow.action == "network.card",
                    AccessEventRow.client_id == client_id,
                )
            )
        )


def test_the_card_is_printed_and_the_reading_logged(
    database_url: str,
    client_id: int,
    actor: Staff,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["card", str(client_id), "--db", database_url, "--as", ACTOR]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Yhteystietoni\n")
    assert "Asiakas: Laine Liisa" in out
    assert "**Lehtonen Leena**" in out
    assert "040 000 0000" in out
    events = card_events(session_factory, client_id)
    assert [event.actor_id for event in events] == [actor.id]


def test_the_card_speaks_english_with_lang_en(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["card", str(client_id), "--db", database_url, "--as", ACTOR, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# My contacts\n")
    assert "## My case manager" in out


def test_the_card_is_printed_in_the_clients_language(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Finnish-speaking worker prints the card for a Swedish-speaking client."""
    args = ["card", str(client_id), "--db", database_url, "--as", ACTOR]
    assert main([*args, "--card-lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Mina kontaktuppgifter\n")
    assert "## Min klientansvariga" in out
    assert "Klient: Laine Liisa" in out
    assert "**Lehtonen Leena**" in out  # names and titles as typed
    swedish_month = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november"
    assert re.search(rf"_Utskrivet \d{{1,2}} ({swedish_month}|december) \d{{4}}_", out)
    assert main([*args, "--card-lang", "en", "--lang", "sv"]) == 0
    assert capsys.readouterr().out.startswith("# My contacts\n")


def test_the_messages_stay_in_the_workers_language_when_the_card_is_not(
    tmp_path: Path, database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kort.md"
    args = ["card", str(client_id), "-o", str(path), "--card-lang", "sv", "--db", database_url]
    assert main(args) == 0
    assert capsys.readouterr().out == f"Yhteystietokortti tallennettu: {path}\n"
    assert path.read_text(encoding="utf-8").startswith("# Mina kontaktuppgifter\n")


def test_a_card_language_rinnalla_does_not_have_is_refused(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["card", str(client_id), "--card-lang", "de", "--db", database_url])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "--card-lang" in err and "'de'" in err


def test_the_card_is_written_to_a_file_only_its_owner_reads(
    tmp_path: Path,
    database_url: str,
    client_id: int,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "kortti.md"
    assert main(["card", str(client_id), "--output", str(path), "--db", database_url]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Yhteystietoni\n")
    assert "Lehtonen Leena" in text
    out = capsys.readouterr().out
    assert out == f"Yhteystietokortti tallennettu: {path}\n"  # the card itself is not shown
    assert len(card_events(session_factory, client_id)) == 1


def test_an_existing_file_is_narrowed_to_its_owner_and_replaced(
    tmp_path: Path, database_url: str, client_id: int
) -> None:
    path = tmp_path / "kortti.md"
    path.write_text("vanha kortti, paljon pidempi kuin uusi " * 100, encoding="utf-8")
    os.chmod(path, 0o644)
    assert main(["card", str(client_id), "-o", str(path), "--db", database_url]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Yhteystietoni\n")
    assert "vanha kortti" not in text


def test_an_unknown_client_is_an_error_and_nothing_is_written(
    tmp_path: Path,
    database_url: str,
    client_id: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "kortti.md"
    unknown = str(client_id + 1000)
    assert main(["card", unknown, "--output", str(path), "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"Asiakasta, jonka tunnus on {unknown}, ei löydy.\n"
    assert captured.out == ""
    assert not path.exists()


def test_a_file_that_cannot_be_written_is_an_error(
    tmp_path: Path,
    database_url: str,
    client_id: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "ei-ole" / "kortti.md"
    assert main(["card", str(client_id), "--output", str(path), "--db", database_url]) == 1
    assert f"Korttia ei voitu kirjoittaa tiedostoon {path}" in capsys.readouterr().err


def test_a_name_instead_of_the_id_finds_the_client(
    database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Digits are an id; anything else is searched as F3 searches (see test_cli_search_terms)."""
    assert main(["card", "Laine", "--db", database_url]) == 0
    assert "Asiakas: Laine Liisa" in capsys.readouterr().out


def test_typed_text_on_the_card_makes_no_link_heading_or_list(
    uow: Uow, actor: Staff, database_url: str, client_id: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory entry typed as Markdown shows as typed: the card is opened in viewers
    that would follow a link, and a client must not be sent anywhere by it."""
    from domain.network import MemberInput, NetworkRole
    from domain.use_cases.coordination import save_member

    sneaky = save_professional(
        uow(),
        ProfessionalInput(
            name="[Soita tästä](https://evil.example)",
            title="sosiaaliohjaaja",
            organisation="<b>Kela</b>",
            sector=Sector.SOCIAL,
        ),
        actor=actor,
    )
    # A phone number is checked when typed now; one stored before that was not.
    with uow() as work:
        stored = work.professionals.get(sneaky.id)
        sneaky = work.professionals.update(
            ProfessionalInput(
                **stored.model_dump(include={"name", "title", "organisation", "sector"}),
                phone="# 040 111 ![kuva](https://evil.example/x.png)",
                professional_id=stored.id,
                seen_version=stored.version,
            )
        )
        work.commit()
    save_member(
        uow(),
        MemberInput(
            client_id=client_id,
            professional_id=sneaky.id,
            responsibility="- toimeentulo\n1. lista",
            roles=frozenset({NetworkRole.RESPONSIBLE_WORKER}),
        ),
        actor=actor,
    )
    assert main(["card", str(client_id), "--db", database_url, "--as", ACTOR]) == 0
    out = capsys.readouterr().out
    assert "](" not in out.replace("\\](", "")
    assert "\\[Soita tästä\\]\\(https://evil.example\\)" in out
    assert "\\!\\[kuva\\]" in out
    assert "\\<b\\>Kela\\</b\\>" in out
    assert "\\# 040 111" in out
    assert not any(line.startswith(("1. lista", "# 040")) for line in out.splitlines())
