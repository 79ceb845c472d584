"""The MOTI rules of issue 19 (item 3): deadlines in words, who owns an action, who took
part, what went back undiscussed, and how the agenda and minutes say it (R8, R9, R12)."""

from __future__ import annotations

import datetime as dt

from domain.agenda_text import agenda_markdown, meeting_minutes
from domain.clients import Client
from domain.i18n import set_language, tr
from domain.meetings import AgendaLine, AgendaView, deadline_words, undiscussed
from domain.moti import (
    Action,
    AgendaItem,
    CarryReason,
    Decision,
    DecisionKind,
    ItemKind,
    Meeting,
    MeetingState,
    OwnerKind,
    Participant,
    ParticipantKind,
    Proposal,
    Referrer,
    ReturnReason,
    Team,
    action_owner,
    order_backlog,
    participant_label,
)
from domain.network import Professional
from domain.sectors import Sector

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
LIISA = Client(id=1, name="Laine Liisa", hetu=None, birth_year=1952, created_at=NOW, version=1)
OLGA = Professional(
    id=7, name="Ohjaaja Olga", title="ohjaaja", organisation="Sosiaalityö", sector=Sector.SOCIAL
)


def action(kind: OwnerKind, *, owner_id: int | None = None, name: str = "") -> Action:
    return Action(
        id=1,
        item_id=100,
        client_id=1,
        what="Hae tukea",
        owner_id=owner_id,
        due=dt.date(2026, 12, 10),
        owner_kind=kind,
        owner_name=name,
    )


def item(item_id: int, *, view: str = "", proposal: int | None = 50) -> AgendaItem:
    return AgendaItem(
        id=item_id,
        meeting_id=5,
        kind=ItemKind.CLIENT,
        client_id=1,
        question="Kuka auttaa?",
        position=item_id,
        slot_minutes=20,
        proposal_id=proposal,
        client_view=view,
    )


def agenda(
    lines: list[AgendaLine],
    *,
    decisions: tuple[Decision, ...] = (),
    actions: tuple[Action, ...] = (),
    participants: tuple[Participant, ...] = (),
) -> AgendaView:
    return AgendaView(
        meeting=Meeting(
            id=5, team_id=3, starts_at=NOW, length_minutes=90, state=MeetingState.CLOSED
        ),
        team=Team(id=3, name="MOTI Imatra"),
        lines=tuple(lines),
        not_fitting=(),
        invitees={},
        decisions=decisions,
        actions=actions,
        attendance={},
        team_members=(),
        participants=participants,
        owners={OLGA.id: OLGA},
    )


def test_an_action_owner_is_a_professional_the_client_or_a_named_close_person() -> None:
    names = {7: "Ohjaaja Olga"}
    assert action_owner(action(OwnerKind.PROFESSIONAL, owner_id=7), names) == "Ohjaaja Olga"
    assert action_owner(action(OwnerKind.CLIENT), names) == tr("moti.owner.client")
    close = action(OwnerKind.CLOSE_PERSON, name="Laine Lauri")
    assert action_owner(close, names) == "Laine Lauri"


def test_outsiders_read_a_close_person_owner_without_the_name() -> None:
    close = action(OwnerKind.CLOSE_PERSON, name="Laine Lauri")
    assert action_owner(close, {}, pseudonymous=True) == tr("moti.owner.close_person")
    person = Participant(
        id=1, meeting_id=5, client_id=1, kind=ParticipantKind.CLOSE_PERSON, name="Laine Lauri"
    )
    assert participant_label(person) == "Laine Lauri"
    assert participant_label(person, pseudonymous=True) == tr("moti.owner.close_person")


def test_a_deadline_past_due_is_said_in_words_with_its_date() -> None:
    words = deadline_words(dt.date(2026, 11, 20), dt.date(2026, 11, 24))
    assert words.startswith("20.11.2026")
    assert "myöhässä 2 arkipäivää" in words
    assert "erääntyy tänään" in deadline_words(dt.date(2026, 11, 24), dt.date(2026, 11, 24))


def test_the_deadline_comes_before_the_wait_in_the_backlog() -> None:
    waited = Proposal(
        id=1,
        team_id=3,
        client_id=1,
        question="?",
        proposed_at=NOW - dt.timedelta(days=40),
        proposed_by=1,
    )
    due = Proposal(
        id=2,
        team_id=3,
        client_id=2,
        question="?",
        proposed_at=NOW,
        proposed_by=1,
        deadline=dt.date(2026, 12, 3),
    )
    assert [p.id for p in order_backlog([waited, due], NOW)] == [2, 1]


