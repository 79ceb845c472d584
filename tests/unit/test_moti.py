"""The pure MOTI rules: backlog order, fitting, invitees, invitation times, pseudonyms."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.clients import Client
from domain.clock import HELSINKI
from domain.intake import LifeDomain
from domain.moti import (
    Action,
    ActionState,
    AgendaItem,
    ItemKind,
    Meeting,
    Proposal,
    TeamMember,
    fit_agenda,
    invitation_times,
    order_backlog,
    pseudonym,
    series_starts,
    suggest_invitees,
)
from domain.network import NetworkMember, Professional
from domain.sectors import Sector

NOW = dt.datetime(2026, 11, 24, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 24)


def proposal(
    proposal_id: int, *, waited: int, deadline: dt.date | None = None, team_id: int = 1
) -> Proposal:
    return Proposal(
        id=proposal_id,
        team_id=team_id,
        client_id=100 + proposal_id,
        question=f"Kysymys {proposal_id}",
        proposed_at=NOW - dt.timedelta(days=waited),
        proposed_by=1,
        deadline=deadline,
    )


def professional(
    professional_id: int, name: str, organisation: str = "Sosiaalityö"
) -> Professional:
    return Professional(
        id=professional_id,
        name=name,
        title="Sosiaalityöntekijä",
        organisation=organisation,
        sector=Sector.SOCIAL,
    )


def team_member(person: Professional, *domains: LifeDomain) -> TeamMember:
    return TeamMember(id=person.id, team_id=1, professional=person, domains=frozenset(domains))


def in_network(
    member_id: int,
    person: Professional | None,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    close_name: str = "",
) -> NetworkMember:
    return NetworkMember(
        id=member_id,
        client_id=7,
        professional=person,
        close_name=close_name,
        relation="sisko" if person is None else "",
        since=since,
        until=until,
    )


def client(name: str | None, birth_year: int | None) -> Client:
    return Client(id=1, name=name, hetu=None, birth_year=birth_year, created_at=NOW, version=1)


def item(item_id: int, position: int, minutes: int, invitees: set[int]) -> AgendaItem:
    return AgendaItem(
        id=item_id,
        meeting_id=1,
        kind=ItemKind.CLIENT,
        client_id=100 + item_id,
        question="Kysymys",
        position=position,
        slot_minutes=minutes,
        invitees=frozenset(invitees),
    )


# order_backlog ------------------------------------------------------------------------


def test_backlog_puts_the_nearest_deadline_first_whatever_the_wait() -> None:
    late = proposal(1, waited=30, deadline=dt.date(2026, 12, 20))
    soon = proposal(2, waited=1, deadline=dt.date(2026, 12, 1))
    ordered = order_backlog([late, soon], NOW)
    assert [p.id for p in ordered] == [2, 1]


def test_backlog_without_deadlines_puts_the_longest_wait_first() -> None:
    short = proposal(1, waited=2)
    long = proposal(2, waited=40)
    middle = proposal(3, waited=10)
    ordered = order_backlog([short, long, middle], NOW)
    assert [p.id for p in ordered] == [2, 3, 1]


def test_backlog_puts_proposals_without_deadline_after_those_with_one() -> None:
    waited_long = proposal(1, waited=90)
    far_deadline = proposal(2, waited=0, deadline=dt.date(2027, 6, 30))
    near_deadline = proposal(3, waited=3, deadline=dt.date(2026, 12, 5))
    ordered = order_backlog([waited_long, far_deadline, near_deadline], NOW)
    assert [p.id for p in ordered] == [3, 2, 1]


def test_backlog_with_the_same_deadline_puts_the_longest_wait_first() -> None:
    deadline = dt.date(2026, 12, 10)
    newer = proposal(1, waited=1, deadline=deadline)
    older = proposal(2, waited=20, deadline=deadline)
    assert [p.id for p in order_backlog([newer, older], NOW)] == [2, 1]


def test_waited_days_counts_whole_days_and_never_goes_negative() -> None:
    assert proposal(1, waited=5).waited_days(NOW) == 5
    assert proposal(1, waited=0).waited_days(NOW - dt.timedelta(days=2)) == 0


# fit_agenda ---------------------------------------------------------------------------


def test_an_agenda_that_fills_the_meeting_exactly_fits() -> None:
    fit = fit_agenda([(1, 30), (2, 20), (3, 10)], 60)
    assert [(f.key, f.start_minute, f.minutes) for f in fit.fitted] == [
        (1, 0, 30),
        (2, 30, 20),
        (3, 50, 10),
    ]
    assert fit.not_fitting == ()


def test_one_minute_over_the_length_does_not_fit() -> None:
    fit = fit_agenda([(1, 30), (2, 31)], 60)
    assert [f.key for f in fit.fitted] == [1]
    assert fit.not_fitting == (2,)


def test_a_later_smaller_item_still_fits_after_one_that_does_not() -> None:
    fit = fit_agenda([(1, 40), (2, 30), (3, 20), (4, 5)], 60)
    assert [(f.key, f.start_minute) for f in fit.fitted] == [(1, 0), (3, 40)]
    assert fit.not_fitting == (2, 4)


def test_fitting_drops_nothing_silently() -> None:
    slots = [(11, 20), (12, 50), (13, 15), (14, 120), (15, 5), (16, 20)]
    fit = fit_agenda(slots, 60)
    keys = [f.key for f in fit.fitted] + list(fit.not_fitting)
    assert sorted(keys) == sorted(key for key, _ in slots)
    assert len(keys) == len(slots)
    assert sum(f.minutes for f in fit.fitted) <= 60


def test_an_empty_agenda_fits_nothing_and_leaves_nothing_out() -> None:
    fit = fit_agenda([], 60)
    assert fit.fitted == ()
    assert fit.not_fitting == ()


# suggest_invitees -----------------------------------------------------------------------


def test_an_expert_is_suggested_for_matching_concerns_with_the_domains_named() -> None:
    expert = professional(1, "Asuntoneuvoja Aatu", "Asumispalvelut")
    other = professional(2, "Terveydenhoitaja Tea", "Terveysasema")
    suggestions = suggest_invitees(
        [LifeDomain.HOUSING, LifeDomain.INCOME],
        [
            team_member(expert, LifeDomain.INCOME, LifeDomain.HOUSING, LifeDomain.EMPLOYMENT),
            team_member(other, LifeDomain.HEALTH),
        ],
        [],
        TODAY,
    )
    assert [s.professional.id for s in suggestions] == [1]
    assert suggestions[0].reasons == ("Asiantuntemus: Asuminen, Toimeentulo",)


def test_active_network_professionals_are_suggested_with_their_organisation() -> None:
    current = professional(5, "Sosiaaliohjaaja Sini", "Aikuissosiaalityö")
    former = professional(6, "Työvalmentaja Ville", "TYP")
    future = professional(7, "Kuntoutusohjaaja Kaisa", "Kela")
    suggestions = suggest_invitees(
        [],
        [],
        [
            in_network(1, current, since=dt.date(2026, 1, 1)),
            in_network(2, former, until=dt.date(2026, 11, 23)),
            in_network(3, future, since=dt.date(2026, 11, 25)),
        ],
        TODAY,
    )
    assert [s.professional.id for s in suggestions] == [5]
    assert suggestions[0].reasons == ("Asiakkaan verkostossa (Aikuissosiaalityö)",)


def test_a_network_member_ending_today_is_still_suggested() -> None:
    person = professional(5, "Sosiaaliohjaaja Sini", "Aikuissosiaalityö")
    suggestions = suggest_invitees([], [], [in_network(1, person, until=TODAY)], TODAY)
    assert [s.professional.id for s in suggestions] == [5]


def test_someone_both_expert_and_in_the_network_has_both_reasons_and_comes_first() -> None:
    expert_only = professional(1, "Aatu Asuntoneuvoja", "Asumispalvelut")
    both = professional(2, "Örjan Sosiaalityöntekijä", "Aikuissosiaalityö")
    network_only = professional(3, "Bea Sairaanhoitaja", "Terveysasema")
    suggestions = suggest_invitees(
        [LifeDomain.HOUSING],
        [team_member(expert_only, LifeDomain.HOUSING), team_member(both, LifeDomain.HOUSING)],
        [in_network(1, both), in_network(2, network_only)],
        TODAY,
    )
    assert [s.professional.id for s in suggestions] == [2, 1, 3]
    assert suggestions[0].reasons == (
        "Asiantuntemus: Asuminen",
        "Asiakkaan verkostossa (Aikuissosiaalityö)",
    )


def test_close_people_in_the_network_are_not_invited() -> None:
    suggestions = suggest_invitees(
        [LifeDomain.HOUSING], [], [in_network(1, None, close_name="Sisko Sanna")], TODAY
    )
    assert suggestions == []


def test_without_concerns_only_the_network_is_suggested() -> None:
    expert = professional(1, "Asuntoneuvoja Aatu", "Asumispalvelut")
    own = professional(2, "Sosiaaliohjaaja Sini", "Aikuissosiaalityö")
    suggestions = suggest_invitees(
        [], [team_member(expert, *LifeDomain)], [in_network(1, own)], TODAY
    )
    assert [s.professional.id for s in suggestions] == [2]
    assert len(suggestions[0].reasons) == 1


# invitation_times --------------------------------------------------------------------------


def test_each_invitee_gets_only_their_own_items_timed_in_agenda_order() -> None:
    start = dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC)
    meeting = Meeting(id=1, team_id=1, starts_at=start, length_minutes=120)
    items = [
        item(30, position=2, minutes=10, invitees={7}),
        item(10, position=0, minutes=20, invitees={7, 8}),
        item(20, position=1, minutes=15, invitees={9}),
    ]
    times = invitation_times(meeting, items)
    assert set(times) == {7, 8, 9}
    minute = dt.timedelta(minutes=1)
    assert [(s.item_id, s.starts_at, s.ends_at) for s in times[7]] == [
        (10, start, start + 20 * minute),
        (30, start + 35 * minute, start + 45 * minute),
    ]
    assert [(s.item_id, s.starts_at, s.ends_at) for s in times[8]] == [
        (10, start, start + 20 * minute)
    ]
    assert [(s.item_id, s.starts_at, s.ends_at) for s in times[9]] == [
        (20, start + 20 * minute, start + 35 * minute)
    ]


def test_an_item_without_invitees_still_takes_its_time() -> None:
    start = dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC)
    meeting = Meeting(id=1, team_id=1, starts_at=start, length_minutes=60)
    times = invitation_times(
        meeting, [item(1, position=0, minutes=25, invitees=set()), item(2, 1, 5, {4})]
    )
    assert list(times) == [4]
    assert times[4][0].starts_at == start + dt.timedelta(minutes=25)
    assert times[4][0].ends_at == start + dt.timedelta(minutes=30)


# series_starts ---------------------------------------------------------------------------


def test_a_series_keeps_the_helsinki_wall_clock_time_across_the_end_of_dst() -> None:
    first = dt.datetime(2026, 10, 13, 13, 0, tzinfo=HELSINKI)
    starts = series_starts(first, every_weeks=2, count=4)
    assert [s.astimezone(HELSINKI).date() for s in starts] == [
        dt.date(2026, 10, 13),
        dt.date(2026, 10, 27),
        dt.date(2026, 11, 10),
        dt.date(2026, 11, 24),
    ]
    assert all(s.astimezone(HELSINKI).hour == 13 for s in starts)
    assert all(s.astimezone(HELSINKI).weekday() == 1 for s in starts)
    assert [s.astimezone(dt.UTC).hour for s in starts] == [10, 11, 11, 11]
    assert all(s.utcoffset() == dt.timedelta(0) for s in starts)


def test_a_series_given_in_utc_is_kept_in_local_time() -> None:
    first = dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC)  # 13:00 EEST
    starts = series_starts(first, every_weeks=1, count=2)
    assert starts == [
        dt.datetime(2026, 10, 20, 10, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 27, 11, 0, tzinfo=dt.UTC),
    ]


def test_a_series_of_one_is_just_the_first_start() -> None:
    first = dt.datetime(2026, 12, 1, 13, 0, tzinfo=HELSINKI)
    assert series_starts(first, every_weeks=2, count=1) == [first.astimezone(dt.UTC)]


# pseudonym ------------------------------------------------------------------------------


def test_pseudonym_is_initials_and_birth_year_without_the_name() -> None:
    name = "Laine Liisa Maria"
    shown = pseudonym(client(name, 1984))
    assert shown == "L.L.M. 1984"
    assert "Laine" not in shown
    assert "Liisa" not in shown


def test_pseudonym_without_birth_year_shows_a_dash() -> None:
    assert pseudonym(client("Virtanen Ville", None)) == "V.V. –"


@pytest.mark.parametrize("name", [None, "", "   "])
def test_pseudonym_without_name_shows_a_question_mark(name: str | None) -> None:
    assert pseudonym(client(name, 1990)) == "? 1990"


def test_pseudonym_uppercases_initials() -> None:
    assert pseudonym(client("de la cruz", 1970)) == "D.L.C. 1970"


# Action.overdue_on ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "due", "overdue"),
    [
        (ActionState.OPEN, dt.date(2026, 11, 23), True),
        (ActionState.OPEN, TODAY, False),
        (ActionState.OPEN, dt.date(2026, 11, 25), False),
        (ActionState.DONE, dt.date(2026, 11, 1), False),
        (ActionState.CARRIED, dt.date(2026, 11, 1), False),
    ],
)
def test_only_an_open_action_past_its_due_day_is_overdue(
    state: ActionState, due: dt.date, overdue: bool
) -> None:
    action = Action(id=1, item_id=1, client_id=1, what="Soita", owner_id=1, due=due, state=state)
    assert action.overdue_on(TODAY) is overdue
