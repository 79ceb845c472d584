"""Synthetic demo data: a working reception desk to look at, at once.

``rinnalla demo`` fills a database with made-up clients, a history of walk-in
visits and a queue for today, so that a newcomer sees the desk as it is in use
instead of an empty screen, and so that search, the queue and the indicators
can be tried (and timed) on realistic amounts of data. A small service
catalogue comes with it, so that referral targets exist from the start.

Everything here is synthetic. Names are combined at random from common Finnish
first names and surnames; identity codes use only the *temporary* individual
numbers 900–999 (:data:`domain.identity.TEMPORARY_NUMBERS`), which are never
part of a permanent code, so no generated hetu can be a real person's code.
Nothing is copied from any register. The catalogue's contacts are placeholders
(``040 000 0000``, ``example.org`` addresses, "Esimerkkikatu") that reach
nobody.

The data is a pure function of the ``rng`` seed and the clock: the same seed
and the same "now" give the same rows. Rows are written with bulk ``INSERT``
statements in batches, not object by object, so that the large sizes (100 000
clients, a million visits) stay fast. The access log gets nothing: generating
demo data is not a person reading anyone's data.

Beside the desk, the demo gives the indicators (R11) something to count: the
location's walk-in hours (visits mostly within them, a few outside), a MOTI
team the location belongs to, case managers with ended relationships, pending
service need assessments with statutory deadlines (R9), and client feedback
(R10). These come in proportion to the clients, so their cost is small beside
the visits.
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Engine, Table, func, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from domain.case_management import EndReason
from domain.clients import Client
from domain.clock import HELSINKI, Clock, local_day_bounds, local_today
from domain.deadlines import is_public_holiday, is_working_day
from domain.feedback import FeedbackKind
from domain.identity import TEMPORARY_NUMBERS, make_hetu, parse_hetu
from domain.need_assessment import DeadlineRules, due_date, is_statutory
from domain.opening_hours import OpeningHours, is_within_hours, open_stretches
from domain.sectors import Sector
from domain.staff import StaffRole
from domain.text import normalise_name
from domain.visits import ReferralChannel, Urgency, VisitState
from storage.converters import hours_from_row
from storage.errors import DemoCodesExhausted, DemoInterrupted
from storage.name_index import index_client_names
from storage.orm import (
    Base,
    CaseManagerRow,
    ClientRow,
    LocationRow,
    OpeningHoursRow,
    ProfessionalRow,
    ServiceRow,
    StaffRow,
    TeamMemberRow,
    TeamRow,
    VisitRow,
)

FEMALE_FIRST_NAMES: tuple[str, ...] = (
    "Aino", "Anna", "Anne", "Anneli", "Eeva", "Elina", "Ella", "Emilia", "Hanna", "Heidi",
    "Helena", "Jenni", "Johanna", "Kaisa", "Katja", "Laura", "Liisa", "Maria", "Marja",
    "Merja", "Minna", "Noora", "Päivi", "Pirjo", "Riikka", "Ritva", "Sanna", "Sari",
    "Satu", "Tiina", "Tuula", "Åsa",
)  # fmt: skip
"""Common Finnish (and Finland-Swedish) women's first names."""

MALE_FIRST_NAMES: tuple[str, ...] = (
    "Antti", "Ari", "Eero", "Esa", "Harri", "Heikki", "Janne", "Jari", "Juha", "Jukka",
    "Jussi", "Jyrki", "Kalle", "Kari", "Lauri", "Markku", "Matti", "Mika", "Mikko", "Olli",
    "Pekka", "Pentti", "Petri", "Sami", "Seppo", "Teemu", "Timo", "Tuomas", "Ville",
    "Väinö",
)  # fmt: skip
"""Common Finnish men's first names."""

SURNAMES: tuple[str, ...] = (
    "Aaltonen", "Ahonen", "Anttila", "Heikkilä", "Heikkinen", "Heinonen", "Hiltunen",
    "Hirvonen", "Hyvönen", "Hämäläinen", "Häkkinen", "Jokinen", "Järvinen", "Kallio",
    "Karjalainen", "Kauppinen", "Kemppainen", "Kinnunen", "Kokkonen", "Koivisto",
    "Koskinen", "Korhonen", "Laaksonen", "Lahtinen", "Laine", "Laitinen", "Lehtinen",
    "Lehtonen", "Leinonen", "Lindholm", "Lindström", "Manninen", "Mattila", "Miettinen",
    "Mustonen", "Mäkelä", "Mäkinen", "Määttä", "Nieminen", "Niemi", "Nurmi", "Ojala",
    "Peltonen", "Pitkänen", "Pulkkinen", "Rantanen", "Räsänen", "Saarinen", "Salminen",
    "Salo", "Savolainen", "Seppälä", "Sjöberg", "Söderström", "Tuominen", "Turunen",
    "Vainio", "Virtanen", "Väisänen", "Åberg", "Åström", "Öhman", "Ahola", "Heiskanen",
    "Ikonen", "Jääskeläinen", "Kärkkäinen", "Lappalainen", "Leppänen", "Mikkonen",
    "Nyström", "Oksanen", "Partanen", "Rissanen", "Ruotsalainen", "Sirviö",
    "Toivonen", "Tolonen", "Ylönen", "Backman",
)  # fmt: skip
"""Common Finnish surnames, a few Finland-Swedish ones among them."""

STAFF_NAMES: tuple[str, ...] = (
    "Sanna Mäkelä",
    "Jari Heikkinen",
    "Päivi Laaksonen",
    "Tuomas Åberg",
    "Riikka Hämäläinen",
    "Olli Nieminen",
)
"""The demo team at the reception desk."""

STAFF_ROLES: dict[str, StaffRole] = {
    "Sanna Mäkelä": StaffRole.RECEPTION,
    "Jari Heikkinen": StaffRole.RECEPTION,
    "Päivi Laaksonen": StaffRole.COORDINATOR,
    "Tuomas Åberg": StaffRole.COORDINATOR,
    "Riikka Hämäläinen": StaffRole.COORDINATOR,
    "Olli Nieminen": StaffRole.LEAD,
}
"""The demo workers' roles, for their demo accounts."""