def test_undiscussed_items_have_no_decision_no_action_and_no_client_view() -> None:
    decided, acted, heard, silent = item(1), item(2), item(3, view="Asunto ensin"), item(4)
    follow_up = item(5, proposal=None)  # a follow-up never goes back to the backlog
    lines = [
        AgendaLine(item=i, client=LIISA, starts_at=NOW)
        for i in (decided, acted, heard, silent, follow_up)
    ]
    view = agenda(
        lines,
        decisions=(Decision(id=1, item_id=1, kind=DecisionKind.NO_ACTION),),
        actions=(action(OwnerKind.CLIENT).model_copy(update={"item_id": 2}),),
    )
    assert [line.item.id for line in undiscussed(view)] == [4]


def test_the_agenda_says_the_deadline_the_referrer_and_a_carried_actions_owner_and_reason() -> None:
    proposal = Proposal(
        id=50,
        team_id=3,
        client_id=1,
        question="?",
        proposed_at=NOW,
        proposed_by=1,
        deadline=dt.date(2026, 12, 3),
        referred_by=Referrer.EMPLOYMENT,
    )
    carried = action(OwnerKind.PROFESSIONAL, owner_id=7).model_copy(
        update={"carry_reason": CarryReason.NOT_DONE}
    )
    follow_up = item(2, proposal=None).model_copy(update={"kind": ItemKind.FOLLOW_UP})
    view = agenda(
        [
            AgendaLine(item=item(1), client=LIISA, starts_at=NOW, proposal=proposal),
            AgendaLine(item=follow_up, client=LIISA, starts_at=NOW, action=carried),
        ]
    )
    text = agenda_markdown(view, pseudonymous=True)
    assert "Palvelutarpeen arvion määräaika: 3.12.2026" in text
    assert "Ohjaaja: Työllisyyspalvelut (TE)" in text
    assert "Vastuu: Ohjaaja Olga, määräaika 10.12.2026 · siirretty: Ei tehty" in text


def test_the_minutes_name_the_client_and_close_people_and_the_clients_view() -> None:
    returned = item(2).model_copy(
        update={"return_reason": ReturnReason.INFORMATION_MISSING, "return_note": "Laine Liisa"}
    )
    view = agenda(
        [
            AgendaLine(
                item=item(1, view="Haluan asunnon, sanoo Liisa"), client=LIISA, starts_at=NOW
            ),
            AgendaLine(item=returned, client=LIISA, starts_at=NOW),
        ],
        actions=(
            action(OwnerKind.CLOSE_PERSON, name="Laine Lauri").model_copy(update={"item_id": 1}),
        ),
        participants=(
            Participant(id=1, meeting_id=5, client_id=1, kind=ParticipantKind.CLIENT),
            Participant(
                id=2,
                meeting_id=5,
                client_id=1,
                kind=ParticipantKind.CLOSE_PERSON,
                name="Laine Lauri",
                present=False,
            ),
        ),
    )
    named = meeting_minutes(view)
    assert "- Asiakkaat ja läheiset läsnä: Laine Liisa" in named
    assert "- Asiakkaat ja läheiset poissa: Laine Lauri (läheinen, asiakas Laine Liisa)" in named
    assert "Asiakkaan näkemys: Haluan asunnon, sanoo Liisa" in named
    assert "Palasi jonoon: Tietoja puuttui – Laine Liisa" in named
    assert "- Hae tukea – vastuu: Laine Lauri, määräaika 10.12.2026" in named
    outsiders = meeting_minutes(view, pseudonymous=True)
    assert "Laine" not in outsiders and "Liisa" not in outsiders
    assert "läheinen (asiakas L.L. 1952)" in outsiders


def test_the_minutes_follow_the_language() -> None:
    set_language("sv")
    view = agenda(
        [AgendaLine(item=item(1), client=LIISA, starts_at=NOW)],
        participants=(Participant(id=1, meeting_id=5, client_id=1, kind=ParticipantKind.CLIENT),),
    )
    assert "Klienter och närstående närvarande: Laine Liisa" in meeting_minutes(view)
