"""``rinnalla card`` and ``rinnalla agenda`` take a search term as well as an id.

A worker remembers "Liisa Laine" or "the Eastern team's meeting on the 24th", not
a number. A term that names exactly one client or meeting works as its id; one that
names several lists them with their ids (never an identity code) and exits non-zero,
as does one that names none, each with one line saying what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from domain.clock import HELSINKI, FixedClock
from domain.identity import make_hetu
from domain.staff import Location, Staff
from domain.use_cases.meetings import create_team, plan_meetings
from storage.unit_of_work import SqlUnitOfWork
from tests.integration.conftest import walk_in_client
from tui.cli import main

pytestmark = pytest.mark.usefixtures("cli_login")

Uow = Callable[[], SqlUnitOfWork]
HETU = "131052-308T"


def _client(uow: Uow, actor: Staff, location: Location, clock: FixedClock, **fields: str) -> int:
    return walk_in_client(uow, actor, location, clock, **fields)


@pytest.fixture
def clients(uow: Uow, actor: Staff, location: Location, clock: FixedClock) -> dict[str, int]:
    return {
        "liisa": _client(uow, actor, location, clock, name="Laine Liisa", hetu=HETU),
        "matti": _client(uow, actor, location, clock, name="Virtanen Matti", birth_year="1985"),
        "maija": _client(uow, actor, location, clock, name="Virtanen Maija", birth_year="1990"),
    }


def run(
    argv: list[str], database_url: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """``main``'s exit code, standard output and standard error; argparse exits too."""
    try:
        code = main([*argv, "--db", database_url])
    except SystemExit as exiting:
        code = exiting.code if isinstance(exiting.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_a_name_that_names_one_client_prints_their_card(
    database_url: str, clients: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["card", "laine"], database_url, capsys)
    assert (code, err) == (0, "")
    assert "Asiakas: Laine Liisa" in out


def test_an_identity_code_names_its_client(
    database_url: str, clients: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(["card", HETU], database_url, capsys)
    assert code == 0
    assert "Asiakas: Laine Liisa" in out


def test_a_name_and_birth_year_narrow_the_search(
    database_url: str, clients: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(["card", "virtanen 1990"], database_url, capsys)
    assert code == 0
    assert "Asiakas: Virtanen Maija" in out


def test_a_term_that_names_several_clients_lists_them_with_their_ids(
    database_url: str, clients: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["card", "virtanen"], database_url, capsys)
    assert code == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[0] == (
        "Hakusanalla löytyy 2 asiakasta; anna asiakkaan tunnus (rinnalla card TUNNUS)"
        " tai tarkempi hakusana:"
    )
    assert sorted(line.strip() for line in lines[1:]) == sorted(
        [
            f"asiakas {clients['matti']}: Virtanen Matti, s. 1985",
            f"asiakas {clients['maija']}: Virtanen Maija, s. 1990",
        ]
    )
    # The id listed is what the next command takes.
    code, out, _err = run(["card", str(clients["maija"])], database_url, capsys)
    assert code == 0
    assert "Asiakas: Virtanen Maija" in out


def test_the_list_of_matches_shows_no_identity_code(
    database_url: str,
    uow: Uow,
    actor: Staff,
    location: Location,
    clock: FixedClock,
    clients: dict[str, int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    lauri = make_hetu(dt.date(2003, 2, 1), 123)
    _client(uow, actor, location, clock, name="Laine Lauri", hetu=lauri)
    code, _out, err = run(["card", "laine"], database_url, capsys)
    assert code == 1
    assert "Laine Liisa, s. 1952" in err and "Laine Lauri, s. 2003" in err
    assert HETU not in err and "131052" not in err and lauri not in err and "010203" not in err


def test_a_term_that_names_nobody_says_so_in_the_users_language(
    database_url: str, clients: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["card", "korhonen"], database_url, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Hakusanalla ei löydy asiakasta. Kokeile nimen osaa, henkilötunnusta tai asiakkaan"
        " tunnusta."
    ]
    code, _out, err = run(["card", "korhonen", "--lang", "sv"], database_url, capsys)
    assert code == 1
    assert err.startswith("Sökordet hittar ingen klient.")
    code, _out, err = run(["card", "virtanen", "--lang", "en"], database_url, capsys)
    assert code == 1
    assert err.splitlines()[0].startswith("The search term matches 2 clients;")
    assert "client " in err.splitlines()[1]


@pytest.fixture
def meetings(uow: Uow, actor: Staff) -> dict[str, int]:
    east = create_team(uow(), "MOTI Itä", "Imatra", actor=actor)
    west = create_team(uow(), "MOTI Länsi", "Lappeenranta", actor=actor)
    first = dt.datetime(2026, 11, 24, 13, 0, tzinfo=HELSINKI)
    east_meetings = plan_meetings(uow(), east.id, first, 60, count=2, actor=actor)
    west_meeting = plan_meetings(uow(), west.id, first, 60, actor=actor)
    return {
        "east_24": east_meetings[0].id,
        "east_8": east_meetings[1].id,
        "west_24": west_meeting[0].id,
    }


def test_a_date_and_team_name_name_one_meeting(
    database_url: str, meetings: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["agenda", "itä 24.11.2026", "--pseudonymous"], database_url, capsys)
    assert (code, err) == (0, "")
    by_id = run(["agenda", str(meetings["east_24"]), "--pseudonymous"], database_url, capsys)
    assert by_id == (0, out, "")
    # The date as English shows it, and the team's area, find it too.
    assert run(["agenda", "24/11/2026 imatra", "--pseudonymous"], database_url, capsys)[1] == out


def test_a_term_that_names_several_meetings_lists_them_with_their_ids(
    database_url: str, meetings: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["agenda", "24.11.2026"], database_url, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "Hakusanalla löytyy 2 palaveria; anna palaverin tunnus (rinnalla agenda TUNNUS)"
        " tai päivämäärä:",
        f"  palaveri {meetings['east_24']}: 24.11.2026 klo 13.00, MOTI Itä",
        f"  palaveri {meetings['west_24']}: 24.11.2026 klo 13.00, MOTI Länsi",
    ]
    code, _out, err = run(["agenda", "itä"], database_url, capsys)
    assert code == 1
    assert f"palaveri {meetings['east_8']}: 8.12.2026" in err


def test_a_term_that_names_no_meeting_says_so(
    database_url: str, meetings: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    for term in ("pohjoinen", "25.11.2026", "31.2.2026"):
        code, out, err = run(["agenda", term], database_url, capsys)
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            "Hakusanalla ei löydy palaveria. Kokeile päivämäärää (24.11.2026), tiimin nimeä"
            " tai palaverin tunnusta."
        ]


def test_an_empty_term_is_a_mistyped_command_line(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run(["card", "  "], database_url, capsys)
    assert code == 2
    assert err.splitlines() == [
        "rinnalla card: ASIAKAS: anna tunnus tai hakusana (ohje: rinnalla card --help)"
    ]