REASONS: tuple[str, ...] = (
    "Toimeentulotuki",
    "Toimeentulotuki",
    "Toimeentulotuki",
    "Asunnon haku",
    "Asunnon haku",
    "Vuokrarästit",
    "Häätöuhka",
    "Työkyvyn selvittely",
    "Työkyvyn selvittely",
    "Velkaneuvonta",
    "Talousneuvonta",
    "Kelan hakemukset",
    "Kelan hakemukset",
    "Työttömyysturva",
    "Sairauspäiväraha",
    "Eläkeasiat",
    "Mielenterveys",
    "Päihdeasiat",
    "Perheasiat",
    "Lomakkeiden täyttö",
    "Ohjaus palveluihin",
    "Ruoka-apu",
    "Kuntoutus",
    "Yksinäisyys",
    "Opiskelu ja koulutus",
    "Terveysasiat",
)
"""Short reasons as a receptionist types them; repeats make a reason more common."""

CATALOGUE: tuple[tuple[str, Sector, str], ...] = (
    ("Aikuissosiaalityö", Sector.SOCIAL, "puh. 040 000 0000, ma–pe 9–11"),
    ("Työttömien terveystarkastus", Sector.HEALTH, "ajanvaraus puh. 040 000 0000"),
    (
        "Mielenterveys- ja päihdepalvelut",
        Sector.HEALTH,
        "Matalan kynnyksen vastaanotto, Esimerkkikatu 3",
    ),
    ("Talous- ja velkaneuvonta", Sector.SOCIAL, "talousneuvonta@example.org"),
    ("TYP Lappeenranta", Sector.TYP, "puh. 040 000 0000, Esimerkkikatu 5"),
    ("Työllisyyspalvelut", Sector.EMPLOYMENT, "asiakaspalvelu puh. 040 000 0000"),
    ("Kela – palvelupiste", Sector.KELA, "Esimerkkikatu 7, ajanvaraus verkossa"),
    ("Asumisneuvonta", Sector.HOUSING, "asumisneuvonta@example.org"),
    ("Ohjaamo", Sector.EDUCATION, "Esimerkkikatu 9, avoinna ma–to 10–16"),
    ("SOSTE-järjestön vertaistuki", Sector.THIRD_SECTOR, "vertaistuki@example.org"),
)
"""The demo service catalogue: (name, sector, contact), every sector a desk refers to."""

EARLY_SUPPORT_SERVICES: frozenset[str] = frozenset(
    {"Talous- ja velkaneuvonta", "Asumisneuvonta", "SOSTE-järjestön vertaistuki"}
)
"""Catalogue services that count as early support in the indicators (R11)."""

_CHANNEL_POOL: tuple[ReferralChannel, ...] = (
    (ReferralChannel.SELF,) * 12
    + (ReferralChannel.SOCIAL_HEALTH,) * 2
    + (ReferralChannel.EMPLOYMENT,) * 2
    + (ReferralChannel.KELA,) * 1
    + (ReferralChannel.THIRD_SECTOR,) * 1
    + (ReferralChannel.TYP,) * 1
    + (ReferralChannel.RELATIVE,) * 1
)
"""Referral channels weighted by repetition: about 60 % come by themselves."""

WALK_IN_HOURS: tuple[tuple[int, dt.time, dt.time], ...] = (
    (1, dt.time(12), dt.time(15)),  # Tuesday
    (3, dt.time(9), dt.time(12)),  # Thursday
)
"""Weekly walk-in hours given to a demo location that has none yet, Helsinki time:
(weekday, opens, closes); Monday is 0. A location with hours keeps its own, and
the history follows them."""

TEAM_NAME = "MOTI-tiimi (esimerkki)"
"""The demo MOTI team; a location without a team is put in its area."""

ORGANISATION = "Esimerkin hyvinvointialue"

CASE_MANAGERS: tuple[tuple[str, str], ...] = (
    ("Päivi Laaksonen", "sosiaaliohjaaja"),
    ("Tuomas Åberg", "palveluohjaaja"),
    ("Riikka Hämäläinen", "asiakaskoordinaattori"),
    ("Olli Nieminen", "työkykykoordinaattori"),
)
"""Demo staff who are also professionals in the team and act as case managers:
(name in :data:`STAFF_NAMES`, title)."""

FEEDBACK_TEXTS: dict[int, tuple[str, ...]] = {
    5: ("Sain apua heti, kiitos!", "Ystävällinen ja asiantunteva palvelu.", ""),
    4: ("Hyvä palvelu, jonotus kesti hetken.", "Sain selkeät ohjeet jatkoon.", ""),
    3: ("Ihan hyvä, mutta jouduin odottamaan pitkään.", "Asia jäi vähän kesken.", ""),
    2: ("En tiennyt, kenen puoleen kääntyä seuraavaksi.", "Toivoisin enemmän aikaa."),
    1: ("Odotin yli tunnin enkä saanut apua.", "Minua ei kuunneltu."),
}
"""Made-up feedback as clients write it, by score; an empty text is a score alone."""

_SCORES = (5, 4, 3, 2, 1)
_SCORE_WEIGHTS = (40, 32, 15, 8, 5)

_ENDINGS: tuple[EndReason, ...] = (
    (EndReason.NEED_ENDED,) * 6 + (EndReason.MOVED,) * 2 + (EndReason.DECLINED,) * 2
) + (EndReason.OTHER,)
"""Why demo case management ends, weighted by repetition; OTHER carries a note."""

VISITS_PER_CLIENT_YEAR = 10 / 3
"""Average visits per client per year: 100 000 clients over 3 years give ~1 000 000 visits."""

NEW_CLIENT_SHARE = 0.5
"""At most this share of identified visits is a client's first one; the rest return."""

REGULAR_EVERY = 7
"""Every 7th client is a regular, picked more often when someone returns."""

