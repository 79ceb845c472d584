"""The MOTI agenda and minutes as Markdown, and as calendar invitations (R8, R12)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from domain.agenda_text import (
    agenda_markdown,
    meeting_minutes,
    without_identities,
    without_identity,
)
from domain.clients import Client
from domain.clock import HELSINKI
from domain.formats import ON_SCREEN
from domain.i18n import set_language, set_team_label
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
    assert text.startswith("# Asialista: MOTI Lappeenranta (MOTI-tiimi)\n")
    assert "Aika: 24.11.2026 klo 14:00–15:00" in text
    assert "Paikka: Kokoushuone 2" in text
    assert "Videoyhteys: <https://meet.example/moti>" in text
    assert "1. **14:00–14:20 · Asiakas · Laine Liisa**" in text
    assert "2. **14:20–14:50 · Asiakas · Virta Pekka**" in text
    assert r"Kuka auttaa? Laine Liisa \*kiire\* \[b\]" in text
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


EEVA = Client(
    id=3,
    name="Hämäläinen Eeva-Liisa",
    hetu=parse_hetu("050389-907V", allow_temporary=True),
    birth_year=1989,
    created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    version=1,
)


@pytest.mark.parametrize(
    "typed",
    [
        "Eevan asunto on mennyt",
        "Soitettu Hämäläiselle eilen",
        "Hämäläisen perhe ja Eevalle soitto",
        "Hämäläisiä on kaksi, Hämäläistenkin asia",
        "Eeva-Liisan äiti",
        "EEVAA ei tavoitettu, Liisalta kysytään",
        "Eeva Hämäläinen s. 5.3.1989",
        "syntynyt 05.03.1989",
        "syntymäaika 1989-03-05",
        "synt. 5/3/1989",
        "hetu 050389-907V",
        "050389-****",
        "5.3.89 syntynyt",
    ],
)
def test_free_text_loses_inflected_names_and_birth_dates(typed: str) -> None:
    cleaned = without_identity(typed, EEVA)
    for secret in ("Eeva", "EEVA", "Hämäl", "Liisa", "5.3.", "05.03.", "1989-03", "5/3", "050389"):
        assert secret not in cleaned, (typed, cleaned)


def test_free_text_keeps_what_is_not_a_name_form() -> None:
    for kept in ("Eevakatu 3", "Hämäläisentie", "Liisankatu", "palaveri 5.3.2027", "1.1.1990"):
        assert without_identity(kept, EEVA) == kept
    assert without_identity("Eevan asunto 12.2.2027", EEVA) == "E. asunto 12.2.2027"


def test_anyones_identity_code_and_a_birth_date_said_as_such_go() -> None:
    assert without_identities("Äiti 010170-123A, synt. 1.1.1970", []) == "Äiti –, synt. –"
    assert without_identities("lapsi 020320A9876", []) == "lapsi –"


def test_each_agenda_client_is_taken_out_of_every_item() -> None:
    question = "Liisan veli Pekka Virta on myös asiakkaana; Virran asia"
    agenda = view(WINTER, [(item(100, LIISA, 0, 20), LIISA), (item(101, PEKKA, 1, 20), PEKKA)])
    changed = agenda.lines[0].item.model_copy(update={"question": question})
    lines = (agenda.lines[0].model_copy(update={"item": changed}), agenda.lines[1])
    text = agenda_markdown(agenda.model_copy(update={"lines": lines}), pseudonymous=True)
    for secret in ("Liisa", "Pekka", "Virta", "Virran"):
        assert secret not in text
    assert "L. veli P. V. on myös asiakkaana; V. asia" in text


def test_the_pseudonymous_agenda_says_what_was_removed() -> None:
    text = agenda_markdown(two_items(WINTER), pseudonymous=True)
    assert "syntymäajat on poistettu vapaasta tekstistä" in text.split("## ")[0]
    assert "poistettu" not in agenda_markdown(two_items(WINTER), pseudonymous=False)
    set_language("en")
    text = agenda_markdown(two_items(WINTER), pseudonymous=True)
    assert "birth dates have been removed from the free text" in text


def test_typed_text_cannot_make_links_headings_or_lines() -> None:
    agenda = view(WINTER, [(item(100, LIISA, 0, 20, 10), LIISA)])
    question = "[klikkaa](https://evil.example) ![x](y)\n# Otsikko\n- lista"
    changed = agenda.lines[0].item.model_copy(update={"question": question})
    meeting = agenda.meeting.model_copy(update={"place": "[Huone](https://evil.example)"})
    team = agenda.team.model_copy(update={"name": "MOTI\n# Toinen"})
    lines = (agenda.lines[0].model_copy(update={"item": changed}),)
    text = agenda_markdown(
        agenda.model_copy(update={"lines": lines, "meeting": meeting, "team": team}),
        pseudonymous=False,
    )
    assert "](" not in text.replace("\\](", "")
    assert "\\[klikkaa\\]\\(https://evil.example\\) \\!\\[x\\]\\(y\\) \\# Otsikko - lista" in text
    assert text.startswith("# Asialista: MOTI \\# Toinen (MOTI-tiimi)\n")
    assert "Paikka: \\[Huone\\]\\(https://evil.example\\)" in text
    assert not any(line.startswith(("# Otsikko", "- lista")) for line in text.splitlines())


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
    assert text.startswith("# Agenda: MOTI Lappeenranta (MOTI team)\n")
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
    assert text.startswith("# Muistio: MOTI Lappeenranta (MOTI-tiimi)\n")
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


def test_the_minutes_on_screen_write_dates_and_times_as_every_screen_does() -> None:
    """The file keeps its one form; on the screen, 14.00 as in the meetings list."""
    agenda = view(
        WINTER,
        [(item(100, LIISA, 0, 20, 10), LIISA)],
        actions=(
            Action(
                id=1, item_id=100, client_id=1, what="Soita", owner_id=12, due=dt.date(2026, 12, 1)
            ),
        ),
    )
    set_language("en")
    on_screen = meeting_minutes(agenda, dates=ON_SCREEN)
    assert "Time: 24/11/2026 14.00–15.00" in on_screen and "01/12/2026" in on_screen
    in_file = meeting_minutes(agenda)
    assert "Time: 24.11.2026 14:00–15:00" in in_file and "1.12.2026" in in_file


COORDINATOR = Professional(
    id=20,
    name="Koordinaattori Kaisa",
    title="asiakaskoordinaattori",
    organisation="Hyvinvointialue",
    sector=Sector.SOCIAL,
    email="kaisa@example.fi",
    staff_id=1,
)


def test_the_calendar_has_one_event_per_invitee_slot_without_names() -> None:
    data = agenda_ics(two_items(SUMMER), organiser=COORDINATOR, stamp=WINTER)
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
    assert str(leena["summary"]) == "MOTI Lappeenranta (MOTI-tiimi): V.P. 1990"
    assert str(leena["location"]) == "Kokoushuone 2"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_agenda_minutes_and_invitations_name_the_team_as_the_setting_says(
    language: str,
) -> None:
    """An organisation with its own name for the team sends no "MOTI" anywhere; the
    name is as typed in every language, and typed Markdown in it stays text."""
    set_team_label("Työkyvyn tuen tiimi")
    set_language(language)
    agenda = two_items(SUMMER)
    for text in (
        agenda_markdown(agenda, pseudonymous=False),
        agenda_markdown(agenda, pseudonymous=True),
        meeting_minutes(agenda),
    ):
        assert text.splitlines()[0].endswith(": MOTI Lappeenranta (Työkyvyn tuen tiimi)")
        assert "MOTI-tiimi" not in text and "MOTI team" not in text
    calendar = icalendar.Calendar.from_ical(agenda_ics(agenda, organiser=COORDINATOR))
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert summaries == {
        "MOTI Lappeenranta (Työkyvyn tuen tiimi): L.L. 1952",
        "MOTI Lappeenranta (Työkyvyn tuen tiimi): V.P. 1990",
    }
    set_team_label("*Tiimi* [linkki](https://evil.example)")
    heading = agenda_markdown(agenda, pseudonymous=False).splitlines()[0]
    assert heading.endswith("(\\*Tiimi\\* \\[linkki\\]\\(https://evil.example\\))")


@pytest.mark.parametrize(
    ("language", "heading"),
    [
        ("fi", "# Asialista: MOTI Lappeenranta (MOTI-tiimi)"),
        ("sv", "# Föredragningslista: MOTI Lappeenranta (MOTI-teamet)"),
        ("en", "# Agenda: MOTI Lappeenranta (MOTI team)"),
    ],
)
def test_without_the_setting_each_language_names_the_moti_team(language: str, heading: str) -> None:
    set_language(language)
    assert agenda_markdown(two_items(SUMMER), pseudonymous=False).splitlines()[0] == heading


def test_each_invitation_has_organiser_sequence_and_its_one_attendee() -> None:
    data = agenda_ics(two_items(SUMMER), organiser=COORDINATOR, stamp=WINTER)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["method"]) == "REQUEST"
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    for event in events.values():
        organiser = event["organizer"]
        assert str(organiser) == "mailto:kaisa@example.fi"
        assert organiser.params["CN"] == "Koordinaattori Kaisa"
        assert not isinstance(event["attendee"], list), "one ATTENDEE per event"
        assert event["attendee"].params["ROLE"] == "REQ-PARTICIPANT"
    leena = events["rinnalla-meeting-5-item-101-10@rinnalla"]["attendee"]
    assert (str(leena), leena.params["CN"], leena.params["RSVP"]) == (
        "mailto:leena@example.fi",
        "Lehtonen Leena",
        "TRUE",
    )
    # Timo has no e-mail: a stable urn:uuid address with his name, no reply asked.
    timo = events["rinnalla-meeting-5-item-101-11@rinnalla"]["attendee"]
    assert str(timo).startswith("urn:uuid:") and timo.params["CN"] == "Talvi Timo"
    assert timo.params["RSVP"] == "FALSE"
    again = icalendar.Calendar.from_ical(
        agenda_ics(two_items(SUMMER), organiser=COORDINATOR, stamp=WINTER)
    )
    assert str(again.walk("VEVENT")[-1]["attendee"]) == str(timo)


def test_a_later_export_has_a_higher_sequence() -> None:
    def sequences(stamp: dt.datetime) -> set[int]:
        data = agenda_ics(two_items(SUMMER), organiser=COORDINATOR, stamp=stamp)
        return {
            int(e.decoded("sequence")) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
        }

    (first,) = sequences(WINTER)
    (later,) = sequences(WINTER + dt.timedelta(minutes=5))
    assert first > 0 and later == first + 5


def test_the_calendar_has_no_identity_in_free_text() -> None:
    agenda = two_items(SUMMER)
    question = f"Liisan ja Pekan asia, hetu {HETU}, synt. 13.10.1952"
    changed = agenda.lines[1].item.model_copy(update={"question": question})
    lines = (agenda.lines[0], agenda.lines[1].model_copy(update={"item": changed}))
    data = agenda_ics(
        agenda.model_copy(update={"lines": lines}), organiser=COORDINATOR, stamp=WINTER
    )
    for secret in (b"Liisa", b"Pekan", HETU.encode(), b"13.10.1952"):
        assert secret not in data


def test_items_that_do_not_fit_get_no_calendar_event() -> None:
    calendar = icalendar.Calendar.from_ical(
        agenda_ics(two_items(WINTER, length=30), organiser=COORDINATOR)
    )
    assert [str(e["uid"]) for e in calendar.walk("VEVENT")] == [
        "rinnalla-meeting-5-item-100-10@rinnalla"
    ]
