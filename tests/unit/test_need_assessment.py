"""Due dates of pending service need assessments and their use cases (R9), without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from domain.audit import AccessAction
from domain.clients import Client
from domain.clock import FixedClock
from domain.errors import DomainError, InvalidInput, NotFound, StaleVersion
from domain.i18n import set_language
from domain.identity import make_hetu, parse_hetu
from domain.need_assessment import (
    DeadlineRules,
    client_label,
    due_date,
    is_statutory,
    status_text,
    working_days_left,
)
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.need_assessment import (
    deadlines_for,
    make_pending,
    mark_started,
    set_highest_care_allowance,
)
from tests.conftest import NOW
from tests.fakes import FakeUnitOfWork

D = dt.date
RULES = DeadlineRules()
TODAY = D(2026, 11, 24)  # NOW in Helsinki: a Tuesday


def client(
    *,
    birth: dt.date | None = None,
    birth_year: int | None = None,
    allowance: bool = False,
    name: str | None = "Testi Tiina",
    client_id: int = 1,
) -> Client:
    hetu = parse_hetu(make_hetu(birth, 123)) if birth else None
    return Client(
        id=client_id,
        name=name,
        hetu=hetu,
        birth_year=hetu.birth_year if hetu else birth_year,
        created_at=NOW,
        version=1,
        highest_care_allowance=allowance,
    )


# Who gets the statutory limit -------------------------------------------------------


@pytest.mark.parametrize(
    ("birth", "on", "expected", "why"),
    [
        (D(1951, 11, 25), D(2026, 11, 24), False, "the day before the 75th birthday"),
        (D(1951, 11, 25), D(2026, 11, 25), True, "on the 75th birthday"),
        (D(1951, 11, 25), D(2026, 11, 26), True, "the day after"),
        (D(1940, 1, 1), D(2026, 11, 24), True, "well over 75"),
        (D(1985, 6, 1), D(2026, 11, 24), False, "a working-age client"),
        (D(1952, 2, 29), D(2027, 2, 28), False, "born 29 Feb: not yet on 28 Feb of a common year"),
        (D(1952, 2, 29), D(2027, 3, 1), True, "born 29 Feb: 75 on 1 March of a common year"),
        (D(1952, 2, 29), D(2027, 2, 27), False, "born 29 Feb: two days before"),
    ],
)
def test_age_from_the_hetu(birth: dt.date, on: dt.date, expected: bool, why: str) -> None:
    assert is_statutory(client(birth=birth), on) is expected, why


def test_with_only_a_birth_year_the_birthday_is_taken_as_1_january() -> None:
    """Conservative: the statutory limit applies from the start of the year the client turns 75."""
    only_year = client(birth_year=1951)
    assert not is_statutory(only_year, D(2025, 12, 31))
    assert is_statutory(only_year, D(2026, 1, 1))
    assert is_statutory(only_year, D(2026, 11, 24))


def test_the_hetu_outranks_the_birth_year() -> None:
    """The hetu gives the real birthday: in 2026 the client is still 74 until 25 Nov."""
    assert not is_statutory(client(birth=D(1951, 11, 25)), D(2026, 1, 2))


def test_unknown_age_is_not_statutory_unless_on_the_highest_care_allowance() -> None:
    assert not is_statutory(client(), TODAY)
    assert is_statutory(client(allowance=True), TODAY)


def test_the_highest_care_allowance_applies_at_any_age() -> None:
    assert is_statutory(client(birth=D(1990, 5, 5), allowance=True), TODAY)


# Due dates --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "since", "expected", "why"),
    [
        (client(birth=D(1940, 3, 3)), D(2026, 11, 23), D(2026, 12, 2), "7th working day"),
        (client(), D(2026, 11, 23), D(2026, 12, 7), "10th working day, Independence Day Sunday"),
        (client(allowance=True), D(2026, 4, 2), D(2026, 4, 15), "Easter: Good Friday, Monday"),
        (client(), D(2026, 4, 2), D(2026, 4, 20), "Easter, the target"),
        (client(allowance=True), D(2026, 12, 21), D(2027, 1, 4), "Christmas and New Year"),
        (client(), D(2026, 12, 21), D(2027, 1, 8), "Christmas, New Year and Epiphany"),
        (client(allowance=True), D(2026, 11, 28), D(2026, 12, 8), "pending on a Saturday"),
        (client(allowance=True), D(2026, 6, 18), D(2026, 6, 30), "Midsummer"),
    ],
)
def test_due_dates(who: Client, since: dt.date, expected: dt.date, why: str) -> None:
    assert due_date(who, since, RULES) == expected, why


def test_the_birthday_decides_on_the_day_the_matter_became_pending() -> None:
    turning = client(birth=D(1951, 11, 25))
    assert due_date(turning, D(2026, 11, 24), RULES) == D(2026, 12, 8)  # 10 working days
    assert due_date(turning, D(2026, 11, 25), RULES) == D(2026, 12, 4)  # 7 working days


def test_the_target_and_the_statutory_limit_are_configuration() -> None:
    rules = DeadlineRules(statutory_working_days=3, target_working_days=5)
    assert due_date(client(), D(2026, 11, 23), rules) == D(2026, 11, 30)
    assert due_date(client(allowance=True), D(2026, 11, 23), rules) == D(2026, 11, 26)


def test_defaults() -> None:
    assert RULES.statutory_working_days == 7
    assert RULES.target_working_days == 10
    assert RULES.warn_working_days == 2


@pytest.mark.parametrize(
    "fields",
    [
        {"statutory_working_days": 0},
        {"target_working_days": 0},
        {"warn_working_days": -1},
    ],
)
def test_rules_that_make_no_sense_are_refused(fields: dict[str, int]) -> None:
    with pytest.raises(ValidationError):
        DeadlineRules.model_validate(fields)


def test_no_warning_time_is_allowed() -> None:
    assert DeadlineRules(warn_working_days=0).warn_working_days == 0


# Days left in words -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "today", "left", "why"),
    [
        (D(2026, 11, 24), TODAY, 0, "due today"),
        (D(2026, 11, 25), TODAY, 1, "tomorrow"),
        (D(2026, 11, 26), TODAY, 2, "the day after"),
        (D(2026, 11, 30), D(2026, 11, 27), 1, "Friday to Monday is one working day"),
        (D(2026, 11, 30), D(2026, 11, 28), 1, "Saturday to Monday too"),
        (D(2026, 11, 23), TODAY, -1, "yesterday"),
        (D(2026, 11, 20), TODAY, -2, "last Friday"),
        (D(2026, 11, 27), D(2026, 11, 28), -1, "a Friday deadline is late on Saturday"),
        (D(2026, 12, 23), D(2026, 12, 28), -1, "Christmas does not count"),
        (D(2026, 12, 30), D(2027, 1, 4), -2, "nor New Year's Day"),
    ],
)
def test_working_days_left(due: dt.date, today: dt.date, left: int, why: str) -> None:
    assert working_days_left(due, today) == left, why


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (-2, "myöhässä 2 arkipäivää"),
        (-1, "myöhässä 1 arkipäivän"),
        (0, "erääntyy tänään"),
        (1, "1 arkipäivä jäljellä"),
        (2, "2 arkipäivää jäljellä"),
    ],
)
def test_status_in_finnish(left: int, words: str) -> None:
    assert status_text(left) == words


def test_status_in_english() -> None:
    set_language("en")
    assert status_text(-2) == "2 working days overdue"
    assert status_text(-1) == "1 working day overdue"
    assert status_text(0) == "due today"
    assert status_text(1) == "1 working day left"
    assert status_text(3) == "3 working days left"


def test_a_client_without_a_name_is_named_by_number_never_by_hetu() -> None:
    nameless = client(name=None, birth=D(1940, 3, 3), client_id=42)
    assert client_label(nameless) == "nimetön asiakas #42"
    assert client_label(client()) == "Testi Tiina"


# Use cases on an in-memory unit of work ----------------------------------------------


ACTOR = Staff(id=7, name="Vastaanotto Veera")
CLOCK = FixedClock(NOW)


@pytest.fixture
def fake() -> FakeUnitOfWork:
    fake = FakeUnitOfWork(CLOCK)
    fake.seed_clients(
        client(client_id=1, birth=D(1945, 2, 2), name="Vanha Väinö"),
        client(client_id=2, birth=D(1990, 9, 9), name="Nuori Niina"),
        client(client_id=3, name=None, birth_year=1988),
    )
    return fake


def uow(fake: FakeUnitOfWork) -> UnitOfWork:
    return fake


def test_making_pending_defaults_to_today_and_sets_the_due_date(fake: FakeUnitOfWork) -> None:
    old = make_pending(uow(fake), 1, None, RULES, actor=ACTOR, clock=CLOCK)
    assert (old.pending_since, old.due_on, old.statutory) == (TODAY, D(2026, 12, 3), True)
    assert old.recorded_by == ACTOR.id
    young = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    assert (young.due_on, young.statutory) == (D(2026, 12, 4), False)
    assert fake.audits == [
        (7, AccessAction.PENDING_ASSESSMENT_UPDATED, 1),
        (7, AccessAction.PENDING_ASSESSMENT_UPDATED, 2),
    ]
    assert fake.commits == 2


def test_a_matter_cannot_become_pending_tomorrow(fake: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_pending(uow(fake), 1, D(2026, 11, 25), RULES, actor=ACTOR, clock=CLOCK)
    assert refused.value.fields == {
        "pending_since": "Vireilletulopäivä ei voi olla tulevaisuudessa."
    }
    assert not fake.committed.pending_assessments


def test_a_date_years_back_is_taken_for_a_typo(fake: FakeUnitOfWork) -> None:
    with pytest.raises(InvalidInput) as refused:
        make_pending(uow(fake), 1, D(2025, 11, 1), RULES, actor=ACTOR, clock=CLOCK)
    assert "pending_since" in refused.value.fields
    # Within a year is fine.
    make_pending(uow(fake), 1, D(2025, 12, 1), RULES, actor=ACTOR, clock=CLOCK)


def test_a_second_open_assessment_for_the_same_client_is_refused(fake: FakeUnitOfWork) -> None:
    first = make_pending(uow(fake), 1, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    with pytest.raises(DomainError) as refused:
        make_pending(uow(fake), 1, None, RULES, actor=ACTOR, clock=CLOCK)
    assert refused.value.message == (
        "Asiakkaalla on jo vireillä palvelutarpeen arviointi (20.11.2026 alkaen, määräaika "
        "1.12.2026). Merkitse se aloitetuksi ennen uutta."
    )
    assert not isinstance(refused.value, InvalidInput)
    # Once the first has started, a new matter may become pending.
    mark_started(uow(fake), first.id, TODAY, first.version, actor=ACTOR, clock=CLOCK)
    second = make_pending(uow(fake), 1, None, RULES, actor=ACTOR, clock=CLOCK)
    assert second.id != first.id


def test_an_unknown_client_cannot_become_pending(fake: FakeUnitOfWork) -> None:
    with pytest.raises(NotFound):
        make_pending(uow(fake), 99, None, RULES, actor=ACTOR, clock=CLOCK)


def test_marking_started_defaults_to_today(fake: FakeUnitOfWork) -> None:
    pending = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    started = mark_started(uow(fake), pending.id, None, pending.version, actor=ACTOR, clock=CLOCK)
    assert started.started_on == TODAY
    assert fake.audits[-1] == (7, AccessAction.PENDING_ASSESSMENT_UPDATED, 2)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (D(2026, 11, 25), "Aloituspäivä ei voi olla tulevaisuudessa."),
        (D(2026, 11, 19), "Arviointi ei voi alkaa ennen vireilletuloa (20.11.2026)."),
    ],
)
def test_a_start_date_outside_the_pending_time_is_refused_at_the_field(
    fake: FakeUnitOfWork, day: dt.date, message: str
) -> None:
    pending = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    with pytest.raises(InvalidInput) as refused:
        mark_started(uow(fake), pending.id, day, pending.version, actor=ACTOR, clock=CLOCK)
    assert refused.value.fields == {"started_on": message}
    assert fake.committed.pending_assessments[pending.id].started_on is None


def test_the_start_day_may_be_the_pending_day(fake: FakeUnitOfWork) -> None:
    pending = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    started = mark_started(
        uow(fake), pending.id, D(2026, 11, 20), pending.version, actor=ACTOR, clock=CLOCK
    )
    assert started.started_on == D(2026, 11, 20)


def test_an_assessment_is_marked_started_once(fake: FakeUnitOfWork) -> None:
    pending = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    started = mark_started(
        uow(fake), pending.id, D(2026, 11, 23), pending.version, actor=ACTOR, clock=CLOCK
    )
    with pytest.raises(DomainError) as refused:
        mark_started(uow(fake), pending.id, TODAY, started.version, actor=ACTOR, clock=CLOCK)
    assert refused.value.message == "Arviointi on jo merkitty aloitetuksi 23.11.2026."


def test_a_stale_version_is_refused(fake: FakeUnitOfWork) -> None:
    pending = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    with pytest.raises(StaleVersion):
        mark_started(uow(fake), pending.id, TODAY, pending.version + 5, actor=ACTOR, clock=CLOCK)


def test_another_clients_assessment_is_not_marked_from_this_client(
    fake: FakeUnitOfWork,
) -> None:
    pending = make_pending(uow(fake), 2, D(2026, 11, 20), RULES, actor=ACTOR, clock=CLOCK)
    with pytest.raises(DomainError, match="toiselle|ei kuulu"):
        mark_started(
            uow(fake), pending.id, TODAY, pending.version, actor=ACTOR, clock=CLOCK, client_id=1
        )


def test_recording_the_highest_care_allowance_makes_the_next_deadline_statutory(
    fake: FakeUnitOfWork,
) -> None:
    saved = set_highest_care_allowance(uow(fake), 2, True, 1, RULES, actor=ACTOR)
    assert saved.highest_care_allowance
    assert fake.audits == [(7, AccessAction.CARE_ALLOWANCE_UPDATED, 2)]
    pending = make_pending(uow(fake), 2, None, RULES, actor=ACTOR, clock=CLOCK)
    assert (pending.statutory, pending.due_on) == (True, D(2026, 12, 3))
    with pytest.raises(StaleVersion):
        set_highest_care_allowance(uow(fake), 2, False, 1, RULES, actor=ACTOR)


def test_an_allowance_recorded_late_moves_the_open_deadline_not_a_started_one(
    fake: FakeUnitOfWork,
) -> None:
    started = make_pending(uow(fake), 2, D(2026, 11, 2), RULES, actor=ACTOR, clock=CLOCK)
    mark_started(uow(fake), started.id, D(2026, 11, 10), 1, actor=ACTOR, clock=CLOCK)
    open_one = make_pending(uow(fake), 2, None, RULES, actor=ACTOR, clock=CLOCK)
    assert (open_one.statutory, open_one.due_on) == (False, D(2026, 12, 8))
    set_highest_care_allowance(uow(fake), 2, True, 1, RULES, actor=ACTOR)
    with uow(fake) as work:
        moved = work.pending_assessments.get(open_one.id)
        kept = work.pending_assessments.get(started.id)
    assert (moved.statutory, moved.due_on) == (True, D(2026, 12, 3))
    assert (kept.statutory, kept.due_on) == (started.statutory, started.due_on)


def test_the_start_view_lists_overdue_first_and_what_is_near(fake: FakeUnitOfWork) -> None:
    # Due 3.12 (statutory, 7 days from today): not near with 2 warning days.
    make_pending(uow(fake), 1, None, RULES, actor=ACTOR, clock=CLOCK)
    # Due 24.11 (target, 10 working days from 10.11): due today.
    make_pending(uow(fake), 2, D(2026, 11, 10), RULES, actor=ACTOR, clock=CLOCK)
    # Due 20.11: overdue by two working days.
    make_pending(uow(fake), 3, D(2026, 11, 6), RULES, actor=ACTOR, clock=CLOCK)
    fake.audits.clear()
    lines = deadlines_for(uow(fake), None, TODAY, RULES, actor=ACTOR)
    assert [(line.client, line.due_on, line.working_days_left, line.status) for line in lines] == [
        ("nimetön asiakas #3", D(2026, 11, 20), -2, "myöhässä 2 arkipäivää"),
        ("Nuori Niina", D(2026, 11, 24), 0, "erääntyy tänään"),
    ]
    assert lines[0].overdue and not lines[1].overdue
    assert not lines[0].statutory
    assert sorted(fake.audits) == [
        (7, AccessAction.DEADLINES_LISTED, 2),
        (7, AccessAction.DEADLINES_LISTED, 3),
    ]
    # A longer warning time reaches the statutory one too.
    wide = deadlines_for(uow(fake), None, TODAY, DeadlineRules(warn_working_days=7), actor=ACTOR)
    assert [line.client for line in wide][-1] == "Vanha Väinö"
    assert wide[-1].status == "7 arkipäivää jäljellä"
    assert wide[-1].statutory