ANONYMOUS_SHARE = 0.2
URGENT_SHARE = 0.1
DONE_SHARE = 0.85
HETU_SHARE = 0.80
MIN_AGE = 18
MAX_AGE = 80
TODAY_WINDOW = dt.timedelta(minutes=90)
BATCH_SIZE = 5000

OUTSIDE_SHARE = 0.03
"""About this share of arrivals come just before opening or after closing: registered
all the same (R1), and counted as outside the hours."""
FEEDBACK_GIVEN_SHARE = 0.8
"""Of finished visits and closed relationships, how often the feedback instructions
were handed over (R10); the rest were forgotten."""
VISIT_FEEDBACK_EVERY = 30
"""One in this many visits (by id) with instructions given comes back as feedback."""
CLOSURE_FEEDBACK_SHARE = 0.5
ANONYMOUS_FEEDBACK_SHARE = 0.3
CASE_MANAGED_SHARE = 0.06
REPLACED_SHARE = 0.25
ENDED_SHARE = 0.55
HIGHEST_CARE_ALLOWANCE_OLD = 0.1
"""Share of clients aged 65 or more on the highest care allowance; 0.5 % of younger."""
PENDING_SHARE = 0.02
PENDING_LIKELY_STATUTORY_SHARE = 0.12
"""Clients over 75 or on the allowance more often have an assessment pending."""

_LAST_ARRIVAL_MARGIN = 10 * 60  # nobody is let in during the last ten minutes
_OUTSIDE_WINDOW = 40 * 60  # how early or late an arrival outside the hours comes
_DAY = 86_400


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`fill_demo` added."""

    clients: int
    visits: int
    today_waiting: int


@dataclass
class _Schedule:
    """Who arrives when: the skeleton that the rows are later built around.

    ``arrivals`` (UTC epoch seconds), ``client_indexes`` (-1 for an anonymous
    visitor) and ``outside`` (1 when walk-in was closed) run in time order; the
    last ``len(today_states)`` entries are today's queue.
    """

    arrivals: array[int]
    client_indexes: array[int]
    outside: bytearray
    earlier_clients: int
    first_arrival: dict[int, int]
    history_start: int
    today_states: list[VisitState]
    today_urgent: int


@dataclass
class _ClientFacts:
    """What later rows need to know of each generated client, by client index."""

    created: array[int] = field(default_factory=lambda: array("q"))
    birth_years: array[int] = field(default_factory=lambda: array("q"))  # 0: not known
    hetus: list[str | None] = field(default_factory=list)
    highest_care_allowance: bytearray = field(default_factory=bytearray)


def fill_demo(
    session_factory: sessionmaker[Session],
    *,
    clock: Clock,
    rng: random.Random,
    location_code: str,
    location_name: str,
    clients: int = 300,
    days: int = 120,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Add synthetic clients, a visit history and today's queue; return the counts.

    The location is found by ``location_code`` (and created with
    ``location_name`` when missing); it gets the :data:`WALK_IN_HOURS` when it
    has no opening hours yet and joins the demo MOTI team when it has no team.
    Six demo staff members are found by name or created, four of them also as
    case managers in the team; the :data:`CATALOGUE` services are added when
    the catalogue is empty (an organisation's own catalogue is never mixed
    with demo entries). ``clients`` clients are added, about 80 % with a
    temporary-range hetu; ``days`` days before today get visits during the
    location's walk-in hours (public holidays closed), about ``10/3`` visits
    per client per year, with an occasional early or late arrival outside the
    hours; today gets 6–8 visits from the last 90 minutes, most of them
    waiting. Some clients were clients before the history starts (they have no
    first visit in it); the others are created just before their first visit.
    Some clients get case managers (some relationships ended), a pending
    service need assessment, or give feedback.

    Meant for an empty database, but running it on one with data is safe: the
    rows are added beside what is there, and identity codes that already
    exist are never generated again. Everything is written in one transaction,
    so a failure leaves nothing behind.

    ``progress(done, total)`` is called as rows are written, counting clients
    and visits. Raises ``ValueError`` for a negative ``clients`` or ``days``.
    """
    if clients < 0 or days < 0:
        raise ValueError("clients and days must not be negative")
    now = clock.now().astimezone(dt.UTC)
    today = local_today(clock)
    report = progress or (lambda _done, _total: None)

    with session_factory() as session:
        location_id = _ensure_location(session, location_code, location_name)
        hours = _ensure_hours(session, location_id)
        schedule = _plan_schedule(
            rng, now=now, today=today, clients=clients, days=days, hours=hours
        )
        total = clients + len(schedule.arrivals)
        staff_since = _from_ts(schedule.history_start) - dt.timedelta(days=30)
        staff_ids = _ensure_staff(session, STAFF_NAMES, created_at=staff_since)
        _ensure_catalogue(session)
        team_id = _ensure_team(session, location_id, location_name)
        staff_by_name = dict(zip(STAFF_NAMES, staff_ids, strict=True))
        professional_ids = _ensure_case_managers(session, team_id, staff_by_name)
        stored = session.scalars(select(ClientRow.hetu).where(ClientRow.hetu.is_not(None)))
        taken = {code for code in stored if code}
        before = session.scalar(select(func.max(ClientRow.id))) or 0
        visits_before = session.scalar(select(func.max(VisitRow.id))) or 0
        assignments_before = session.scalar(select(func.max(CaseManagerRow.id))) or 0

        report(0, total)
        done = 0
        facts = _ClientFacts()
        client_rows = _client_rows(
            rng, schedule, today=today, clients=clients, taken=taken, facts=facts
        )
        for batch in _batches(client_rows, BATCH_SIZE):
            session.execute(insert(_table("clients")), batch)
            done += len(batch)
            report(done, total)
        added = session.execute(
            select(ClientRow.id, ClientRow.name_key)
            .where(ClientRow.id > before)
            .order_by(ClientRow.id)
        ).all()
        if len(added) != clients:
            raise DemoInterrupted
        # The bulk insert bypasses the ORM's listeners: index the names here.
        index_client_names(session.connection(), ((row.id, row.name_key) for row in added))
        client_ids = [row.id for row in added]

        visit_rows = _visit_rows(
            rng,
            schedule,
            now=now,
            location_id=location_id,
            client_ids=client_ids,
            staff_ids=staff_ids,
        )
        for batch in _batches(visit_rows, BATCH_SIZE):
            session.execute(insert(_table("visits")), batch)
            done += len(batch)
            report(done, total)

        _add_case_management(
            session,
            rng,
            facts,
            now=now,
            client_ids=client_ids,
            professional_ids=professional_ids,
            staff_ids=staff_ids,
        )
        pending = _pending_rows(
            rng, facts, today=today, days=days, client_ids=client_ids, staff_ids=staff_ids
        )
        for batch in _batches(pending, BATCH_SIZE):
            session.execute(insert(_table("pending_assessments")), batch)
        feedback = _feedback_rows(
            session,
            rng,
            now=now,
            today=today,
            visits_after=visits_before,
            assignments_after=assignments_before,
            staff_ids=staff_ids,
        )
        for batch in _batches(feedback, BATCH_SIZE):
            session.execute(insert(_table("feedback")), batch)
        session.commit()
        if session.get_bind().dialect.name == "postgresql":
            _vacuum(session)

    waiting = sum(1 for state in schedule.today_states if state is VisitState.WAITING)
    return DemoSummary(clients=clients, visits=len(schedule.arrivals), today_waiting=waiting)


