"""Opening a client with 20 network members and 50 visits, against the same reads in raw SQL.

Set-up, through the use cases only, at a location of its own (so that the
queue of the other benchmarks is not touched): a new client comes to 50
walk-ins a week apart (each registered, called and served, on a clock set
back a year), gets 14 professionals from the directory and 6 close people in
their network, and then a case manager, named by the coordinator who opens
the client afterwards. The client sits among the demo data's 100 000 clients
and million visits.

What is measured, call by call, as the coordinator:

- ``domain.use_cases.summary.client_summary``: the summary page (``s`` in the queue);
- ``domain.use_cases.coordination.open_network``: the network page (``v``).

Each is one way of opening the client, so each gets its own figure: the p95
of its calls, target 50 ms.

Baseline: every read statement the use case sends (the access check's
included), captured once and replayed with the same parameters on a raw
driver cursor of the same engine, timed the same way, interleaved. It is the
database's share of the work; the rest is the app's: rows to objects to
domain objects, and the access-log event each opening writes and commits
(which the baseline leaves out, as it writes).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from benchmarks import raw_sql
from benchmarks.dataset import BenchDatabase, log
from benchmarks.figures import Figure, ms, p95
from domain.clock import FixedClock
from domain.network import MemberInput, NetworkRole, ProfessionalInput
from domain.sectors import Sector
from domain.use_cases import coordination, reception
from domain.use_cases.summary import client_summary
from domain.walk_in import WalkInInput

TARGET_MS = 50.0
VISITS = 50
PROFESSIONALS = 14
CLOSE_PEOPLE = 6
OPENINGS = {True: 30, False: 100}
"""Openings timed per use case, quick and full."""

_SECTORS = (Sector.SOCIAL, Sector.HEALTH, Sector.EMPLOYMENT, Sector.KELA, Sector.HOUSING)
_RELATIONS = ("äiti", "veli", "naapuri", "ystävä", "tytär", "kummi")


def make_client(database: BenchDatabase) -> int:
    """The client with 50 served visits and a network of 20, made through the use cases."""
    actor = database.coordinator
    location = reception.identify_location(
        database.uow(), "bench-avaus", "Avausmittauksen toimipiste"
    )
    clock = FixedClock(database.clock.now() - dt.timedelta(weeks=VISITS + 1))
    client_id: int | None = None
    for number in range(VISITS):
        form = (
            WalkInInput(name="Verkostolainen Vilja", birth_year="1979", reason="Ensikäynti")
            if client_id is None
            else WalkInInput(client_id=client_id, reason=f"Seurantakäynti {number}")
        )
        visit = reception.register_walk_in(
            database.uow(),
            form,
            actor=actor,
            location=location,
            clock=clock,
            accept_possible_duplicate=True,
        )
        client_id = visit.client_id
        clock.advance(minutes=5)
        called = reception.call_visit(
            database.uow(), visit.id, visit.version, actor=actor, clock=clock
        )
        clock.advance(minutes=30)
        reception.finish_visit(database.uow(), called.id, called.version, actor=actor, clock=clock)
        clock.advance(weeks=1)
    if client_id is None:
        raise RuntimeError("the first walk-in made no client")
    professionals: list[int] = []
    for number in range(PROFESSIONALS):
        saved = coordination.save_professional(
            database.uow(),
            ProfessionalInput(
                name=f"Verkostotyöntekijä {number + 1}",
                title="sosiaaliohjaaja" if number % 2 else "terveydenhoitaja",
                organisation="Esimerkin hyvinvointialue",
                sector=_SECTORS[number % len(_SECTORS)],
                phone="040 000 0000",
            ),
            actor=actor,
        )
        professionals.append(saved.id)
        role = NetworkRole.RESPONSIBLE_WORKER if number % 3 == 0 else NetworkRole.CONTACT
        coordination.save_member(
            database.uow(),
            MemberInput(
                client_id=client_id,
                professional_id=saved.id,
                responsibility="Asumisen tuki" if number % 2 else "Terveydenhoito",
                roles=frozenset({role}),
            ),
            actor=actor,
        )
    for number in range(CLOSE_PEOPLE):
        coordination.save_member(
            database.uow(),
            MemberInput(
                client_id=client_id,
                close_name=f"Läheinen {number + 1}",
                relation=_RELATIONS[number % len(_RELATIONS)],
                roles=frozenset({NetworkRole.CONTACT}),
            ),
            actor=actor,
        )
    coordination.name_case_manager(
        database.uow(),
        client_id,
        professionals[0],
        "Asiakasvastaava nimetty verkostopalaverissa",
        actor=actor,
        clock=database.clock,
    )
    network = coordination.open_network(database.uow(), client_id, actor=actor)
    visits = client_summary(database.uow(), client_id, actor=actor).visits
    if len(network.members) != PROFESSIONALS + CLOSE_PEOPLE or len(visits) != VISITS:
        raise RuntimeError(
            f"the set-up made {len(network.members)} members and {len(visits)} visits"
        )
    return client_id


def _timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


def run(database: BenchDatabase, quick: bool) -> list[Figure]:
    started = time.perf_counter()
    client_id = make_client(database)
    log(f"    set-up: client {client_id} in {time.perf_counter() - started:.1f} s")
    actor = database.coordinator
    openings: dict[str, Callable[[], object]] = {
        "summary": lambda: client_summary(database.uow(), client_id, actor=actor),
        "network": lambda: coordination.open_network(database.uow(), client_id, actor=actor),
    }
    reads = {name: raw_sql.reads_of(call, database.engine) for name, call in openings.items()}
    app: dict[str, list[float]] = {name: [] for name in openings}
    raw: dict[str, list[float]] = {name: [] for name in openings}
    for _ in range(OPENINGS[quick]):
        for name, call in openings.items():
            app[name].append(_timed(call))
            raw[name].append(raw_sql.replay(database.engine, reads[name]))
    figures = []
    for name in openings:
        figures.append(
            Figure(
                name=f"open_client_{name}_p95",
                value=ms(p95(app[name])),
                unit="ms",
                baseline=ms(p95(raw[name])),
                target=TARGET_MS,
                note=(
                    f"{OPENINGS[quick]} openings; {len(reads[name])} read statements; "
                    "baseline: the same reads, raw"
                ),
            )
        )
        log(f"    {name}: p95 {ms(p95(app[name])):.1f} ms, raw {ms(p95(raw[name])):.1f} ms")
    return figures
