"""The MOTI agenda and minutes as Markdown, and as calendar invitations (R8, R12)."""

from __future__ import annotations

import datetime as dt

import icalendar

from domain.agenda_text import agenda_markdown, meeting_minutes, without_identity
from domain.clients import Client
from domain.clock import HELSINKI
from domain.i18n import set_language
from domain.identity import parse_hetu
from domain.meetings import AgendaLine, AgendaView
from domain.moti import (
    Action,
    AgendaItem,
    Decision,
    DecisionKind,
    ItemKind,
    Meeting,
    Team,
    TeamMember,
    fit_agenda,
)
from domain.network import Professional
from domain.sectors import Sector
from tui.ics import agenda_ics

HETU = "131052-308T"
LIISA = Client(
    id=1,
    name="Laine Liisa",
    hetu=parse_hetu(HETU),
    birth_year=1952,
    created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    version=1,
)
PEKKA = Client(
    id=2,
    name="Virta Pekka",
    hetu=None,
    birth_year=1990,
    created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    version=1,
)
LEENA = Professional(
    id=10,
    name="Lehtonen Leena",
    title="sosiaaliohjaaja",
    organisation="Hyvinvointialue",
    sector=Sector.SOCIAL,
    email="leena@example.fi",
)
TIMO = Professional(
    id=11, name="Talvi Timo", title="ohjaaja", organisation="TYP", sector=Sector.TYP
)
MATTI = Professional(
    id=12, name="Mäki Matti", title="lääkäri", organisation="Terveysasema", sector=Sector.HEALTH
)


def item(item_id: int, client: Client, position: int, minutes: int, *invitees: int) -> AgendaItem:
    return AgendaItem(
        id=item_id,
        meeting_id=5,
        kind=ItemKind.CLIENT,
        client_id=client.id,
        question=f"Kuka auttaa? {client.name} *kiire* [b]",
        position=position,
        slot_minutes=minutes,
        invitees=frozenset(invitees),
    )


def view(
    starts_at: dt.datetime,
    items: list[tuple[AgendaItem, Client]],
    *,
    length: int = 60,
    decisions: tuple[Decision, ...] = (),
    actions: tuple[Action, ...] = (),
    attendance: dict[int, bool] | None = None,
) -> AgendaView:
    meeting = Meeting(
        id=5,
        team_id=3,
        starts_at=starts_at,
        length_minutes=length,
        place="Kokoushuone 2",
        video_link="https://meet.example/moti",
    )
    fit = fit_agenda([(i.id, i.slot_minutes) for i, _ in items], length)
    starts = {f.key: starts_at + dt.timedelta(minutes=f.start_minute) for f in fit.fitted}
    return AgendaView(
        meeting=meeting,
        team=Team(id=3, name="MOTI Lappeenranta"),
        lines=tuple(AgendaLine(item=i, client=c, starts_at=starts.get(i.id)) for i, c in items),
        not_fitting=fit.not_fitting,
        invitees={p.id: p for p in (LEENA, TIMO)},
        decisions=decisions,
        actions=actions,
        attendance=attendance or {},
        team_members=(TeamMember(id=1, team_id=3, professional=MATTI),),
    )


WINTER = dt.datetime(2026, 11, 24, 12, 0, tzinfo=dt.UTC)  # 14:00 in Helsinki (UTC+2)
SUMMER = dt.datetime(2026, 6, 9, 11, 0, tzinfo=dt.UTC)  # 14:00 in Helsinki (UTC+3)


def two_items(starts_at: dt.datetime, length: int = 60) -> AgendaView:
    return view(
        starts_at,
        [(item(100, LIISA, 0, 20, 10), LIISA), (item(101, PEKKA, 1, 30, 10, 11), PEKKA)],
        length=length,
    )


def test_the_agenda_names_team_date_place_and_timed_items() -> None:
    text = agenda_markdown(two_items(WINTER), pseudonymous=False)
    assert text.startswith("# Asialista: MOTI Lappeenranta\n")
    assert "Aika: 24.11.2026 klo 14:00–15:00" in text
    assert "Paikka: Kokoushuone 2" in text
    assert "Videoyhteys: https://meet.example/moti" in text
    assert "1. **14:00–14:20 · Asiakas · Laine Liisa**" in text
    assert "2. **14:20–14:50 · Asiakas · Virta Pekka**" in text
    assert r"Kuka auttaa? Laine Liisa \*kiire\* [b]" in text
    assert "Kutsuttu: Lehtonen Leena, Talvi Timo" in text
    assert "Ei mahdu aikaan" not in text


def test_summer_times_are_helsinki_summer_time() -> None:
    text = agenda_markdown(two_items(SUMMER), pseudonymous=False)
    assert "Aika: 9.6.2026 klo 14:00–15:00" in text
    assert "14:20–14:50" in text


def test_a_pseudonymous_agenda_has_no_name_and_no_hetu() -> None:
    text = agenda_markdown(two_items(WINTER), pseudonymous=True)
    for secret in ("Laine", "Liisa", "Virta", "Pekka", HETU, "131052"):
        assert secret not in text
    assert "L.L. 1952" in text
    assert "V.P. 1990" in text


