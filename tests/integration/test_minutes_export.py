"""``rinnalla minutes``: a closed MOTI meeting's minutes as Markdown, logged (R8, R12)."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from domain.moti import OwnerKind, ParticipantKind
from domain.staff import Staff
from domain.use_cases.meetings import (
    add_action,
    close_meeting,
    open_meeting,
    record_client_view,
    record_participant,
)
from tests.integration.test_agenda_export import HETU, Planned, Uow, export_events, planned
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")
__all__ = ["planned"]  # the fixture, used by name


def _hold(uow: Uow, actor: Staff, planned: Planned) -> None:
    """Liisa and her partner take part; she owns an action and says what she wants."""
    open_meeting(uow(), planned.meeting_id, actor=actor)
    liisa = planned.client_ids[0]
    record_participant(uow(), planned.meeting_id, liisa, ParticipantKind.CLIENT, True, actor=actor)
    record_participant(
        uow(),
        planned.meeting_id,
        liisa,
        ParticipantKind.CLOSE_PERSON,
        True,
        name="Laine Lauri",
        actor=actor,
    )
    record_client_view(uow(), planned.item_ids[0], "Haluan asua kotona", actor=actor)
    add_action(
        uow(),
        planned.item_ids[0],
        "Hae asumistukea",
        None,
        dt.date(2026, 6, 20),
        owner_kind=OwnerKind.CLIENT,
        actor=actor,
    )


def test_minutes_are_refused_before_the_meeting_is_closed(
    database_url: str, planned: Planned, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["minutes", str(planned.meeting_id), "--pseudonymous", "--db", database_url]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.err == "Muistio on valmis vasta, kun palaveri on päätetty.\n"
    assert captured.out == ""


def test_the_named_minutes_are_owner_only_and_say_who_took_part(
    tmp_path: Path,
    database_url: str,
    planned: Planned,
    uow: Uow,
    actor: Staff,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _hold(uow, actor, planned)
    close_meeting(uow(), planned.meeting_id, "", actor=actor)
    # Timo from TYP is invited to Pekka's item only: Pekka has not consented.
    monkeypatch.setenv("RINNALLA_ORGANISATION", "Hyvinvointialue")
    path = tmp_path / "muistio.md"
    args = ["minutes", str(planned.meeting_id), "-o", str(path), "--db", database_url]
    assert main(args) == 1
    assert not path.exists()
    assert main([*args, "--pseudonymous"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Muistio: MOTI Lappeenranta (MOTI-tiimi)\n")
    assert "Asiakkaat ja läheiset läsnä: L.L. 1952, läheinen (asiakas L.L. 1952)" in text
    assert "Asiakkaan näkemys: Haluan asua kotona" in text
    assert "- Hae asumistukea – vastuu: Asiakas, määräaika 20.6.2026" in text
    # Pekka's item was not discussed: it went back, saying why.
    assert "Palasi jonoon: Ei ehditty käsitellä" in text
    for secret in ("Laine", "Liisa", "Lauri", "Virta", HETU):
        assert secret not in text


def test_the_minutes_follow_the_language_and_are_logged(
    database_url: str,
    planned: Planned,
    uow: Uow,
    actor: Staff,
    session_factory: sessionmaker[Session],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _hold(uow, actor, planned)
    close_meeting(uow(), planned.meeting_id, "", actor=actor)
    before = len(export_events(session_factory))
    args = ["minutes", str(planned.meeting_id), "--pseudonymous", "--db", database_url]
    assert main([*args, "--lang", "sv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Promemoria: MOTI Lappeenranta (MOTI-teamet)\n")
    assert "Klienten, tidsfrist 20.6.2026" in out
    assert len(export_events(session_factory)) == before + 2  # one per client
