"""``rinnalla agenda``: a MOTI meeting's agenda and invitations, exported and logged."""

from __future__ import annotations

import datetime as dt
import stat
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from domain.clock import HELSINKI, FixedClock
from domain.consent import ConsentInput, DataKind
from domain.network import ProfessionalInput
from domain.sectors import Sector
from domain.staff import Location, Staff
from domain.use_cases.consent import give_consent
from domain.use_cases.coordination import save_professional
from domain.use_cases.meetings import (
    add_team_member,
    add_to_agenda,
    create_team,
    plan_meetings,
    propose_to_team,
    set_invitees,
)
from storage.orm import AccessEventRow
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")

Uow = Callable[[], SqlUnitOfWork]
HETU = "131052-308T"
# A summer meeting: 14:00 in Helsinki is 11:00 UTC.
STARTS = dt.datetime(2026, 6, 9, 14, 0, tzinfo=HELSINKI)


class Planned(BaseModel):
    model_config = ConfigDict(frozen=True)

    meeting_id: int
    client_ids: tuple[int, int]
    item_ids: tuple[int, int]
    leena: int
    timo: int


def _client(
    uow: Uow, name: str, actor: Staff, location: Location, clock: FixedClock, **kw: str
) -> int:
    return walk_in_client(uow, actor, location, clock, name=name, reason="MOTI", **kw)