def test_the_question_is_cleaned_of_name_and_hetu() -> None:
    assert without_identity(f"Liisa LAINE ({HETU}) muuttaa", LIISA) == "L. L. (–) muuttaa"
    assert without_identity("Liisankatu 3", LIISA) == "Liisankatu 3"


def test_items_that_do_not_fit_are_listed_apart() -> None:
    text = agenda_markdown(two_items(WINTER, length=30), pseudonymous=False)
    head, left_out = text.split("## Ei mahdu aikaan\n")
    assert "Laine Liisa" in head
    assert "1. **Asiakas · Virta Pekka**" in left_out.split("## Kutsut")[0]
    invitations = text.split("## Kutsut\n")[1]
    assert "- **Talvi Timo**\n  - Virta Pekka (Ei mahdu aikaan)" in invitations


def test_the_invitation_list_gives_each_person_their_own_times() -> None:
    invitations = agenda_markdown(two_items(WINTER), pseudonymous=True).split("## Kutsut\n")[1]
    assert (
        "- **Lehtonen Leena**\n  - 14:00–14:20 L.L. 1952\n  - 14:20–14:50 V.P. 1990\n"
        in invitations
    )
    assert "- **Talvi Timo**\n  - 14:20–14:50 V.P. 1990" in invitations


def test_the_agenda_speaks_english() -> None:
    set_language("en")
    text = agenda_markdown(two_items(WINTER, length=30), pseudonymous=False)
    assert text.startswith("# Agenda: MOTI Lappeenranta\n")
    assert "## Does not fit" in text
    assert "Client · Laine Liisa" in text


def test_the_minutes_list_attendance_decisions_and_actions() -> None:
    agenda = view(
        WINTER,
        [(item(100, LIISA, 0, 20, 10), LIISA), (item(101, PEKKA, 1, 30, 11), PEKKA)],
        decisions=(
            Decision(
                id=1,
                item_id=100,
                kind=DecisionKind.CASE_MANAGER_AGREED,
                professional_id=10,
                note="sovittu *heti*",
            ),
        ),
        actions=(
            Action(
                id=1, item_id=100, client_id=1, what="Soita", owner_id=12, due=dt.date(2026, 12, 1)
            ),
            Action(
                id=2, item_id=101, client_id=2, what="Kela", owner_id=99, due=dt.date(2026, 12, 2)
            ),
        ),
        attendance={10: True, 12: True, 11: False},
    )
    text = meeting_minutes(agenda)
    assert text.startswith("# Muistio: MOTI Lappeenranta\n")
    assert "- Läsnä: Lehtonen Leena, Mäki Matti" in text
    assert "- Poissa: Talvi Timo" in text
    first, second = text.split("## 1. Asiakas: Laine Liisa")[1].split("## 2. Asiakas: Virta Pekka")
    assert (
        r"- Asiakasvastaava sovittu · asiakasvastaava: Lehtonen Leena · sovittu \*heti\*" in first
    )
    assert "- Soita – vastuu: Mäki Matti, määräaika 1.12.2026" in first
    assert "Ei päätöksiä." in second
    assert "- Kela – vastuu: #99, määräaika 2.12.2026" in second
    pseudonymous = meeting_minutes(agenda, pseudonymous=True)
    assert "Liisa" not in pseudonymous and "L.L. 1952" in pseudonymous


def test_the_calendar_has_one_event_per_invitee_slot_without_names() -> None:
    data = agenda_ics(two_items(SUMMER), stamp=WINTER)
    for secret in (b"Laine", b"Liisa", b"Virta", b"Pekka", HETU.encode()):
        assert secret not in data
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert calendar.walk("VTIMEZONE")
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "rinnalla-meeting-5-item-100-10@rinnalla",
        "rinnalla-meeting-5-item-101-10@rinnalla",
        "rinnalla-meeting-5-item-101-11@rinnalla",
    }
    leena = events["rinnalla-meeting-5-item-101-10@rinnalla"]
    start = leena.decoded("dtstart")
    assert start == dt.datetime(2026, 6, 9, 14, 20, tzinfo=HELSINKI)
    assert str(start.tzinfo) == "Europe/Helsinki"
    assert leena.decoded("dtend") == dt.datetime(2026, 6, 9, 14, 50, tzinfo=HELSINKI)
    assert str(leena["attendee"]) == "mailto:leena@example.fi"
    assert str(leena["summary"]) == "MOTI Lappeenranta: V.P. 1990"
    assert str(leena["location"]) == "Kokoushuone 2"
    assert "attendee" not in events["rinnalla-meeting-5-item-101-11@rinnalla"]


def test_items_that_do_not_fit_get_no_calendar_event() -> None:
    calendar = icalendar.Calendar.from_ical(agenda_ics(two_items(WINTER, length=30)))
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [
        "rinnalla-meeting-5-item-100-10@rinnalla"
    ]
