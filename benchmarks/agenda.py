"""The agenda builder with 40 clients in the backlog, against the same reads in raw SQL.

Set-up, through the use cases: the demo MOTI team gets a two-hour meeting next
week; 46 demo clients are proposed to the team (one in five with a statutory
deadline, so the ordering has work to do) and six of them are put on the
meeting's agenda, leaving 40 in the backlog.

What is measured: what the agenda builder screen loads on opening and after
every change (``tui/screens/agenda_builder.py``): ``domain.use_cases.meetings.agenda``
(the meeting's agenda, follow-ups brought back, fitted into its length) and
then ``domain.use_cases.meetings.backlog`` (the 40 waiting clients in the proposed
order), as a coordinator in the team. The figure is the p95 of the pair,
target 50 ms.

Baseline: every read statement the pair sends, captured once and replayed with
the same parameters on a raw driver cursor of the same engine, timed the same
way, interleaved: the database's share. The rest is the app's: objects, the
ordering and fitting, and the access-log events (one per client shown), which
the baseline leaves out, as they are writes.
"""

from __future__ import annotations

import datetime as dt
import time

from sqlalchemy import select

from benchmarks import raw_sql
from benchmarks.dataset import BenchDatabase, log
from benchmarks.figures import Figure, ms, p95
from domain.clock import HELSINKI
from domain.use_cases import meetings
from storage.orm import ClientRow, LocationRow

TARGET_MS = 50.0
BACKLOG = 40
ON_AGENDA = 6
LOADS = {True: 30, False: 100}
_QUESTIONS = (
    "Asumisen ja toimeentulon yhteensovitus",
    "Työkyvyn arviointi ja kuntoutuksen tarve",
    "Päihdepalveluiden ja asumisen tuki",
    "Velkaneuvonnan ja sosiaalityön työnjako",
)


def make_meeting(database: BenchDatabase) -> tuple[int, int]:
    """The team's meeting with 6 on the agenda and 40 in the backlog: (team, meeting)."""
    actor = database.coordinator
    clock = database.clock
    with database.session_factory() as session:
        team_id = session.scalar(
            select(LocationRow.team_id).where(LocationRow.id == database.location.id)
        )
        step = max(1, database.size.clients // (BACKLOG + ON_AGENDA + 1))
        client_ids = list(
            session.scalars(
                select(ClientRow.id)
                .where(ClientRow.id % step == 0, ClientRow.name.is_not(None))
                .order_by(ClientRow.id)
                .limit(BACKLOG + ON_AGENDA)
            )
        )
    if team_id is None or len(client_ids) < BACKLOG + ON_AGENDA:
        raise RuntimeError("the demo data has no team or too few named clients")
    next_week = (clock.now() + dt.timedelta(days=7)).astimezone(HELSINKI)
    start = next_week.replace(hour=13, minute=0, second=0, microsecond=0)
    (meeting,) = meetings.plan_meetings(
        database.uow(), team_id, start, 120, place="Neuvotteluhuone 2", actor=actor
    )
    proposals = []
    for number, client_id in enumerate(client_ids):
        deadline = start.date() + dt.timedelta(days=3 + number) if number % 5 == 0 else None
        proposals.append(
            meetings.propose_to_team(
                database.uow(),
                client_id,
                _QUESTIONS[number % len(_QUESTIONS)],
                team_id=team_id,
                deadline=deadline,
                actor=actor,
                clock=clock,
            )
        )
    for proposal in proposals[:ON_AGENDA]:
        meetings.add_to_agenda(database.uow(), meeting.id, proposal.id, actor=actor)
    waiting = meetings.backlog(database.uow(), team_id, actor=actor, clock=clock)
    if len(waiting) != BACKLOG:
        raise RuntimeError(f"the backlog has {len(waiting)} clients, not {BACKLOG}")
    return team_id, meeting.id


def run(database: BenchDatabase, quick: bool) -> list[Figure]:
    team_id, meeting_id = make_meeting(database)
    actor = database.coordinator

    def load() -> None:
        view = meetings.agenda(database.uow(), meeting_id, actor=actor)
        meetings.backlog(database.uow(), view.team.id, actor=actor, clock=database.clock)

    load()  # warm-up
    reads = raw_sql.reads_of(load, database.engine)
    app: list[float] = []
    raw: list[float] = []
    for _ in range(LOADS[quick]):
        started = time.perf_counter()
        load()
        app.append(time.perf_counter() - started)
        raw.append(raw_sql.replay(database.engine, reads))
    log(f"    agenda + backlog: p95 {ms(p95(app)):.1f} ms, raw {ms(p95(raw)):.1f} ms")
    return [
        Figure(
            name="agenda_builder_p95",
            value=ms(p95(app)),
            unit="ms",
            baseline=ms(p95(raw)),
            target=TARGET_MS,
            note=(
                f"{LOADS[quick]} loads of agenda + backlog ({ON_AGENDA} on the agenda, "
                f"{BACKLOG} waiting); {len(reads)} read statements; baseline: the same reads, raw"
            ),
        )
    ]