def clients_held(session_factory: sessionmaker[Session]) -> int:
    """How many clients the database holds: ``rinnalla demo`` adds to none without ``--add``."""
    with session_factory() as session:
        return session.scalar(select(func.count()).select_from(ClientRow)) or 0


def ensure_demo_accounts(
    session_factory: sessionmaker[Session], *, clock: Clock
) -> list[tuple[str, StaffRole, str]]:
    """Log-in accounts for the demo administrator and the :data:`STAFF_NAMES`, with the
    passphrases the README lists; returns those made, with their passphrases.

    Written directly, like the rest of the demo data: filling a database with
    demo data is set-up by whoever holds the database, as ``rinnalla db
    upgrade`` is, not a worker's action. So it works whether the first
    administrator was created before the demo or not. A demo worker's staff
    row without a passphrase gets its role and passphrase; a row that already
    has a passphrase is left exactly as it is, so running the demo again
    never makes a second account nor changes a passphrase.
    """
    from domain.accounts import DEMO_ADMIN, demo_passphrase, hash_passphrase

    admin_name, admin_passphrase = DEMO_ADMIN
    wanted = [(admin_name, StaffRole.ADMIN, admin_passphrase)]
    wanted += [(name, STAFF_ROLES[name], demo_passphrase(name)) for name in STAFF_NAMES]
    made: list[tuple[str, StaffRole, str]] = []
    with session_factory() as session:
        for name, role, passphrase in wanted:
            row = session.scalars(select(StaffRow).where(StaffRow.name == name)).first()
            if row is not None and row.passphrase_hash is not None:
                continue
            if row is None:
                row = StaffRow(name=name, created_at=clock.now())
                session.add(row)
            row.role = role
            row.passphrase_hash = hash_passphrase(passphrase)
            made.append((name, role, passphrase))
        session.commit()
    return made


def _vacuum(session: Session) -> None:
    """``VACUUM (ANALYZE)`` the whole database after a bulk load on PostgreSQL.

    The planner should know the new rows at once, not when autovacuum gets
    round to them: without statistics it plans the name search (and the
    reports) for empty tables. The vacuum also marks the new pages all-visible
    (unless another session's snapshot still needs the old view of them), so
    index-only scans need not visit the table, as in a database that autovacuum
    has looked after. VACUUM cannot run inside a transaction.
    """
    bind = session.get_bind()
    engine = bind if isinstance(bind, Engine) else bind.engine
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM (ANALYZE)"))


# --- the schedule ----------------------------------------------------------------------


def _plan_schedule(
    rng: random.Random,
    *,
    now: dt.datetime,
    today: dt.date,
    clients: int,
    days: int,
    hours: Sequence[OpeningHours],
) -> _Schedule:
    sessions = _history_sessions(today, days, hours)
    arrivals: array[int] = array("q")
    outside = bytearray()
    expected = clients * VISITS_PER_CLIENT_YEAR * days / 365
    mean_per_session = expected / len(sessions) if sessions else 0.0
    session_starts: set[int] = set()
    for stretches in sessions:
        count = max(1, round(mean_per_session * rng.uniform(0.5, 1.5)))
        session_starts.add(len(arrivals))
        beyond = int(count * OUTSIDE_SHARE * rng.uniform(0, 2) + rng.random())
        early = rng.randint(0, beyond)
        late = beyond - early
        opens, closes = stretches[0][0], stretches[-1][1]
        arrivals.extend(sorted(rng.randrange(opens - _OUTSIDE_WINDOW, opens) for _ in range(early)))
        arrivals.extend(sorted(_arrivals_within(rng, stretches, count)))
        arrivals.extend(
            sorted(rng.randrange(closes, closes + _OUTSIDE_WINDOW) for _ in range(late))
        )
        outside.extend(b"\x01" * early + bytes(count) + b"\x01" * late)
    history_count = len(arrivals)
    session_starts.add(history_count)  # today's queue

    today_states, today_arrivals = _plan_today(rng, now=now, today=today)
    arrivals.extend(today_arrivals)
    outside.extend(not is_within_hours(hours, _from_ts(at)) for at in today_arrivals)
    waiting_positions = [
        history_count + i for i, s in enumerate(today_states) if s is VisitState.WAITING
    ]
    urgent_position, anonymous_position = rng.sample(waiting_positions, 2)

    anonymous = bytearray(len(arrivals))
    for i in range(history_count):
        anonymous[i] = rng.random() < ANONYMOUS_SHARE
    anonymous[anonymous_position] = 1
    identified = len(arrivals) - sum(anonymous)

    new_clients = min(clients, round(identified * NEW_CLIENT_SHARE))
    earlier = clients - new_clients
    client_indexes: array[int] = array("q")
    first_arrival: dict[int, int] = {}
    new_left = new_clients
    identified_left = identified
    seen_in_session: set[int] = set()
    for i, arrived in enumerate(arrivals):
        if i in session_starts:
            seen_in_session.clear()
        if anonymous[i] or clients == 0:
            client_indexes.append(-1)
            continue
        known = earlier + (new_clients - new_left)
        if new_left and (known == 0 or rng.random() < new_left / identified_left):
            index = known
            new_left -= 1
            first_arrival[index] = arrived
        else:
            index = _returning_client(rng, known, seen_in_session)
        identified_left -= 1
        seen_in_session.add(index)
        client_indexes.append(index)

    history_start = sessions[0][0][0] if sessions else int(now.timestamp())
    return _Schedule(
        arrivals=arrivals,
        client_indexes=client_indexes,
        outside=outside,
        earlier_clients=earlier,
        first_arrival=first_arrival,
        history_start=min(history_start, int(now.timestamp())),
        today_states=today_states,
        today_urgent=urgent_position,
    )


