"""The demo data on a real SQLite file, and on PostgreSQL where the demo does more there.

The demo is read through the same use cases as the desk uses, so a queue that
looks wrong here would look wrong on screen too.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain.accounts import DEMO_ADMIN
from domain.case_management import EndReason
from domain.clock import HELSINKI, FixedClock, local_day_bounds, local_today
from domain.deadlines import is_public_holiday
from domain.feedback import FeedbackKind
from domain.identity import parse_hetu
from domain.opening_hours import OpeningHours, format_week, is_within_hours
from domain.search import name_words, typo_keys
from domain.staff import Staff, StaffRole
from domain.text import normalise_name
from domain.use_cases import accounts
from domain.use_cases.catalogue import list_services
from domain.use_cases.opening_hours import configure_location, location_hours
from domain.use_cases.reception import (
    identify_location,
    identify_staff,
    search_clients,
    todays_queue,
)
from domain.visits import Urgency, VisitState
from storage.demo import (
    CASE_MANAGERS,
    EARLY_SUPPORT_SERVICES,
    STAFF_NAMES,
    STAFF_ROLES,
    TEAM_NAME,
    DemoSummary,
    fill_demo,
)
from storage.engine import build_engine, build_session_factory
from storage.orm import (
    AccessEventRow,
    CaseManagerRow,
    ClientNameWordRow,
    ClientRow,
    FeedbackRow,
    LocationRow,
    NameTypoKeyRow,
    NameWordRow,
    NetworkMemberRow,
    PendingAssessmentRow,
    StaffRow,
    TeamMemberRow,
    TeamRow,
    VisitRow,
)
from storage.unit_of_work import SqlUnitOfWork
from tests.database_templates import MigratedTemplates
from tui.cli import main

NOW = dt.datetime(2026, 11, 24, 12, 30, tzinfo=dt.UTC)
CODE = "demo-asema"
NAME = "Demoaseman hyvinvointiasema"
ACTOR = "Testi Työntekijä"


def new_database(path: Path, migrated: MigratedTemplates) -> sessionmaker[Session]:
    """A migrated database at ``path``, copied from the template (migrating takes a second)."""
    return build_session_factory(build_engine(migrated.sqlite_copy(path)))


def fill(
    factory: sessionmaker[Session],
    *,
    seed: int = 7,
    clients: int = 300,
    days: int = 120,
    progress: Any = None,
) -> DemoSummary:
    return fill_demo(
        factory,
        clock=FixedClock(NOW),
        rng=random.Random(seed),
        location_code=CODE,
        location_name=NAME,
        clients=clients,
        days=days,
        progress=progress,
    )


@dataclass(frozen=True)
class Filled:
    factory: sessionmaker[Session]
    summary: DemoSummary
    progress: list[tuple[int, int]]
    access_events_after_fill: int


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory, migrated: MigratedTemplates) -> Filled:
    factory = new_database(tmp_path_factory.mktemp("demo") / "demo.db", migrated)
    calls: list[tuple[int, int]] = []
    summary = fill(factory, progress=lambda done, total: calls.append((done, total)))
    with factory() as session:
        events = session.scalar(select(func.count()).select_from(AccessEventRow)) or 0
    return Filled(factory, summary, calls, events)


def clients_of(factory: sessionmaker[Session]) -> list[ClientRow]:
    with factory() as session:
        return list(session.scalars(select(ClientRow).order_by(ClientRow.id)))


def visits_of(factory: sessionmaker[Session]) -> list[VisitRow]:
    with factory() as session:
        return list(session.scalars(select(VisitRow).order_by(VisitRow.id)))


def test_counts_match_the_summary(filled: Filled) -> None:
    summary = filled.summary
    assert summary.clients == len(clients_of(filled.factory)) == 300
    assert summary.visits == len(visits_of(filled.factory))
    # About 10/3 visits per client per year over 120 days, plus today's queue.
    assert 200 <= summary.visits <= 500
    with filled.factory() as session:
        staff = set(session.scalars(select(StaffRow.name)))
    assert staff == set(STAFF_NAMES)


def test_the_catalogue_has_active_services(filled: Filled) -> None:
    services = list_services(SqlUnitOfWork(filled.factory, FixedClock(NOW)))
    assert len(services) >= 10 and all(service.active for service in services)


def test_the_access_log_gets_nothing(filled: Filled) -> None:
    assert filled.access_events_after_fill == 0


def test_progress_counts_up_to_the_total(filled: Filled) -> None:
    total = filled.summary.clients + filled.summary.visits
    assert filled.progress[0] == (0, total)
    assert filled.progress[-1] == (total, total)
    done = [d for d, _ in filled.progress]
    assert done == sorted(done)


def test_hetus_are_temporary_unique_and_never_permanent(filled: Filled) -> None:
    clients = clients_of(filled.factory)
    codes = [c.hetu for c in clients if c.hetu]
    assert len(codes) == len(set(codes))
    assert 0.7 <= len(codes) / len(clients) <= 0.9
    for client in clients:
        if client.hetu is None:
            continue
        hetu = parse_hetu(client.hetu, allow_temporary=True)
        assert hetu.temporary
        assert 900 <= hetu.individual_number <= 999
        assert client.birth_year == hetu.birth_year
        with pytest.raises(ValueError):
            parse_hetu(client.hetu)


def test_clients_look_like_people(filled: Filled) -> None:
    clients = clients_of(filled.factory)
    today = local_today(FixedClock(NOW))
    for client in clients:
        assert client.name_key == normalise_name(client.name or "")
        assert client.version == 1
        if client.birth_year is not None:
            assert 18 <= today.year - client.birth_year <= 81
    names = " ".join(c.name for c in clients if c.name)
    assert any(letter in names for letter in "äöå")


def test_every_client_exists_before_their_first_visit(filled: Filled) -> None:
    created = {c.id: c.created_at for c in clients_of(filled.factory)}
    first: dict[int, dt.datetime] = {}
    for visit in visits_of(filled.factory):
        if visit.client_id is not None:
            first[visit.client_id] = min(first.get(visit.client_id, NOW), visit.arrived_at)
    assert first
    for client_id, arrived in first.items():
        assert created[client_id] < arrived
    assert all(at <= NOW for at in created.values())


def test_some_clients_come_back(filled: Filled) -> None:
    counts = Counter(v.client_id for v in visits_of(filled.factory) if v.client_id is not None)
    assert sum(1 for n in counts.values() if n >= 3) >= 5


def test_visit_times_are_ordered_and_consistent(filled: Filled) -> None:
    visits = visits_of(filled.factory)
    assert 0.1 <= sum(v.client_id is None for v in visits) / len(visits) <= 0.3
    assert 0.03 <= sum(v.urgency is Urgency.URGENT for v in visits) / len(visits) <= 0.2
    for visit in visits:
        assert visit.arrived_at <= NOW
        if visit.called_at is not None:
            assert visit.arrived_at <= visit.called_at
            assert visit.called_by is not None
        if visit.ended_at is not None:
            assert visit.arrived_at <= visit.ended_at
            assert visit.ended_by is not None
            if visit.called_at is not None:
                assert visit.called_at <= visit.ended_at
        match visit.state:
            case VisitState.WAITING:
                assert visit.called_at is None and visit.ended_at is None
            case VisitState.IN_SERVICE:
                assert visit.called_at is not None and visit.ended_at is None
            case VisitState.DONE:
                assert visit.called_at is not None and visit.ended_at is not None
            case VisitState.LEFT:
                assert visit.ended_at is not None


def hours_of(factory: sessionmaker[Session]) -> list[OpeningHours]:
    with factory() as session:
        location = session.scalars(select(LocationRow).where(LocationRow.code == CODE)).one()
    return location_hours(SqlUnitOfWork(factory, FixedClock(NOW)), location.id)


def test_the_location_gets_walk_in_hours_and_the_demo_team(filled: Filled) -> None:
    assert format_week(hours_of(filled.factory)) == "ti 12–15, to 9–12"
    with filled.factory() as session:
        location = session.scalars(select(LocationRow).where(LocationRow.code == CODE)).one()
        team = session.get_one(TeamRow, location.team_id)
        members = session.scalar(
            select(func.count()).select_from(TeamMemberRow).where(TeamMemberRow.team_id == team.id)
        )
    assert team.name == TEAM_NAME
    assert members == len(CASE_MANAGERS)


def test_past_visits_fall_in_walk_in_hours_and_a_few_outside(filled: Filled) -> None:
    """The flag says what the hours say, as registering at the desk would set it."""
    start_of_today, _ = local_day_bounds(local_today(FixedClock(NOW)))
    hours = hours_of(filled.factory)
    visits = visits_of(filled.factory)
    past = [v for v in visits if v.arrived_at < start_of_today]
    assert past
    for visit in visits:
        assert visit.outside_hours is not is_within_hours(hours, visit.arrived_at)
    for visit in past:
        local = visit.arrived_at.astimezone(HELSINKI)
        assert local.weekday() in (1, 3)  # Tuesday, Thursday
        assert not is_public_holiday(local.date())
        if visit.outside_hours:  # just before opening or after closing
            assert 8 <= local.hour < 16
    outside = sum(v.outside_hours for v in past)
    assert 0 < outside <= 0.1 * len(past)
    assert {v.state for v in past} == {VisitState.DONE, VisitState.LEFT}


def test_done_visits_say_whether_feedback_instructions_were_given(filled: Filled) -> None:
    visits = visits_of(filled.factory)
    done = [v.feedback_given for v in visits if v.state is VisitState.DONE]
    assert set(done) == {True, False}
    assert 0.6 <= done.count(True) / len(done) <= 0.95
    assert all(v.feedback_given is None for v in visits if v.state is not VisitState.DONE)


def test_some_catalogue_services_are_early_support(filled: Filled) -> None:
    services = list_services(SqlUnitOfWork(filled.factory, FixedClock(NOW)))
    early = {service.name for service in services if service.early_support}
    assert early == EARLY_SUPPORT_SERVICES


def test_case_managers_one_active_at_a_time_and_closures_recorded(filled: Filled) -> None:
    with filled.factory() as session:
        rows = list(session.scalars(select(CaseManagerRow)))
        members = {
            (m.client_id, m.professional_id) for m in session.scalars(select(NetworkMemberRow))
        }
    assert rows
    active = Counter(row.client_id for row in rows if row.ended_at is None)
    assert active and max(active.values()) == 1
    closed = [row for row in rows if row.ended_at and row.end_reason is not EndReason.REPLACED]
    assert closed and all(row.feedback_given is not None for row in closed)
    assert sum(bool(row.feedback_given) for row in closed) >= len(closed) / 2
    assert any(row.end_reason is EndReason.REPLACED for row in rows)
    for row in rows:
        assert row.started_at <= NOW
        assert (row.client_id, row.professional_id) in members
        if row.ended_at is not None:
            assert row.started_at < row.ended_at <= NOW
            assert row.end_reason is not None
        if row.end_reason is EndReason.REPLACED:
            assert row.feedback_given is None


def test_pending_assessments_cover_every_deadline_case(filled: Filled) -> None:
    today = local_today(FixedClock(NOW))
    with filled.factory() as session:
        rows = list(session.scalars(select(PendingAssessmentRow)))
        clients = {c.id: c for c in session.scalars(select(ClientRow))}
    assert rows
    for row in rows:
        assert row.pending_since <= today
        assert row.pending_since < row.due_on
        if row.started_on is not None:
            assert row.pending_since <= row.started_on <= today
        client = clients[row.client_id]
        if row.statutory:
            assert client.highest_care_allowance or (
                client.birth_year is not None and today.year - client.birth_year >= 75
            )
    assert any(row.statutory for row in rows)
    assert any(r.started_on is not None and r.started_on <= r.due_on for r in rows)
    assert any(r.started_on is not None and r.started_on > r.due_on for r in rows)
    assert any(r.started_on is None for r in rows)
    assert len({row.client_id for row in rows}) == len(rows)  # one pending at a time


def test_feedback_of_both_kinds_some_anonymous(filled: Filled) -> None:
    with filled.factory() as session:
        rows = list(session.scalars(select(FeedbackRow)))
        visits = {v.id: v for v in session.scalars(select(VisitRow))}
        assignments = {a.id: a for a in session.scalars(select(CaseManagerRow))}
    assert {row.kind for row in rows} == {FeedbackKind.VISIT, FeedbackKind.CLOSURE}
    assert {row.anonymous for row in rows} == {True, False}
    assert {row.score for row in rows} <= {1, 2, 3, 4, 5}
    assert any(row.text for row in rows)
    for row in rows:
        assert row.recorded_at <= NOW
        if row.anonymous:
            assert row.client_id is None and row.visit_id is None and row.assignment_id is None
        if row.kind is FeedbackKind.VISIT:
            assert row.staff_id is not None and row.location_id is not None
            if row.visit_id is not None:
                visit = visits[row.visit_id]
                assert visit.feedback_given and visit.client_id == row.client_id
                assert visit.ended_at is not None and visit.ended_at <= row.recorded_at
        else:
            assert row.professional_id is not None
            if row.assignment_id is not None:
                assignment = assignments[row.assignment_id]
                assert assignment.feedback_given and assignment.client_id == row.client_id


def test_todays_queue_through_the_use_case(filled: Filled) -> None:
    clock = FixedClock(NOW)
    uow = SqlUnitOfWork(filled.factory, clock)
    actor = identify_staff(uow, ACTOR)
    location = identify_location(uow, CODE, NAME)
    queue = todays_queue(uow, actor=actor, location=location, clock=clock)

    states = [entry.visit.state for entry in queue]
    assert 6 <= len(queue) <= 8
    assert states.count(VisitState.WAITING) == filled.summary.today_waiting >= 3
    assert 1 <= states.count(VisitState.IN_SERVICE) <= 2
    assert states.count(VisitState.DONE) == 1
    first = queue[0].visit
    assert first.state is VisitState.WAITING and first.urgency is Urgency.URGENT
    assert sum(entry.client is None for entry in queue) == 1
    assert all(entry.visit.arrived_at <= NOW for entry in queue)
    assert all(entry.visit.arrived_at >= NOW - dt.timedelta(minutes=90) for entry in queue)


def test_a_surname_fragment_finds_a_generated_client(filled: Filled) -> None:
    clock = FixedClock(NOW)
    uow = SqlUnitOfWork(filled.factory, clock)
    actor = identify_staff(uow, ACTOR)
    client = next(c for c in clients_of(filled.factory) if c.name and "ä" in c.name)
    assert client.name is not None
    surname = client.name.split()[0]
    fragment = surname[1:5].upper()
    found = search_clients(uow, fragment, actor=actor, limit=1000)
    assert client.id in {c.id for c in found}


def test_a_typo_in_a_generated_name_finds_the_client(filled: Filled) -> None:
    clock = FixedClock(NOW)
    uow = SqlUnitOfWork(filled.factory, clock)
    actor = identify_staff(uow, ACTOR)
    client = next(c for c in clients_of(filled.factory) if c.name and len(c.name.split()[0]) >= 8)
    surname, first = client.name_key.split()
    typed = surname[:3] + surname[4:]  # the fourth letter left out
    found = search_clients(uow, f"{typed} {first}", actor=actor, limit=1000)
    assert client.id in {c.id for c in found}


def test_the_typo_index_holds_every_generated_name(filled: Filled) -> None:
    assert_typo_index_matches_names(filled.factory)


def assert_typo_index_matches_names(factory: sessionmaker[Session]) -> None:
    """The bulk insert indexed exactly the names it wrote, each word under all its keys."""
    with factory() as session:
        names = session.execute(select(ClientRow.id, ClientRow.name_key)).all()
        words = session.execute(select(ClientNameWordRow.client_id, ClientNameWordRow.word))
        keys = session.execute(select(NameTypoKeyRow.key, NameTypoKeyRow.word))
        indexed = {(row.client_id, row.word) for row in words}
        keyed = {(row.key, row.word) for row in keys}
        distinct = set(session.scalars(select(NameWordRow.word)))
    assert indexed == {(row.id, word) for row in names for word in name_words(row.name_key)}
    assert distinct == {word for _, word in indexed}
    assert keyed == {(key, word) for word in distinct for key in typo_keys(word)}


def test_the_same_seed_gives_the_same_data(
    filled: Filled, tmp_path: Path, migrated: MigratedTemplates
) -> None:
    other = new_database(tmp_path / "demo.db", migrated)
    assert fill(other) == filled.summary

    def client_key(c: ClientRow) -> tuple[object, ...]:
        return (c.id, c.name, c.hetu, c.birth_year, c.created_at)

    def visit_key(v: VisitRow) -> tuple[object, ...]:
        return (v.client_id, v.reason, v.channel, v.urgency, v.state, v.arrived_at, v.ended_at)

    assert [client_key(c) for c in clients_of(other)] == [
        client_key(c) for c in clients_of(filled.factory)
    ]
    assert [visit_key(v) for v in visits_of(other)] == [
        visit_key(v) for v in visits_of(filled.factory)
    ]


def test_a_second_fill_adds_beside_existing_data(
    tmp_path: Path, migrated: MigratedTemplates
) -> None:
    factory = new_database(tmp_path / "demo.db", migrated)
    first = fill(factory, clients=40, days=30)
    second = fill(factory, clients=40, days=30)  # same seed: the same codes come up again
    clients = clients_of(factory)
    assert len(clients) == first.clients + second.clients
    codes = [c.hetu for c in clients if c.hetu]
    assert len(codes) == len(set(codes))
    assert len(visits_of(factory)) == first.visits + second.visits
    assert_typo_index_matches_names(factory)  # words the first fill had, keyed once


def test_an_empty_demo_still_has_a_queue(tmp_path: Path, migrated: MigratedTemplates) -> None:
    factory = new_database(tmp_path / "demo.db", migrated)
    summary = fill(factory, clients=0, days=0)
    assert summary.clients == 0
    assert 6 <= summary.visits <= 8
    assert all(v.client_id is None for v in visits_of(factory))


def test_negative_sizes_are_refused(tmp_path: Path, migrated: MigratedTemplates) -> None:
    factory = new_database(tmp_path / "demo.db", migrated)
    with pytest.raises(ValueError):
        fill(factory, clients=-1)


def test_a_location_with_its_own_hours_keeps_them_and_the_history_follows(
    tmp_path: Path, actor: Staff, migrated: MigratedTemplates
) -> None:
    factory = new_database(tmp_path / "demo.db", migrated)
    clock = FixedClock(NOW)
    configure_location(
        SqlUnitOfWork(factory, clock),
        CODE,
        NAME,
        hours_text="ma 9-11, 11-12, ke 13-15.30",
        actor=actor,
    )
    fill(factory, clients=60, days=60)
    hours = hours_of(factory)
    assert format_week(hours) == "ma 9–11, 11–12, ke 13–15.30"
    past = [v for v in visits_of(factory) if v.arrived_at < local_day_bounds(NOW.date())[0]]
    assert {v.arrived_at.astimezone(HELSINKI).weekday() for v in past} == {0, 2}
    for visit in visits_of(factory):
        assert visit.outside_hours is not is_within_hours(hours, visit.arrived_at)


def test_a_larger_demo_has_every_kind_of_closure_and_deadline(
    tmp_path: Path, migrated: MigratedTemplates
) -> None:
    factory = new_database(tmp_path / "demo.db", migrated)
    fill(factory, clients=2000, days=365)
    with factory() as session:
        closures = set(
            session.scalars(
                select(CaseManagerRow.feedback_given).where(
                    CaseManagerRow.ended_at.is_not(None),
                    CaseManagerRow.end_reason != EndReason.REPLACED,
                )
            )
        )
        allowance = session.scalar(
            select(func.count())
            .select_from(PendingAssessmentRow)
            .join(ClientRow, ClientRow.id == PendingAssessmentRow.client_id)
            .where(PendingAssessmentRow.statutory, ClientRow.highest_care_allowance)
        )
    assert closures == {True, False}
    assert allowance


def test_the_demo_fills_either_engine_ready_to_search(database_url: str) -> None:
    """On PostgreSQL the demo ends with ``VACUUM (ANALYZE)``: the planner knows the
    bulk-loaded rows, and the tables are vacuumed as autovacuum would leave them,
    so the first searches are planned for 100 000 clients, not for none."""
    factory = build_session_factory(build_engine(database_url))
    summary = fill(factory, clients=60, days=20)
    assert summary.clients == 60
    client = next(c for c in clients_of(factory) if c.name)
    assert client.name is not None
    uow = SqlUnitOfWork(factory, FixedClock(NOW))
    actor = identify_staff(uow, ACTOR)
    found = search_clients(uow, client.name, actor=actor, limit=1000)
    assert client.id in {c.id for c in found}
    with factory() as session:
        if session.get_bind().dialect.name == "postgresql":
            # Whether VACUUM could mark the pages all-visible depends on snapshots
            # that other sessions (autovacuum's ANALYZE) hold at that moment; that
            # it ran, and that the planner knows the rows, does not.
            vacuums, estimated = session.execute(
                text(
                    "SELECT s.vacuum_count, c.reltuples FROM pg_stat_user_tables s "
                    "JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'clients'"
                )
            ).one()
            assert vacuums == 1
            assert estimated == 60


# `rinnalla demo` on the command line -------------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_demo_accounts() -> dict[str, str]:
    """The demo accounts the README lists: name → passphrase (`Name` / `passphrase`)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Demo data", 1)[1].split("\n## ", 1)[0]
    pairs = re.findall(r"`([^`]+)` /\s+`([^`]+)`", section)
    return dict(pairs)