@pytest.fixture
def planned(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> Planned:
    team = create_team(uow(), "MOTI Lappeenranta", actor=actor)
    leena = save_professional(
        uow(),
        ProfessionalInput(
            name="Lehtonen Leena",
            organisation="Hyvinvointialue",
            sector=Sector.SOCIAL,
            email="leena@example.fi",
        ),
        actor=actor,
    )
    timo = save_professional(
        uow(),
        ProfessionalInput(name="Talvi Timo", organisation="TYP", sector=Sector.TYP),
        actor=actor,
    )
    add_team_member(uow(), team.id, leena.id, actor=actor)
    (meeting,) = plan_meetings(uow(), team.id, STARTS, 60, place="Kokoushuone 2", actor=actor)
    liisa = _client(uow, "Laine Liisa", actor, location, clock, hetu=HETU)
    pekka = _client(uow, "Virta Pekka", actor, location, clock, birth_year="1990")
    items = []
    for client_id, minutes, invited in (
        (liisa, 20, frozenset({leena.id})),
        (pekka, 15, frozenset({leena.id, timo.id})),
    ):
        proposal = propose_to_team(
            uow(), client_id, "Kuka auttaa asumisessa?", team_id=team.id, actor=actor, clock=clock
        )
        item = add_to_agenda(uow(), meeting.id, proposal.id, slot_minutes=minutes, actor=actor)
        set_invitees(uow(), item.id, invited, actor=actor)
        items.append(item.id)
    return Planned(
        meeting_id=meeting.id,
        client_ids=(liisa, pekka),
        item_ids=(items[0], items[1]),
        leena=leena.id,
        timo=timo.id,
    )


def export_events(session_factory: sessionmaker[Session]) -> list[AccessEventRow]:
    with session_factory() as session:
        return list(
            session.scalars(select(AccessEventRow).where(AccessEventRow.action == "meeting.export"))
        )


def test_the_ics_gives_each_invitee_their_own_slot_without_names(
    tmp_path: Path,
    database_url: str,
    planned: Planned,
    actor: Staff,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "moti.ics"
    args = ["agenda", str(planned.meeting_id), "--format", "ics", "-o", str(path)]
    assert main([*args, "--db", database_url, "--as", "Vastaanotto Veera"]) == 0
    assert capsys.readouterr().out == f"Asialista tallennettu: {path}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    data = path.read_bytes()
    for secret in (b"Laine", b"Liisa", b"Virta", b"Pekka", HETU.encode()):
        assert secret not in data
    events = {
        str(event["uid"]): event for event in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    first, second = planned.item_ids
    m = planned.meeting_id
    expected = {
        f"rinnalla-meeting-{m}-item-{first}-{planned.leena}@rinnalla": (0, 20),
        f"rinnalla-meeting-{m}-item-{second}-{planned.leena}@rinnalla": (20, 35),
        f"rinnalla-meeting-{m}-item-{second}-{planned.timo}@rinnalla": (20, 35),
    }
    assert set(events) == set(expected)
    for uid, (start, end) in expected.items():
        event = events[uid]
        assert event.decoded("dtstart") == STARTS + dt.timedelta(minutes=start)
        assert str(event.decoded("dtstart").tzinfo) == "Europe/Helsinki"
        assert event.decoded("dtend") == STARTS + dt.timedelta(minutes=end)
        assert str(event["location"]) == "Kokoushuone 2"
        if f"-{planned.leena}@" in uid:
            assert str(event["attendee"]) == "mailto:leena@example.fi"
        else:  # no e-mail known: still invited, by name, at a urn:uuid address
            assert str(event["attendee"]).startswith("urn:uuid:")
            assert event["attendee"].params["CN"] == "Talvi Timo"
        # The coordinator who exports organises; no e-mail of theirs is known either.
        assert event["organizer"].params["CN"] == "Vastaanotto Veera"
        assert int(event.decoded("sequence")) > 0
    logged = export_events(session_factory)
    assert Counter(event.client_id for event in logged) == Counter(planned.client_ids)
    assert {event.actor_id for event in logged} == {actor.id}


def test_the_md_agenda_is_owner_only_and_names_clients_inside_the_team(
    tmp_path: Path,
    database_url: str,
    planned: Planned,
    uow: Uow,
    actor: Staff,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Leena is a colleague; Timo from TYP sees Pekka's item with Pekka's consent.
    monkeypatch.setenv("RINNALLA_ORGANISATION", "Hyvinvointialue")
    consent = ConsentInput(
        client_id=planned.client_ids[1],
        organisation="TYP",
        kind=DataKind.SOCIAL,
        given_on=clock.now().date(),
    )
    give_consent(uow(), consent, actor=actor, clock=clock)
    path = tmp_path / "moti.md"
    assert main(["agenda", str(planned.meeting_id), "-o", str(path), "--db", database_url]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Asialista: MOTI Lappeenranta (MOTI-tiimi)\n")
    assert "Aika: 9.6.2026 klo 14:00–15:00" in text
    assert "1. **14:00–14:20 · Asiakas · Laine Liisa**" in text
    assert "2. **14:20–14:35 · Asiakas · Virta Pekka**" in text


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_agenda_names_the_team_as_the_setting_says(
    database_url: str,
    planned: Planned,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    language: str,
) -> None:
    """An organisation's own name for the team heads the agenda in every language."""
    monkeypatch.setenv("RINNALLA_TEAM_LABEL", "Työkyvyn tuen tiimi")
    args = ["agenda", str(planned.meeting_id), "--pseudonymous", "--db", database_url]
    assert main([*args, "--lang", language]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith(": MOTI Lappeenranta (Työkyvyn tuen tiimi)")
    assert "MOTI-tiimi" not in out and "MOTI-teamet" not in out and "MOTI team" not in out


def test_the_pseudonymous_md_on_screen_has_no_name_or_hetu(
    database_url: str,
    planned: Planned,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["agenda", str(planned.meeting_id), "--pseudonymous", "--db", database_url]
    assert main([*args, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Agenda: MOTI Lappeenranta (MOTI team)\n")
    for secret in ("Laine", "Liisa", "Virta", "Pekka", HETU):
        assert secret not in out
    assert "L.L. 1952" in out and "V.P. 1990" in out
    assert len(export_events(session_factory)) == 2


def test_an_unknown_meeting_is_an_error_and_nothing_is_written(
    tmp_path: Path, database_url: str, planned: Planned, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "moti.ics"
    unknown = str(planned.meeting_id + 1000)
    assert main(["agenda", unknown, "--format", "ics", "-o", str(path), "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"Palaveria, jonka tunnus on {unknown}, ei löydy.\n"
    assert captured.out == ""
    assert not path.exists()


def test_without_the_organisation_setting_names_are_refused_saying_what_to_set(
    tmp_path: Path,
    database_url: str,
    planned: Planned,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Leena and Timo are not Rinnalla users: without the own organisation's name
    nobody can tell whether they are colleagues, so the agenda with names waits."""
    path = tmp_path / "moti.md"
    meeting = str(planned.meeting_id)
    assert main(["agenda", meeting, "-o", str(path), "--db", database_url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    refusal, hint = captured.err.splitlines()
    assert 'asetustiedostoon config.toml (organisation = "…")' in refusal
    assert "RINNALLA_ORGANISATION" in refusal
    assert "Laine" not in refusal and "L.L. 1952" in refusal
    assert hint == f"Pseudonyyminen asialista: rinnalla agenda {meeting} --pseudonymous"
    assert not path.exists()
    assert export_events(session_factory) == []
    assert main(["agenda", meeting, "--pseudonymous", "-o", str(path), "--db", database_url]) == 0
