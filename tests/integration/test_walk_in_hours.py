"""Opening hours on a real database: stored per location, read at registration, set by CLI."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.clock import HELSINKI, FixedClock
from domain.errors import InvalidInput, NotFound
from domain.opening_hours import format_week, parse_week
from domain.staff import Location, Staff
from domain.use_cases import reception
from domain.use_cases.meetings import create_team
from domain.use_cases.opening_hours import configure_location, location_hours, location_setup
from domain.walk_in import WalkInInput
from storage.unit_of_work import SqlUnitOfWork
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")

Uow = Callable[[], SqlUnitOfWork]


def set_hours(uow: Uow, actor: Staff, location: Location, text: str) -> None:
    configure_location(uow(), location.code, location.name, hours_text=text, actor=actor)


def arrive_at(uow: Uow, actor: Staff, location: Location, at: dt.datetime) -> bool:
    """Register a walk-in at the Helsinki moment ``at``; whether it was outside the hours."""
    visit = reception.register_walk_in(
        uow(),
        WalkInInput(reason="Toimeentulotuki"),
        actor=actor,
        location=location,
        clock=FixedClock(at),
    )
    stored = reception.todays_queue(uow(), actor=actor, location=location, clock=FixedClock(at))
    assert [entry.visit.outside_hours for entry in stored if entry.visit.id == visit.id] == [
        visit.outside_hours
    ]
    return visit.outside_hours


def helsinki(*, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=HELSINKI)


# --- registration ---------------------------------------------------------------------


def test_a_visit_within_the_hours_is_not_flagged(
    uow: Uow, actor: Staff, location: Location
) -> None:
    set_hours(uow, actor, location, "ti 12-15, to 9-12")
    assert arrive_at(uow, actor, location, helsinki(month=11, day=24, hour=12)) is False
    assert arrive_at(uow, actor, location, helsinki(month=11, day=26, hour=11, minute=59)) is False


def test_a_visit_outside_the_hours_is_registered_and_flagged(
    uow: Uow, actor: Staff, location: Location
) -> None:
    set_hours(uow, actor, location, "ti 12-15, to 9-12")
    assert arrive_at(uow, actor, location, helsinki(month=11, day=24, hour=15)) is True
    assert arrive_at(uow, actor, location, helsinki(month=11, day=25, hour=13)) is True  # Wed
    # Christmas Eve is a Thursday in 2026, and a holiday: closed, yet registered.
    assert arrive_at(uow, actor, location, helsinki(month=12, day=24, hour=10)) is True


def test_without_hours_nothing_is_outside(uow: Uow, actor: Staff, location: Location) -> None:
    assert arrive_at(uow, actor, location, helsinki(month=11, day=29, hour=3)) is False


def test_hours_of_another_location_do_not_count(uow: Uow, actor: Staff, location: Location) -> None:
    configure_location(
        uow(), "imatra", "Imatran hyvinvointiasema", hours_text="ke 9-10", actor=actor
    )
    assert arrive_at(uow, actor, location, helsinki(month=11, day=25, hour=13)) is False


# --- setting the hours ----------------------------------------------------------------


def test_hours_are_stored_replaced_and_removed(uow: Uow, actor: Staff, location: Location) -> None:
    set_hours(uow, actor, location, "ti 12-15, to 9-11.30")
    assert format_week(location_hours(uow(), location.id)) == "ti 12–15, to 9–11.30"
    set_hours(uow, actor, location, "ma 9-11, 12-15")
    assert location_hours(uow(), location.id) == parse_week("ma 9-11, 12-15", location.id)
    set_hours(uow, actor, location, "")
    assert location_hours(uow(), location.id) == []


def test_a_bad_week_leaves_the_old_hours(uow: Uow, actor: Staff, location: Location) -> None:
    set_hours(uow, actor, location, "ti 12-15")
    with pytest.raises(InvalidInput) as refused:
        set_hours(uow, actor, location, "ti 12-15, to 11-9")
    assert "hours" in refused.value.fields
    assert format_week(location_hours(uow(), location.id)) == "ti 12–15"


def test_the_team_is_set_and_an_unknown_team_changes_nothing(
    uow: Uow, actor: Staff, location: Location
) -> None:
    team = create_team(uow(), "MOTI Lappeenranta", "Lappeenranta", actor=actor)
    setup = configure_location(uow(), location.code, location.name, team_id=team.id, actor=actor)
    assert setup.team == team and setup.location.team_id == team.id
    with pytest.raises(NotFound):
        configure_location(
            uow(),
            location.code,
            location.name,
            hours_text="ti 12-15",
            team_id=team.id + 99,
            actor=actor,
        )
    after = location_setup(uow(), location.code)
    assert after is not None
    assert after.team == team and after.hours == []


def test_an_unknown_location_has_no_setup(uow: Uow) -> None:
    assert location_setup(uow(), "ei-ole") is None


# --- rinnalla hours -------------------------------------------------------------------


def test_cli_names_the_team_as_the_setting_says(
    database_url: str,
    location: Location,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RINNALLA_TEAM_LABEL", "Työkyvyn tuen tiimi")
    assert main(["hours", "--db", database_url, "--location", location.code]) == 0
    out = capsys.readouterr().out
    assert "Työkyvyn tuen tiimi: ei valittu" in out
    assert "MOTI" not in out


def test_cli_sets_and_prints_the_hours(
    database_url: str, location: Location, uow: Uow, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["hours", "--db", database_url, "--location", location.code]
    assert main([*args, "--set", "ti 12-15, to 9-12"]) == 0
    out = capsys.readouterr().out
    assert "Tallennettu." in out
    assert "Toimipiste: Lappeenrannan hyvinvointiasema (lpr)" in out
    assert "Walk-in-aukioloajat: ti 12–15, to 9–12" in out
    assert "MOTI-tiimi: ei valittu" in out
    assert format_week(location_hours(uow(), location.id)) == "ti 12–15, to 9–12"

    assert main([*args, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Walk-in hours: Tue 12–15, Thu 9–12" in out
    assert "Saved." not in out


def test_cli_in_swedish_reads_and_shows_swedish_weekdays(
    database_url: str, location: Location, uow: Uow, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["hours", "--db", database_url, "--location", location.code, "--lang", "sv"]
    assert main([*args, "--set", "må 9-12 och 13-15, fr kl. 10-12"]) == 0
    out = capsys.readouterr().out
    assert "Sparat." in out
    assert "Öppettider för drop in: må 9–12, 13–15, fr 10–12" in out
    stored = [(p.weekday, p.opens.hour, p.closes.hour) for p in location_hours(uow(), location.id)]
    assert stored == [(0, 9, 12), (0, 13, 15), (4, 10, 12)]


def test_cli_refuses_a_bad_week_with_exit_code_2_and_stores_nothing(
    database_url: str, location: Location, uow: Uow, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["hours", "--db", database_url, "--location", location.code]
    assert main([*args, "--set", "ti 12-15"]) == 0
    capsys.readouterr()
    assert main([*args, "--set", "ti 12-15, pe 9-25"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Kellonaika ”25” ei kelpaa" in captured.err
    assert format_week(location_hours(uow(), location.id)) == "ti 12–15"


def test_cli_sets_the_team(
    database_url: str,
    location: Location,
    uow: Uow,
    actor: Staff,
    capsys: pytest.CaptureFixture[str],
) -> None:
    team = create_team(uow(), "MOTI Lappeenranta", "Lappeenranta", actor=actor)
    args = ["hours", "--db", database_url, "--location", location.code]
    assert main([*args, "--team", str(team.id)]) == 0
    assert f"MOTI-tiimi: MOTI Lappeenranta ({team.id})" in capsys.readouterr().out
    setup = location_setup(uow(), location.code)
    assert setup is not None and setup.location.team_id == team.id

    assert main([*args, "--team", str(team.id + 1), "--set", "ma 9-10"]) == 1
    refusal = f"MOTI-tiimi: tunnuksella {team.id + 1} ei ole tiimiä; mitään ei tallennettu."
    assert refusal in capsys.readouterr().err
    assert location_hours(uow(), location.id) == []


def test_cli_uses_the_configured_location_and_creates_it_only_when_setting(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RINNALLA_LOCATION", "joutseno")
    assert main(["hours", "--db", database_url]) == 1
    assert "tunnus on joutseno, ei löydy" in capsys.readouterr().err
    assert main(["hours", "--db", database_url, "--set", "ke 10-12"]) == 0
    assert "Toimipiste: joutseno (joutseno)" in capsys.readouterr().out
    assert main(["hours", "--db", database_url]) == 0
    assert "Walk-in-aukioloajat: ke 10–12" in capsys.readouterr().out


def test_cli_help_mentions_the_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["hours", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "--set AUKIOLO" in out and "--team TIIMI_ID" in out