def demo_cli(url: str, *extra: str) -> list[str]:
    return ["demo", "--db", url, "--clients", "4", "--days", "3", "--lang", "en", *extra]


def staff_and_clients(url: str) -> tuple[int, int]:
    with build_session_factory(build_engine(url))() as session:
        staff = session.scalar(select(func.count()).select_from(StaffRow)) or 0
        clients = session.scalar(select(func.count()).select_from(ClientRow)) or 0
    return staff, clients


def assert_every_readme_account_logs_in(url: str) -> None:
    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(build_session_factory(build_engine(url)), FixedClock(NOW))

    listed = readme_demo_accounts()
    assert DEMO_ADMIN[0] in listed and set(STAFF_NAMES) <= set(listed)
    for name, passphrase in listed.items():
        staff = accounts.log_in(uow(), name, passphrase, clock=FixedClock(NOW))
        expected = StaffRole.ADMIN if name == DEMO_ADMIN[0] else STAFF_ROLES[name]
        assert staff.role is expected, name


def test_demo_after_the_first_administrator_still_gives_every_readme_account(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], migrated: MigratedTemplates
) -> None:
    """The README's order: first start (the administrator), then the demo."""
    url = f"sqlite:///{tmp_path / 'admin-first.db'}"
    factory = new_database(tmp_path / "admin-first.db", migrated)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory, FixedClock(NOW))

    accounts.create_first_admin(
        uow(), "Oma Pääkäyttäjä", "oma pitkä tunnuslause", "oma pitkä tunnuslause",
        clock=FixedClock(NOW),
    )  # fmt: skip
    assert main(demo_cli(url)) == 0
    out = capsys.readouterr().out
    assert "Demo accounts" in out and "demo-sanna-2026" in out
    assert_every_readme_account_logs_in(url)
    accounts.log_in(uow(), "Oma Pääkäyttäjä", "oma pitkä tunnuslause", clock=FixedClock(NOW))


