"""Each SQL indicator against a plain Python computation over the same generated data.

The generator writes a few hundred random rows straight into the tables (a
fixed seed per run of the parametrised tests), keeps the same facts in Python
lists, and each test recomputes one query's answer in the most literal way.
Both "every team" and one team's filter are checked, on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.case_management import EndReason
from domain.clock import HELSINKI
from domain.feedback import FeedbackKind
from domain.intake import LifeDomain, OutcomeKind
from domain.moti import ActionState, DecisionKind, ItemKind, MeetingState
from domain.network import AssessmentKind
from domain.network_warnings import clients_with_overlap
from domain.reports import Period
from domain.sectors import Sector
from domain.visits import ReferralChannel, Urgency, VisitState
from storage.engine import build_engine, build_session_factory
from storage.orm import (
    ActionRow,
    AgendaItemRow,
    AssessmentRow,
    CaseManagerRow,
    ClientRow,
    DecisionRow,
    FeedbackRow,
    IntakeRecordRow,
    LocationRow,
    MeetingRow,
    PendingAssessmentRow,
    ProfessionalRow,
    ProposalRow,
    ServiceRow,
    StaffRow,
    TeamMemberRow,
    TeamRow,
    VisitRow,
)
from storage.reports import SqlReportQueries
from tests.database_templates import MigratedTemplates

EPOCH = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PERIOD = Period.quarter_of(dt.date(2026, 7, 1))
START = dt.datetime(2026, 6, 30, 21, 0, tzinfo=dt.UTC)  # 1.7.2026 00:00 in Helsinki
END = dt.datetime(2026, 9, 30, 21, 0, tzinfo=dt.UTC)  # 1.10.2026 00:00 in Helsinki
TODAY = dt.date(2026, 9, 15)
TEAM = 1


@dataclass
class World:
    team_locations: set[int] = field(default_factory=set)
    team_professionals: set[int] = field(default_factory=set)
    professionals: dict[int, str] = field(default_factory=dict)
    staff: dict[int, str] = field(default_factory=dict)
    visits: list[VisitRow] = field(default_factory=list)
    assignments: list[CaseManagerRow] = field(default_factory=list)
    assessments: list[AssessmentRow] = field(default_factory=list)
    pending: list[PendingAssessmentRow] = field(default_factory=list)
    intakes: list[IntakeRecordRow] = field(default_factory=list)
    early_services: set[int] = field(default_factory=set)
    feedback: list[FeedbackRow] = field(default_factory=list)
    proposals: list[ProposalRow] = field(default_factory=list)
    items: list[tuple[int, int]] = field(default_factory=list)
    """(proposal id, meeting id)"""
    meetings: dict[int, tuple[int, dt.datetime]] = field(default_factory=dict)
    """meeting id -> (team id, starts at)"""
    discussed: list[tuple[int, int, int | None, int]] = field(default_factory=list)
    """Agenda items with a decision or an action: (item, client, proposal, meeting)."""

    def team_clients(self) -> set[int]:
        clients = {
            v.client_id
            for v in self.visits
            if v.location_id in self.team_locations and v.client_id is not None
        }
        clients |= {
            a.client_id for a in self.assignments if a.professional_id in self.team_professionals
        }
        clients |= {p.client_id for p in self.proposals if p.team_id == TEAM}
        return clients


def _moment(rng: random.Random) -> dt.datetime:
    return EPOCH + dt.timedelta(minutes=rng.randrange(0, 365 * 24 * 60))


def _generate(session: Session, seed: int) -> World:
    rng = random.Random(seed)
    world = World()
    session.add_all([TeamRow(id=1, name="Etelä"), TeamRow(id=2, name="Pohjoinen")])
    for staff_id in (1, 2, 3):
        session.add(StaffRow(id=staff_id, name=f"Työntekijä {staff_id}", created_at=EPOCH))
        world.staff[staff_id] = f"Työntekijä {staff_id}"
    session.flush()  # no ORM relationships: parents go first
    session.add_all(
        [
            LocationRow(id=1, code="a", name="A", team_id=1),
            LocationRow(id=2, code="b", name="B", team_id=2),
            LocationRow(id=3, code="c", name="C", team_id=None),
        ]
    )
    world.team_locations = {1}
    session.flush()
    for pid in range(1, 7):
        name = f"Ammattilainen {pid}"
        session.add(
            ProfessionalRow(
                id=pid, name=name, name_key=name.lower(), organisation="Org", sector=Sector.SOCIAL
            )
        )
        world.professionals[pid] = name
    session.flush()
    for pid in (1, 2, 3):
        session.add(TeamMemberRow(team_id=1, professional_id=pid))
    world.team_professionals = {1, 2, 3}
    for sid in (1, 2, 3):
        session.add(
            ServiceRow(id=sid, name=f"Palvelu {sid}", sector=Sector.SOCIAL, early_support=sid != 3)
        )
    world.early_services = {1, 2}
    session.flush()

    clients = list(range(1, 41))
    for cid in clients:
        session.add(ClientRow(id=cid, name=None, name_key="", created_at=EPOCH))
    session.flush()

    for vid in range(1, 401):
        arrived = _moment(rng)
        state = rng.choice(list(VisitState))
        ended = (
            arrived + dt.timedelta(minutes=rng.randrange(5, 90))
            if state in (VisitState.DONE, VisitState.LEFT)
            else None
        )
        visit = VisitRow(
            id=vid,
            location_id=rng.choice((1, 2, 3)),
            client_id=rng.choice([*clients, None]),
            reason="",
            channel=rng.choice(list(ReferralChannel)),
            urgency=Urgency.NORMAL,
            state=state,
            arrived_at=arrived,
            registered_by=1,
            ended_at=ended,
            feedback_given=rng.choice((True, False, None)) if state is VisitState.DONE else None,
            outside_hours=rng.random() < 0.2,
        )
        session.add(visit)
        world.visits.append(visit)
    session.flush()

    record_id = 0
    for visit in rng.sample(world.visits, 120):
        for number in range(1, rng.choice((2, 2, 3))):
            record_id += 1
            outcome = rng.choice(list(OutcomeKind))
            record = IntakeRecordRow(
                id=record_id,
                visit_id=visit.id,
                client_id=visit.client_id,
                number=number,
                content="{}",
                outcome=outcome,
                referral_service_id=(
                    rng.choice((1, 2, 3)) if outcome is OutcomeKind.REFERRED else None
                ),
                finished_at=visit.arrived_at + dt.timedelta(hours=number),
                finished_by=1,
            )
            session.add(record)
            world.intakes.append(record)
    session.flush()

    aid = 0
    for cid in clients:
        at = _moment(rng)
        for _ in range(rng.randrange(0, 4)):
            aid += 1
            ended = at + dt.timedelta(days=rng.randrange(1, 120)) if rng.random() < 0.6 else None
            assignment = CaseManagerRow(
                id=aid,
                client_id=cid,
                professional_id=rng.randrange(1, 7),
                interim=rng.random() < 0.3,
                started_at=at,
                started_by=1,
                ended_at=ended,
                ended_by=1 if ended else None,
                end_reason=rng.choice(list(EndReason)) if ended else None,
                feedback_given=rng.choice((True, False, None)) if ended else None,
            )
            session.add(assignment)
            world.assignments.append(assignment)
            if ended is None:
                break  # at most one active: the database refuses a second one
            at = ended + dt.timedelta(days=rng.randrange(0, 30))
        session.flush()

    for assessment_id in range(1, 121):
        assessment = AssessmentRow(
            id=assessment_id,
            client_id=rng.choice(clients),
            domain=(domain := rng.choice([*list(LifeDomain)[:3], None])),
            # An assessment of a kind has no life domain (the network's warning and
            # the report count them alike).
            kind=AssessmentKind.WORK_ABILITY if domain is None else None,
            organisation=rng.choice(("Kela", "kela", "TE-palvelut", "Sosiaalitoimi")),
            made_on=(_moment(rng)).date(),
        )
        session.add(assessment)
        world.assessments.append(assessment)

    for pending_id in range(1, 81):
        since = _moment(rng).date()
        due = since + dt.timedelta(days=rng.randrange(5, 20))
        started = since + dt.timedelta(days=rng.randrange(0, 25)) if rng.random() < 0.7 else None
        pending = PendingAssessmentRow(
            id=pending_id,
            client_id=rng.choice(clients),
            pending_since=since,
            due_on=due,
            statutory=rng.random() < 0.6,
            started_on=started,
            recorded_by=1,
        )
        session.add(pending)
        world.pending.append(pending)

    for feedback_id in range(1, 101):
        kind = rng.choice(list(FeedbackKind))
        row = FeedbackRow(
            id=feedback_id,
            kind=kind,
            score=rng.randrange(1, 6),
            text="",
            given_on=_moment(rng).date(),
            anonymous=rng.random() < 0.3,
            recorded_at=EPOCH,
            recorded_by=1,
            staff_id=rng.choice((1, 2, 3, None)) if kind is FeedbackKind.VISIT else None,
            professional_id=rng.randrange(1, 7) if kind is FeedbackKind.CLOSURE else None,
            location_id=rng.choice((1, 2, 3)) if kind is FeedbackKind.VISIT else None,
        )
        session.add(row)
        world.feedback.append(row)

    for meeting_id in range(1, 21):
        team_id = rng.choice((1, 2))
        starts = _moment(rng)
        session.add(
            MeetingRow(
                id=meeting_id,
                team_id=team_id,
                starts_at=starts,
                length_minutes=90,
                state=MeetingState.PLANNED,
            )
        )
        world.meetings[meeting_id] = (team_id, starts)
    session.flush()
    item_id = 0
    for proposal_id in range(1, 41):
        proposal = ProposalRow(
            id=proposal_id,
            team_id=rng.choice((1, 2)),
            client_id=rng.choice(clients),
            question="?",
            proposed_at=_moment(rng),
            proposed_by=1,
        )
        session.add(proposal)
        world.proposals.append(proposal)
        session.flush()
        for meeting_id in rng.sample(range(1, 21), rng.randrange(0, 3)):
            item_id += 1
            session.add(
                AgendaItemRow(
                    id=item_id,
                    meeting_id=meeting_id,
                    kind=ItemKind.CLIENT,
                    client_id=proposal.client_id,
                    question="?",
                    position=item_id,
                    slot_minutes=15,
                    proposal_id=proposal_id,
                )
            )
            world.items.append((proposal_id, meeting_id))
    _generate_path(session, world, seed)
    session.commit()
    return world


def _generate_path(session: Session, world: World, seed: int) -> None:
    """Issue 19's facts on top: calls, and decisions and actions on agenda items.

    A random stream of its own, so that the rows the other tests count stay the
    same. Some calls fall on a whole minute, where the minute count must not slip.
    """
    rng = random.Random(seed + 1000)
    # New clients: their first visits ever fall in the period.
    for cid in range(41, 46):
        session.add(ClientRow(id=cid, name=None, name_key="", created_at=EPOCH))
        session.flush()
        for _ in range(rng.randrange(1, 3)):
            visit = VisitRow(
                id=len(world.visits) + 1,
                location_id=rng.choice((1, 2, 3)),
                client_id=cid,
                reason="",
                channel=ReferralChannel.SELF,
                urgency=Urgency.NORMAL,
                state=VisitState.DONE,
                arrived_at=START + dt.timedelta(minutes=rng.randrange(0, 80 * 24 * 60)),
                registered_by=1,
            )
            visit.ended_at = visit.arrived_at + dt.timedelta(minutes=30)
            session.add(visit)
            world.visits.append(visit)
    session.flush()
    for visit in world.visits:
        if visit.state is VisitState.WAITING or (
            visit.state is VisitState.LEFT and rng.random() < 0.5
        ):
            continue
        seconds = rng.randrange(0, 120) * 60 if rng.random() < 0.3 else rng.randrange(0, 7200)
        visit.called_at = visit.arrived_at + dt.timedelta(seconds=seconds)
    session.flush()
    for item in session.scalars(select(AgendaItemRow).order_by(AgendaItemRow.id)):
        decided = rng.random() < 0.5
        if decided:
            session.add(DecisionRow(item_id=item.id, kind=rng.choice(list(DecisionKind))))
        acted = rng.random() < 0.25
        if acted:
            session.add(
                ActionRow(
                    item_id=item.id,
                    client_id=item.client_id,
                    what="?",
                    owner_id=rng.randrange(1, 7),
                    due=dt.date(2026, 12, 31),
                    state=ActionState.OPEN,
                )
            )
        if decided or acted:
            world.discussed.append((item.id, item.client_id, item.proposal_id, item.meeting_id))
    session.flush()


SEEDS = (1, 2, 3)


@pytest.fixture(
    scope="module",
    params=[
        *[pytest.param(("sqlite", seed), id=f"sqlite-seed{seed}") for seed in SEEDS],
        *[
            pytest.param(
                ("postgresql", seed), id=f"postgresql-seed{seed}", marks=pytest.mark.postgres
            )
            for seed in SEEDS
        ],
    ],
)
def generated(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    migrated: MigratedTemplates,
) -> Iterator[tuple[World, SqlReportQueries, Session]]:
    # One database per engine and seed, shared by the read-only tests of this
    # module: the queries' SQL differs per dialect (dates, hour buckets), so both run.
    engine_name, seed = request.param
    with ExitStack() as stack:
        if engine_name == "sqlite":
            url = migrated.sqlite_copy(tmp_path_factory.mktemp("reports") / "r.db")
        else:
            url = stack.enter_context(migrated.postgres_copy())
        engine = build_engine(url)
        stack.callback(engine.dispose)
        # The generated rows stay attached to this session; after the commit they
        # reload their stored values when the expected answers read them.
        with build_session_factory(engine)() as session:
            world = _generate(session, seed)
            yield world, SqlReportQueries(session), session


Generated = tuple[World, SqlReportQueries, Session]
TEAMS = pytest.mark.parametrize("team_id", [None, TEAM], ids=["all", "team"])


def _in_team_location(world: World, location_id: int | None, team_id: int | None) -> bool:
    return team_id is None or location_id in world.team_locations


def _period_visits(world: World, team_id: int | None) -> list[VisitRow]:
    return [
        v
        for v in world.visits
        if START <= v.arrived_at < END and _in_team_location(world, v.location_id, team_id)
    ]


@TEAMS
def test_case_manager_loads(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    at = dt.datetime(2026, 8, 15, tzinfo=dt.UTC)
    expected = Counter(
        a.professional_id
        for a in world.assignments
        if a.started_at <= at
        and (a.ended_at is None or a.ended_at > at)
        and (team_id is None or a.professional_id in world.team_professionals)
    )
    loads = queries.case_manager_loads(at, team_id)
    assert {load.name: load.clients for load in loads} == {
        world.professionals[pid]: n for pid, n in expected.items()
    }
    assert [load.clients for load in loads] == sorted(expected.values(), reverse=True)


@TEAMS
@pytest.mark.parametrize("within", [90, 183])
def test_returning_clients(generated: Generated, team_id: int | None, within: int) -> None:
    world, queries, _ = generated
    returning = {
        v.client_id
        for v in _period_visits(world, team_id)
        if v.client_id is not None
        and any(
            w.client_id == v.client_id
            and w.id != v.id
            and w.ended_at is not None
            and v.arrived_at - dt.timedelta(days=within) <= w.ended_at < v.arrived_at
            for w in world.visits
        )
    }
    windows = (within, 183 if within == 90 else 90)
    assert queries.returning_clients(START, END, windows, team_id)[0] == len(returning)


@TEAMS
def test_overlapping_assessments(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    team_clients = world.team_clients()

    def subject(a: AssessmentRow) -> object:
        return a.domain if a.domain is not None else a.kind

    clients = {
        a.client_id
        for a in world.assessments
        if PERIOD.start <= a.made_on <= PERIOD.end
        and (team_id is None or a.client_id in team_clients)
        and any(
            b.client_id == a.client_id
            and b.id != a.id
            and subject(b) == subject(a)
            and b.organisation.lower() != a.organisation.lower()
            and a.made_on - dt.timedelta(days=183) <= b.made_on <= a.made_on
            for b in world.assessments
        )
    }
    fetched = queries.assessments_for_overlap(PERIOD.start, PERIOD.end, team_id)
    assert clients_with_overlap(fetched, PERIOD.start, PERIOD.end) == clients


@TEAMS
def test_statutory_deadlines(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    team_clients = world.team_clients()
    due = [
        p
        for p in world.pending
        if p.statutory
        and PERIOD.start <= p.due_on <= PERIOD.end
        and (team_id is None or p.client_id in team_clients)
    ]
    decided = [p for p in due if p.started_on is not None or p.due_on < TODAY]
    met = [p for p in decided if p.started_on is not None and p.started_on <= p.due_on]
    ratio = queries.statutory_deadlines(PERIOD.start, PERIOD.end, TODAY, team_id)
    assert (ratio.part, ratio.whole) == (len(met), len(decided))


@TEAMS
def test_early_support(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    location = {v.id: v.location_id for v in world.visits}
    latest: dict[int, IntakeRecordRow] = {}
    for record in world.intakes:
        if record.visit_id not in latest or record.number > latest[record.visit_id].number:
            latest[record.visit_id] = record
    counted = [
        r
        for r in latest.values()
        if START <= r.finished_at < END and _in_team_location(world, location[r.visit_id], team_id)
    ]
    early = [
        r
        for r in counted
        if r.outcome is OutcomeKind.REFERRED and r.referral_service_id in world.early_services
    ]
    ratio = queries.early_support(START, END, team_id)
    assert (ratio.part, ratio.whole) == (len(early), len(counted))


@TEAMS
def test_visits_per_hour_and_within_hours(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    visits = _period_visits(world, team_id)
    expected = Counter(v.arrived_at.replace(minute=0, second=0, microsecond=0) for v in visits)
    assert dict(queries.visits_per_hour(START, END, team_id)) == dict(expected)
    within = queries.visits_within_hours(START, END, team_id)
    assert (within.part, within.whole) == (
        sum(1 for v in visits if not v.outside_hours),
        len(visits),
    )


@TEAMS
def test_referral_channels(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    expected = Counter(v.channel for v in _period_visits(world, team_id))
    assert queries.referral_channels(START, END, team_id) == dict(expected)


@TEAMS
def test_closures(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    visits = [
        v
        for v in world.visits
        if v.state is VisitState.DONE
        and v.ended_at is not None
        and START <= v.ended_at < END
        and _in_team_location(world, v.location_id, team_id)
    ]
    relationships = [
        a
        for a in world.assignments
        if a.ended_at is not None
        and START <= a.ended_at < END
        and a.end_reason is not EndReason.REPLACED
        and (team_id is None or a.professional_id in world.team_professionals)
    ]
    given = sum(1 for v in visits if v.feedback_given) + sum(
        1 for a in relationships if a.feedback_given
    )
    ratio = queries.closures(START, END, team_id)
    assert (ratio.part, ratio.whole) == (given, len(visits) + len(relationships))


@TEAMS
def test_feedback_by_worker(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    scores: dict[str, list[int]] = {}
    for row in world.feedback:
        if not PERIOD.start <= row.given_on <= PERIOD.end:
            continue
        if team_id is not None and not (
            row.location_id in world.team_locations
            or row.professional_id in world.team_professionals
        ):
            continue
        if row.professional_id is not None:
            name = world.professionals[row.professional_id]
        elif row.staff_id is not None:
            name = world.staff[row.staff_id]
        else:
            name = ""
        scores.setdefault(name, []).append(row.score)
    result = queries.feedback_by_worker(PERIOD.start, PERIOD.end, team_id)
    assert {w.name: (w.count, pytest.approx(w.average_score)) for w in result} == {
        name: (len(values), pytest.approx(sum(values) / len(values)))
        for name, values in scores.items()
    }


@TEAMS
def test_proposal_to_meeting_days(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    proposed = {p.id: p.proposed_at for p in world.proposals}
    first: dict[int, dt.datetime] = {}
    for proposal_id, meeting_id in world.items:
        meeting_team, starts = world.meetings[meeting_id]
        if team_id is not None and meeting_team != team_id:
            continue
        if proposal_id not in first or starts < first[proposal_id]:
            first[proposal_id] = starts
    days = [
        (starts - proposed[proposal_id]).total_seconds() / 86400
        for proposal_id, starts in first.items()
        if START <= starts < END
    ]
    ratio = queries.proposal_to_meeting_days(START, END, team_id)
    assert ratio.whole == len(days)
    assert ratio.part == pytest.approx(sum(days), abs=1e-3)


@TEAMS
def test_location_ids(generated: Generated, team_id: int | None) -> None:
    _, queries, _ = generated
    assert queries.location_ids(team_id) == ([1, 2, 3] if team_id is None else [1])


def test_period_bounds_are_helsinki_midnights() -> None:
    from domain.indicators import utc_bounds

    assert utc_bounds(PERIOD) == (START, END)
    assert START.astimezone(HELSINKI).hour == 0


def test_generated_data_exercises_every_query(generated: Generated) -> None:
    """The comparisons above mean something only when the answers are not all zero."""
    _, queries, _ = generated
    assert queries.case_manager_loads(dt.datetime(2026, 8, 15, tzinfo=dt.UTC), None)
    assert queries.returning_clients(START, END, (183,), None)[0] > 0
    overlapping = queries.assessments_for_overlap(PERIOD.start, PERIOD.end, None)
    assert clients_with_overlap(overlapping, PERIOD.start, PERIOD.end)
    deadlines = queries.statutory_deadlines(PERIOD.start, PERIOD.end, TODAY, None)
    assert 0 < deadlines.part < deadlines.whole
    early = queries.early_support(START, END, None)
    assert 0 < early.part < early.whole
    closures = queries.closures(START, END, None)
    assert 0 < closures.part < closures.whole
    assert queries.feedback_by_worker(PERIOD.start, PERIOD.end, None)
    assert queries.proposal_to_meeting_days(START, END, None).whole > 0


# --- Issue 19: the service path's indicators, against the same generated data.


@TEAMS
def test_intake_outcomes(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    location = {v.id: v.location_id for v in world.visits}
    latest: dict[int, IntakeRecordRow] = {}
    for record in world.intakes:
        if record.visit_id not in latest or record.number > latest[record.visit_id].number:
            latest[record.visit_id] = record
    expected = Counter(
        r.outcome
        for r in latest.values()
        if START <= r.finished_at < END and _in_team_location(world, location[r.visit_id], team_id)
    )
    assert queries.intake_outcomes(START, END, team_id) == dict(expected)


@TEAMS
def test_unique_and_new_clients(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    clients = {v.client_id for v in _period_visits(world, team_id) if v.client_id is not None}
    seen_before = {v.client_id for v in world.visits if v.arrived_at < START}
    assert queries.unique_and_new_clients(START, END, team_id) == (
        len(clients),
        len(clients - seen_before),
    )


@TEAMS
def test_waiting_minutes(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    expected = Counter(
        int((v.called_at - v.arrived_at).total_seconds() // 60)
        for v in _period_visits(world, team_id)
        if v.called_at is not None
    )
    assert queries.waiting_minutes(START, END, team_id) == dict(expected)


def _discussed(world: World, team_id: int | None) -> list[tuple[int, int | None, dt.datetime]]:
    """(client, proposal, meeting start) of the items the team discussed."""
    return [
        (client_id, proposal_id, world.meetings[meeting_id][1])
        for _, client_id, proposal_id, meeting_id in world.discussed
        if team_id is None or world.meetings[meeting_id][0] == team_id
    ]


@TEAMS
def test_moti_clients(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    clients = {c for c, _, starts in _discussed(world, team_id) if START <= starts < END}
    assert queries.moti_clients(START, END, team_id) == len(clients)


@TEAMS
def test_days_to_discussion(generated: Generated, team_id: int | None) -> None:
    world, queries, _ = generated
    proposed = {p.id: p.proposed_at for p in world.proposals}
    first: dict[int, dt.datetime] = {}
    for _, proposal_id, starts in _discussed(world, team_id):
        if proposal_id is not None and (proposal_id not in first or starts < first[proposal_id]):
            first[proposal_id] = starts
    expected = Counter(
        int((starts - proposed[p]).total_seconds() // 86400)
        for p, starts in first.items()
        if START <= starts < END
    )
    assert queries.days_to_discussion(START, END, team_id) == dict(expected)


def test_generated_data_exercises_the_path_queries(generated: Generated) -> None:
    _, queries, _ = generated
    assert len(queries.intake_outcomes(START, END, None)) > 1
    unique, new = queries.unique_and_new_clients(START, END, None)
    assert 0 < new < unique
    assert len(queries.waiting_minutes(START, END, None)) > 5
    assert queries.moti_clients(START, END, None) > 0
    assert queries.days_to_discussion(START, END, None)