def _history_sessions(
    today: dt.date, days: int, hours: Sequence[OpeningHours]
) -> list[list[tuple[int, int]]]:
    """Each walk-in day before today: its open stretches as (opens, closes) UTC epoch
    seconds. Public holidays are closed, as :func:`domain.opening_hours.walk_in_status`
    says."""
    by_weekday = {weekday: open_stretches(hours, weekday) for weekday in range(7)}
    sessions: list[list[tuple[int, int]]] = []
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        stretches = by_weekday[day.weekday()]
        if not stretches or is_public_holiday(day):
            continue
        sessions.append(
            [
                (
                    int(dt.datetime.combine(day, opens, tzinfo=HELSINKI).timestamp()),
                    int(dt.datetime.combine(day, closes, tzinfo=HELSINKI).timestamp()),
                )
                for opens, closes in stretches
            ]
        )
    return sessions


def _arrivals_within(
    rng: random.Random, stretches: Sequence[tuple[int, int]], count: int
) -> Iterator[int]:
    """``count`` arrival times in the day's open stretches, none in the last minutes."""
    if len(stretches) == 1:
        opens, closes = stretches[0]
        last = max(opens + 1, closes - _LAST_ARRIVAL_MARGIN)
        return (_between(rng, opens, last) for _ in range(count))
    picked = rng.choices(stretches, weights=[c - o for o, c in stretches], k=count)
    return (_between(rng, o, max(o + 1, c - _LAST_ARRIVAL_MARGIN)) for o, c in picked)


def _plan_today(
    rng: random.Random, *, now: dt.datetime, today: dt.date
) -> tuple[list[VisitState], list[int]]:
    """Today's states (by arrival order) and arrivals: done, 1–2 in service, the rest wait."""
    count = rng.randint(6, 8)
    in_service = rng.randint(1, 2)
    states = (
        [VisitState.DONE]
        + [VisitState.IN_SERVICE] * in_service
        + [VisitState.WAITING] * (count - 1 - in_service)
    )
    now_ts = int(now.timestamp())
    day_start = int(local_day_bounds(today)[0].timestamp())
    window_start = max(now_ts - int(TODAY_WINDOW.total_seconds()), day_start)
    arrivals = sorted(rng.randint(window_start, now_ts) for _ in range(count))
    return states, arrivals