def test_demo_first_then_the_first_start_logs_in_with_the_readme_accounts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo-first.db'}"
    assert main(demo_cli(url)) == 0
    capsys.readouterr()
    factory = build_session_factory(build_engine(url))
    # The first start finds accounts, so it shows the login, not the first-admin form.
    assert not accounts.needs_first_admin(SqlUnitOfWork(factory, FixedClock(NOW)))
    assert_every_readme_account_logs_in(url)


def test_demo_refuses_a_database_with_clients_unless_asked_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'twice.db'}"
    assert main(demo_cli(url)) == 0
    capsys.readouterr()
    staff, clients = staff_and_clients(url)
    assert clients == 4

    assert main(demo_cli(url)) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "The database already holds 4 clients; no example data was added. "
        "To add it anyway: rinnalla demo --add"
    ]
    assert staff_and_clients(url) == (staff, 4)

    assert main(demo_cli(url, "--add")) == 0
    out = capsys.readouterr().out
    assert "section Demo data" in out  # the accounts existed; nothing new is listed
    assert staff_and_clients(url) == (staff, 8)  # clients added, never a second account
    assert_every_readme_account_logs_in(url)


def test_every_readme_section_a_message_names_exists() -> None:
    """A message that says "README, section X" must find a heading X there."""
    import tui.cli  # noqa: F401 - defines the command line's texts
    import tui.settings  # noqa: F401
    from domain.i18n import all_keys, set_language, tr

    headings = set(re.findall(r"^#+ (.+)$", README.read_text(encoding="utf-8"), re.MULTILINE))
    set_language("en")
    try:  # without parameters tr() gives the text as defined
        named = {
            found
            for key in all_keys()
            for found in re.findall(r"README, section ([A-Z][\w ]*\w)", tr(key))
        }
    finally:
        set_language("fi")
    assert named >= {"Demo data", "Configuration"}
    assert named <= headings
