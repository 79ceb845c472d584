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
"""

from __future__ import annotations

import datetime as dt
import random
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from domain.clock import HELSINKI, Clock, local_day_bounds, local_today
from domain.identity import TEMPORARY_NUMBERS, make_hetu
from domain.sectors import Sector
from domain.text import normalise_name
from domain.visits import ReferralChannel, Urgency, VisitState
from storage.orm import Base, ClientRow, LocationRow, ServiceRow, StaffRow

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
    (3, dt.time(12), dt.time(15)),  # Thursday
)
"""Weekly walk-in hours, Helsinki time: (weekday, opens, closes); Monday is 0."""

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

_LAST_ARRIVAL_MARGIN = 10 * 60  # nobody is let in during the last ten minutes


@dataclass(frozen=True)
class DemoSummary:
    """What :func:`fill_demo` added."""

    clients: int
    visits: int
    today_waiting: int


@dataclass
class _Schedule:
    """Who arrives when: the skeleton that the rows are later built around.

    ``arrivals`` (UTC epoch seconds) and ``client_indexes`` (-1 for an
    anonymous visitor) run in time order; the last ``len(today_states)``
    entries are today's queue.
    """

    arrivals: array[int]
    client_indexes: array[int]
    earlier_clients: int
    first_arrival: dict[int, int]
    history_start: int
    today_states: list[VisitState]
    today_urgent: int


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
    ``location_name`` when missing); six demo staff members are found by name
    or created; the :data:`CATALOGUE` services are added when the catalogue is
    empty (an organisation's own catalogue is never mixed with demo entries).
    ``clients`` clients are added, about 80 % with a temporary-range
    hetu; ``days`` days before today get visits during the weekly walk-in hours
    (Tuesdays and Thursdays 12–15 Helsinki time), about ``10/3`` visits per
    client per year; today gets 6–8 visits from the last 90 minutes, most of
    them waiting. Some clients were clients before the history starts (they
    have no first visit in it); the others are created just before their first
    visit.

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
    schedule = _plan_schedule(rng, now=now, today=today, clients=clients, days=days)
    total = clients + len(schedule.arrivals)
    report = progress or (lambda _done, _total: None)

    with session_factory() as session:
        staff_since = _from_ts(schedule.history_start) - dt.timedelta(days=30)
        location_id = _ensure_location(session, location_code, location_name)
        staff_ids = _ensure_staff(session, STAFF_NAMES, created_at=staff_since)
        _ensure_catalogue(session)
        stored = session.scalars(select(ClientRow.hetu).where(ClientRow.hetu.is_not(None)))
        taken = {code for code in stored if code}
        before = session.scalar(select(func.max(ClientRow.id))) or 0

        report(0, total)
        done = 0
        client_rows = _client_rows(rng, schedule, today=today, clients=clients, taken=taken)
        for batch in _batches(client_rows, BATCH_SIZE):
            session.execute(insert(_table("clients")), batch)
            done += len(batch)
            report(done, total)
        client_ids = list(
            session.scalars(
                select(ClientRow.id).where(ClientRow.id > before).order_by(ClientRow.id)
            )
        )
        if len(client_ids) != clients:
            raise RuntimeError("another writer added clients while the demo was being filled")

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
        session.commit()

    waiting = sum(1 for state in schedule.today_states if state is VisitState.WAITING)
    return DemoSummary(clients=clients, visits=len(schedule.arrivals), today_waiting=waiting)


# --- the schedule ----------------------------------------------------------------------


def _plan_schedule(
    rng: random.Random, *, now: dt.datetime, today: dt.date, clients: int, days: int
) -> _Schedule:
    sessions = _history_sessions(today, days)
    arrivals: array[int] = array("q")
    expected = clients * VISITS_PER_CLIENT_YEAR * days / 365
    mean_per_session = expected / len(sessions) if sessions else 0.0
    session_starts: set[int] = set()
    for opens, closes in sessions:
        count = max(1, round(mean_per_session * rng.uniform(0.5, 1.5)))
        last = max(opens + 1, closes - _LAST_ARRIVAL_MARGIN)
        session_starts.add(len(arrivals))
        arrivals.extend(sorted(rng.randrange(opens, last) for _ in range(count)))
    history_count = len(arrivals)
    session_starts.add(history_count)  # today's queue

    today_states, today_arrivals = _plan_today(rng, now=now, today=today)
    arrivals.extend(today_arrivals)
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

    history_start = sessions[0][0] if sessions else int(now.timestamp())
    return _Schedule(
        arrivals=arrivals,
        client_indexes=client_indexes,
        earlier_clients=earlier,
        first_arrival=first_arrival,
        history_start=min(history_start, int(now.timestamp())),
        today_states=today_states,
        today_urgent=urgent_position,
    )


def _history_sessions(today: dt.date, days: int) -> list[tuple[int, int]]:
    """(opens, closes) in UTC epoch seconds for every walk-in session before today."""
    sessions: list[tuple[int, int]] = []
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        for weekday, opens, closes in WALK_IN_HOURS:
            if day.weekday() == weekday:
                start = dt.datetime.combine(day, opens, tzinfo=HELSINKI)
                end = dt.datetime.combine(day, closes, tzinfo=HELSINKI)
                sessions.append((int(start.timestamp()), int(end.timestamp())))
    return sessions


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
            index = rng.randrange(0, known, REGULAR_EVERY)
        else:
            index = rng.randrange(known)
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
) -> Iterator[dict[str, Any]]:
    """Client rows in id order: earlier clients by creation time, then by first visit."""
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
        yield {
            "name": name,
            "name_key": normalise_name(name or ""),
            "hetu": hetu,
            "birth_year": birth_year,
            "created_at": _from_ts(created),
            "version": 1,
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
    raise ValueError("no free temporary identity codes left for the demo")


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
    for position, (arrived, index) in enumerate(
        zip(schedule.arrivals, schedule.client_indexes, strict=True)
    ):
        row: dict[str, Any] = {
            "location_id": location_id,
            "client_id": client_ids[index] if index >= 0 else None,
            "reason": rng.choice(REASONS),
            "channel": rng.choice(_CHANNEL_POOL),
            "urgency": Urgency.NORMAL,
            "state": VisitState.WAITING,
            "arrived_at": _from_ts(arrived),
            "registered_by": rng.choice(staff_ids),
            "called_at": None,
            "called_by": None,
            "ended_at": None,
            "ended_by": None,
            "version": 1,
        }
        if position < today_from:
            _past_outcome(rng, row, arrived, staff_ids)
        else:
            state = schedule.today_states[position - today_from]
            _today_outcome(rng, row, state, arrived, now_ts, staff_ids)
            if position == schedule.today_urgent:
                row["urgency"] = Urgency.URGENT
        yield row


def _past_outcome(
    rng: random.Random, row: dict[str, Any], arrived: int, staff_ids: Sequence[int]
) -> None:
    """Fill state and times of a past visit: served, or left while waiting or in service."""
    if rng.random() < URGENT_SHARE:
        row["urgency"] = Urgency.URGENT
    worker = rng.choice(staff_ids)
    called = arrived + rng.randint(60, 45 * 60)
    if rng.random() < DONE_SHARE:
        row["state"] = VisitState.DONE
        ended = called + rng.randint(8 * 60, 40 * 60)
    else:
        row["state"] = VisitState.LEFT
        if rng.random() < 0.6:  # gave up waiting: never called
            row["ended_at"] = _from_ts(arrived + rng.randint(5 * 60, 60 * 60))
            row["ended_by"] = worker
            return
        ended = called + rng.randint(60, 15 * 60)
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


# --- helpers ---------------------------------------------------------------------------


def _ensure_location(session: Session, code: str, name: str) -> int:
    location = session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
    if location is None:
        location = LocationRow(code=code, name=name)
        session.add(location)
        session.flush()
    return location.id


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
            {"name": name, "sector": sector, "contact": contact, "active": True, "version": 1}
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