def _returning_client(rng: random.Random, known: int, avoid: set[int]) -> int:
    """A known client coming back; regulars more often; not twice in a session if avoidable."""
    index = 0
    for _ in range(5):
        if rng.random() < 0.35:
            index = _between(rng, 0, (known + REGULAR_EVERY - 1) // REGULAR_EVERY) * REGULAR_EVERY
        else:
            index = _between(rng, 0, known)
        if index not in avoid:
            break
    return index


# --- rows ------------------------------------------------------------------------------


def _client_rows(
    rng: random.Random,
    schedule: _Schedule,
    *,
    today: dt.date,
    clients: int,
    taken: set[str],
    facts: _ClientFacts,
) -> Iterator[dict[str, Any]]:
    """Client rows in id order: earlier clients by creation time, then by first visit.

    What the later rows need of each client is noted in ``facts`` on the way.
    """
    first_day = _from_ts(schedule.history_start).astimezone(HELSINKI).date()
    earlier_created = sorted(
        _office_hours_before(rng, first_day) for _ in range(schedule.earlier_clients)
    )
    oldest = _years_before(today, MAX_AGE + 1).toordinal() + 1
    youngest = _years_before(today, MIN_AGE).toordinal()
    for index in range(clients):
        if index < schedule.earlier_clients:
            created = earlier_created[index]
        else:
            created = schedule.first_arrival[index] - rng.randint(10, 120)
        female = rng.random() < 0.5
        first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
        name: str | None = f"{rng.choice(SURNAMES)} {first}"
        birth = dt.date.fromordinal(rng.randint(oldest, youngest))
        hetu: str | None = None
        birth_year: int | None = birth.year
        kind = rng.random()
        if kind < HETU_SHARE:
            hetu, birth = _unique_hetu(rng, birth, female, taken, oldest, youngest)
            birth_year = birth.year
        elif kind < 0.94:
            pass  # a name and a birth year
        elif kind < 0.98:
            birth_year = None  # a name only
        else:
            name = None  # only a birth year: the name was not told
        elderly = today.year - birth.year >= 65
        allowance = rng.random() < (HIGHEST_CARE_ALLOWANCE_OLD if elderly else 0.005)
        facts.created.append(created)
        facts.birth_years.append(birth_year or 0)
        facts.hetus.append(hetu)
        facts.highest_care_allowance.append(allowance)
        yield {
            "name": name,
            "name_key": normalise_name(name or ""),
            "hetu": hetu,
            "birth_year": birth_year,
            "created_at": _from_ts(created),
            "version": 1,
            "highest_care_allowance": allowance,
        }


def _unique_hetu(
    rng: random.Random,
    birth: dt.date,
    female: bool,
    taken: set[str],
    oldest: int,
    youngest: int,
) -> tuple[str, dt.date]:
    """A temporary-range code not in ``taken`` (which it joins); even numbers for women."""
    numbers = range(TEMPORARY_NUMBERS.start + (0 if female else 1), TEMPORARY_NUMBERS.stop, 2)
    for _ in range(10_000):
        code = make_hetu(birth, rng.choice(numbers))
        if code not in taken:
            taken.add(code)
            return code, birth
        birth = dt.date.fromordinal(rng.randint(oldest, youngest))
    raise DemoCodesExhausted


def _visit_rows(
    rng: random.Random,
    schedule: _Schedule,
    *,
    now: dt.datetime,
    location_id: int,
    client_ids: Sequence[int],
    staff_ids: Sequence[int],
) -> Iterator[dict[str, Any]]:
    today_from = len(schedule.arrivals) - len(schedule.today_states)
    now_ts = int(now.timestamp())
    for position, (arrived, index, outside) in enumerate(
        zip(schedule.arrivals, schedule.client_indexes, schedule.outside, strict=True)
    ):
        row: dict[str, Any] = {
            "location_id": location_id,
            "client_id": client_ids[index] if index >= 0 else None,
            "reason": _pick(rng, REASONS),
            "channel": _pick(rng, _CHANNEL_POOL),
            "urgency": Urgency.NORMAL,
            "state": VisitState.WAITING,
            "arrived_at": _from_ts(arrived),
            "registered_by": _pick(rng, staff_ids),
            "called_at": None,
            "called_by": None,
            "ended_at": None,
            "ended_by": None,
            "feedback_given": None,
            "version": 1,
            "outside_hours": bool(outside),
        }
        if position < today_from:
            _past_outcome(rng, row, arrived, staff_ids)
        else:
            state = schedule.today_states[position - today_from]
            _today_outcome(rng, row, state, arrived, now_ts, staff_ids)
            if position == schedule.today_urgent:
                row["urgency"] = Urgency.URGENT
        if row["state"] is VisitState.DONE:
            row["feedback_given"] = rng.random() < FEEDBACK_GIVEN_SHARE
        yield row


def _past_outcome(
    rng: random.Random, row: dict[str, Any], arrived: int, staff_ids: Sequence[int]
) -> None:
    """Fill state and times of a past visit: served, or left while waiting or in service."""
    if rng.random() < URGENT_SHARE:
        row["urgency"] = Urgency.URGENT
    worker = _pick(rng, staff_ids)
    called = arrived + _between(rng, 60, 45 * 60 + 1)
    if rng.random() < DONE_SHARE:
        row["state"] = VisitState.DONE
        ended = called + _between(rng, 8 * 60, 40 * 60 + 1)
    else:
        row["state"] = VisitState.LEFT
        if rng.random() < 0.6:  # gave up waiting: never called
            row["ended_at"] = _from_ts(arrived + _between(rng, 5 * 60, 60 * 60 + 1))
            row["ended_by"] = worker
            return
        ended = called + _between(rng, 60, 15 * 60 + 1)
    row["called_at"] = _from_ts(called)
    row["called_by"] = worker
    row["ended_at"] = _from_ts(ended)
    row["ended_by"] = worker


def _today_outcome(
    rng: random.Random,
    row: dict[str, Any],
    state: VisitState,
    arrived: int,
    now: int,
    staff_ids: Sequence[int],
) -> None:
    """Fill state and times of a visit in today's queue; nothing after ``now``."""
    row["state"] = state
    if state is VisitState.WAITING:
        return
    worker = rng.choice(staff_ids)
    called = arrived + int((now - arrived) * rng.uniform(0.1, 0.6))
    row["called_at"] = _from_ts(called)
    row["called_by"] = worker
    if state is VisitState.DONE:
        row["ended_at"] = _from_ts(called + int((now - called) * rng.uniform(0.3, 0.7)))
        row["ended_by"] = worker


# --- coordination, deadlines and feedback ----------------------------------------------


def _add_case_management(
    session: Session,
    rng: random.Random,
    facts: _ClientFacts,
    *,
    now: dt.datetime,
    client_ids: Sequence[int],
    professional_ids: Sequence[int],
    staff_ids: Sequence[int],
) -> None:
    """Case managers for some clients: at most one active at a time (R4); some were
    replaced, some relationships ended by a recorded reason (R5) with or without the
    feedback instructions handed over (R10). Each case manager joins the network."""
    now_ts = int(now.timestamp())
    assignments: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    for index, client_id in enumerate(client_ids):
        if rng.random() >= CASE_MANAGED_SHARE:
            continue
        start = facts.created[index] + rng.randint(3600, 120 * _DAY)
        if start >= now_ts - 3600:
            continue
        chain = [(rng.choice(professional_ids), start)]
        if rng.random() < REPLACED_SHARE:
            successor_start = start + rng.randint(7 * _DAY, 90 * _DAY)
            successor = rng.choice([p for p in professional_ids if p != chain[0][0]])
            if successor_start < now_ts - 3600:
                chain.append((successor, successor_start))
        interim = rng.random() < 0.5
        for link, (professional_id, since) in enumerate(chain):
            row: dict[str, Any] = {
                "client_id": client_id,
                "professional_id": professional_id,
                "interim": interim and link == 0,
                "started_at": _from_ts(since),
                "started_by": rng.choice(staff_ids),
                "ended_at": None,
                "ended_by": None,
                "end_reason": None,
                "end_note": "",
                "feedback_given": None,
                # Old namings in the demo are long since seen (not on anyone's F7 list).
                "acknowledged_at": _from_ts(since),
            }
            if link + 1 < len(chain):
                row["ended_at"] = _from_ts(chain[link + 1][1])
                row["ended_by"] = row["started_by"]
                row["end_reason"] = EndReason.REPLACED
            elif rng.random() < ENDED_SHARE:
                ended = since + rng.randint(14 * _DAY, 300 * _DAY)
                if ended < now_ts:
                    reason = rng.choice(_ENDINGS)
                    row["ended_at"] = _from_ts(ended)
                    row["ended_by"] = rng.choice(staff_ids)
                    row["end_reason"] = reason
                    if reason is EndReason.OTHER:
                        row["end_note"] = "Asiakas siirtyi toisen kunnan palveluihin."
                    row["feedback_given"] = rng.random() < FEEDBACK_GIVEN_SHARE
            assignments.append(row)
            members.append(
                {
                    "client_id": client_id,
                    "professional_id": professional_id,
                    "close_name": "",
                    "relation": "",
                    "responsibility": "",
                    "since": _from_ts(since).astimezone(HELSINKI).date(),
                    "until": None,
                    "justification": "",
                    "version": 1,
                }
            )
    for batch in _batches(assignments, BATCH_SIZE):
        session.execute(insert(_table("case_manager_assignments")), batch)
    for batch in _batches(members, BATCH_SIZE):
        session.execute(insert(_table("network_members")), batch)


def _pending_rows(
    rng: random.Random,
    facts: _ClientFacts,
    *,
    today: dt.date,
    days: int,
    client_ids: Sequence[int],
    staff_ids: Sequence[int],
) -> Iterator[dict[str, Any]]:
    """Pending service need assessments (R9), due dates by the same rules as the desk's:
    most started on time, some late, some still open; clients over 75 or on the highest
    care allowance more often, and their deadline is the statutory one."""
    rules = DeadlineRules()
    window_start = today - dt.timedelta(days=min(days, 365))
    for index, client_id in enumerate(client_ids):
        birth_year = facts.birth_years[index] or None
        likely = facts.highest_care_allowance[index] or (
            birth_year is not None and today.year - birth_year >= 75
        )
        if rng.random() >= (PENDING_LIKELY_STATUTORY_SHARE if likely else PENDING_SHARE):
            continue
        created = _from_ts(facts.created[index]).astimezone(HELSINKI).date()
        first = max(window_start, created)
        if first > today:
            continue
        since = first + dt.timedelta(days=rng.randint(0, (today - first).days))
        while not is_working_day(since):
            since += dt.timedelta(days=1)
        if since > today:
            continue
        code = facts.hetus[index]
        client = Client(
            id=client_id,
            name=None,
            hetu=parse_hetu(code, allow_temporary=True) if code else None,
            birth_year=birth_year,
            created_at=_from_ts(facts.created[index]),
            version=1,
            highest_care_allowance=bool(facts.highest_care_allowance[index]),
        )
        due = due_date(client, since, rules)
        started: dt.date | None = None
        chance = rng.random()
        if due < today:
            if chance < 0.65:  # on time
                started = since + dt.timedelta(days=rng.randint(0, (due - since).days))
            elif chance < 0.9:  # late
                started = due + dt.timedelta(days=rng.randint(1, min(20, (today - due).days)))
        elif chance < 0.4:
            started = since + dt.timedelta(days=rng.randint(0, (today - since).days))
        yield {
            "client_id": client_id,
            "pending_since": since,
            "due_on": due,
            "statutory": is_statutory(client, since),
            "started_on": started,
            "recorded_by": rng.choice(staff_ids),
            "version": 1,
        }


def _feedback_rows(
    session: Session,
    rng: random.Random,
    *,
    now: dt.datetime,
    today: dt.date,
    visits_after: int,
    assignments_after: int,
    staff_ids: Sequence[int],
) -> list[dict[str, Any]]:
    """Feedback after some served visits and closed relationships (R10); about a third
    anonymous, which keeps the worker, the place and the day but not the client."""
    rows: list[dict[str, Any]] = []
    visits = session.execute(
        select(
            VisitRow.id,
            VisitRow.client_id,
            VisitRow.ended_at,
            VisitRow.ended_by,
            VisitRow.location_id,
        )
        .where(
            VisitRow.id > visits_after,
            VisitRow.state == VisitState.DONE,
            VisitRow.feedback_given.is_(True),
            VisitRow.id % VISIT_FEEDBACK_EVERY == 0,
        )
        .order_by(VisitRow.id)
    )
    for visit_id, client_id, ended_at, ended_by, location_id in visits:
        if ended_at is None:  # a served visit always has its end; the type does not know
            continue
        anonymous = rng.random() < ANONYMOUS_FEEDBACK_SHARE
        row = _feedback_row(rng, FeedbackKind.VISIT, ended_at, now, today, staff_ids)
        row.update(
            anonymous=anonymous,
            visit_id=None if anonymous else visit_id,
            client_id=None if anonymous else client_id,
            staff_id=ended_by,
            location_id=location_id,
        )
        rows.append(row)
    closures = session.execute(
        select(
            CaseManagerRow.id,
            CaseManagerRow.client_id,
            CaseManagerRow.professional_id,
            CaseManagerRow.ended_at,
        )
        .where(
            CaseManagerRow.id > assignments_after,
            CaseManagerRow.ended_at.is_not(None),
            CaseManagerRow.end_reason != EndReason.REPLACED,
            CaseManagerRow.feedback_given.is_(True),
        )
        .order_by(CaseManagerRow.id)
    )
    for assignment_id, client_id, professional_id, ended_at in closures:
        if ended_at is None or rng.random() >= CLOSURE_FEEDBACK_SHARE:
            continue
        anonymous = rng.random() < ANONYMOUS_FEEDBACK_SHARE
        row = _feedback_row(rng, FeedbackKind.CLOSURE, ended_at, now, today, staff_ids)
        row.update(
            anonymous=anonymous,
            assignment_id=None if anonymous else assignment_id,
            client_id=None if anonymous else client_id,
            professional_id=professional_id,
        )
        rows.append(row)
    return rows


def _feedback_row(
    rng: random.Random,
    kind: FeedbackKind,
    closed_at: dt.datetime,
    now: dt.datetime,
    today: dt.date,
    staff_ids: Sequence[int],
) -> dict[str, Any]:
    """A feedback row given within a week of the closure, never after ``now``."""
    closed = closed_at.astimezone(HELSINKI)
    given_on = min(today, closed.date() + dt.timedelta(days=rng.randint(0, 7)))
    during_office_hours = dt.datetime.combine(given_on, dt.time(8), tzinfo=HELSINKI)
    moment = during_office_hours + dt.timedelta(seconds=rng.randrange(8 * 3600))
    recorded = min(now, max(closed + dt.timedelta(minutes=5), moment))
    score = rng.choices(_SCORES, weights=_SCORE_WEIGHTS)[0]
    return {
        "kind": kind,
        "score": score,
        "text": rng.choice(FEEDBACK_TEXTS[score]),
        "given_on": recorded.astimezone(HELSINKI).date(),
        "anonymous": False,
        "recorded_at": recorded.astimezone(dt.UTC),
        "recorded_by": rng.choice(staff_ids),
        "visit_id": None,
        "assignment_id": None,
        "client_id": None,
        "staff_id": None,
        "professional_id": None,
        "location_id": None,
    }


# --- helpers ---------------------------------------------------------------------------


def _ensure_location(session: Session, code: str, name: str) -> int:
    location = session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
    if location is None:
        location = LocationRow(code=code, name=name)
        session.add(location)
        session.flush()
    return location.id


def _ensure_hours(session: Session, location_id: int) -> list[OpeningHours]:
    """The location's walk-in hours; :data:`WALK_IN_HOURS` when it has none yet."""
    rows = list(
        session.scalars(select(OpeningHoursRow).where(OpeningHoursRow.location_id == location_id))
    )
    if not rows:
        rows = [
            OpeningHoursRow(
                location_id=location_id,
                weekday=weekday,
                opens_minute=opens.hour * 60 + opens.minute,
                closes_minute=closes.hour * 60 + closes.minute,
            )
            for weekday, opens, closes in WALK_IN_HOURS
        ]
        session.add_all(rows)
        session.flush()
    return [hours_from_row(row) for row in rows]


def _ensure_team(session: Session, location_id: int, area: str) -> int:
    """The location's MOTI team: its own when it has one, else the demo team."""
    location = session.get_one(LocationRow, location_id)
    if location.team_id is not None:
        return location.team_id
    team = session.scalars(select(TeamRow).where(TeamRow.name == TEAM_NAME)).first()
    if team is None:
        team = TeamRow(name=TEAM_NAME, area=area)
        session.add(team)
        session.flush()
    location.team_id = team.id
    session.flush()
    return team.id


def _ensure_case_managers(session: Session, team_id: int, staff_ids: dict[str, int]) -> list[int]:
    """The :data:`CASE_MANAGERS` as professionals (linked to their staff rows) in the team."""
    ids: list[int] = []
    for name, title in CASE_MANAGERS:
        staff_id = staff_ids[name]
        professional = session.scalars(
            select(ProfessionalRow).where(ProfessionalRow.staff_id == staff_id)
        ).first()
        if professional is None:
            professional = ProfessionalRow(
                name=name,
                name_key=normalise_name(f"{name} {title} {ORGANISATION}"),
                title=title,
                organisation=ORGANISATION,
                sector=Sector.SOCIAL,
                phone="040 000 0000",
                email="",
                staff_id=staff_id,
                version=1,
            )
            session.add(professional)
            session.flush()
        member = session.scalars(
            select(TeamMemberRow).where(
                TeamMemberRow.team_id == team_id,
                TeamMemberRow.professional_id == professional.id,
            )
        ).first()
        if member is None:
            session.add(
                TeamMemberRow(
                    team_id=team_id,
                    professional_id=professional.id,
                    domains="",
                    sectors=Sector.SOCIAL.value,
                    availability="ti ja to aamupäivisin",
                )
            )
            session.flush()
        ids.append(professional.id)
    return ids


def _ensure_staff(session: Session, names: Iterable[str], *, created_at: dt.datetime) -> list[int]:
    ids: list[int] = []
    for name in names:
        staff = session.scalars(select(StaffRow).where(StaffRow.name == name)).first()
        if staff is None:
            staff = StaffRow(name=name, created_at=created_at)
            session.add(staff)
            session.flush()
        ids.append(staff.id)
    return ids


def _ensure_catalogue(session: Session) -> None:
    """Referral targets for the demo, unless the organisation already keeps its own."""
    if session.scalar(select(func.count()).select_from(ServiceRow)):
        return
    session.execute(
        insert(_table("services")),
        [
            {
                "name": name,
                "sector": sector,
                "contact": contact,
                "active": True,
                "version": 1,
                "early_support": name in EARLY_SUPPORT_SERVICES,
            }
            for name, sector, contact in CATALOGUE
        ],
    )


def _office_hours_before(rng: random.Random, day: dt.date) -> int:
    """A weekday moment, 8–16 Helsinki time, 1 day to 3 years before ``day``."""
    earlier = day - dt.timedelta(days=rng.randint(1, 3 * 365))
    if earlier.weekday() >= 5:  # a weekend: the Friday before
        earlier -= dt.timedelta(days=earlier.weekday() - 4)
    moment = dt.datetime.combine(earlier, dt.time(8), tzinfo=HELSINKI)
    return int(moment.timestamp()) + rng.randrange(8 * 3600)


def _between(rng: random.Random, low: int, high: int) -> int:
    """A whole number in ``low``..``high - 1``; several times faster than ``randrange``,
    which matters a million visits over."""
    return low + int(rng.random() * (high - low))


_S = TypeVar("_S")


def _pick(rng: random.Random, items: Sequence[_S]) -> _S:
    """Like ``rng.choice``, faster, for the per-visit choices."""
    return items[int(rng.random() * len(items))]


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _from_ts(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


_T = TypeVar("_T")


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
