"""Repositories: the domain's ports over one SQLAlchemy session."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    delete,
    func,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.orm.exc import StaleDataError

from domain.case_management import CaseManagerAssignment, EndReason
from domain.catalogue import Service, ServiceInput
from domain.clients import Client, NewClient
from domain.clock import Clock
from domain.errors import NotFound, StaleVersion
from domain.i18n import N_, tr
from domain.intake import IntakeContent, IntakeDraft, IntakeRecord
from domain.search import ClientQuery, CorrectedQuery
from domain.staff import Account, Location, LoginAttempt, Staff, StaffRole
from domain.text import normalise_name
from domain.visits import NewVisit, Visit, VisitState

# Imported for its listeners: they index every client name written (for search).
from storage import name_index  # noqa: F401
from storage.converters import (
    account_from_row,
    assignment_from_row,
    client_from_row,
    copy_visit_to_row,
    draft_from_row,
    location_from_row,
    record_from_row,
    service_from_row,
    staff_from_row,
    visit_from_row,
)
from storage.orm import (
    CaseManagerRow,
    ClientNameWordRow,
    ClientRow,
    IntakeDraftRow,
    IntakeRecordRow,
    LocationRow,
    LoginAttemptRow,
    NameTypoKeyRow,
    NameWordRow,
    ServiceRow,
    StaffRow,
    VisitRow,
)
from storage.queue_watch import notify_queue_changed
from storage.versions import (
    created_meanwhile_refused,
    refused_if_stale,
    require_row_version,
    require_version,
    stamp,
)

FEW_CLIENTS = 3000
"""A name search whose term is in the names of at most this many clients reads
just those clients (see ``SqlClientRepository._words_of_few_clients``)."""

FEW_CLIENTS_TRIGRAMS = 20_000
"""The same on PostgreSQL, where the trigram index finds them: reading and
sorting that many rows still beats reading the name index in order when they
sort late. Also the most client ids fetched for a word after a typo there."""

WORD_LOOKUP_MIN_LENGTH = 3
"""Terms this long are looked up among the name words first. One or two letters
are in most names: listing the words that hold them would cost more than it
saves, and the name index read in order finds enough of them at once."""


_Order = tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]
_BY_NAME: _Order = (ClientRow.name_key, ClientRow.id)
_FEW_BY_NAME: _Order = (ClientRow.name_key.concat(""), ClientRow.id)
"""The same order, for a search that reads only a rare term's few clients: sorted
by an expression rather than the column, so that no engine reads the whole name
index in order to skip all but those (PostgreSQL's planner did, expecting them
spread out; sorting a few thousand rows is quick)."""


def _holders_of(words: Sequence[str]) -> Select[int]:
    """The ids of the clients whose name has one of these words (an index lookup
    per word); a client with two of them is listed twice."""
    return select(ClientNameWordRow.client_id).where(ClientNameWordRow.word.in_(words))


def _has_one_of(words: Sequence[str]) -> ColumnElement[bool]:
    """The client's name has one of these words."""
    return ClientRow.id.in_(_holders_of(words))


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlClientRepository:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock
        # The engines need the name search put differently (see the searches).
        self._postgresql = session.get_bind().dialect.name == "postgresql"

    def get(self, client_id: int) -> Client:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            raise NotFound(tr("storage.client_missing"))
        return client_from_row(row)

    def get_many(self, client_ids: Iterable[int]) -> dict[int, Client]:
        ids = list(client_ids)
        if not ids:
            return {}
        rows = self._session.scalars(select(ClientRow).where(ClientRow.id.in_(ids)))
        return {row.id: client_from_row(row) for row in rows}

    def set_highest_care_allowance(self, client_id: int, value: bool, seen_version: int) -> Client:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            raise NotFound(tr("storage.client_missing"))
        require_version(row.version, seen_version, N_("storage.client_stale"))
        row.highest_care_allowance = value
        with refused_if_stale(N_("storage.client_stale")):
            self._session.flush()
        return client_from_row(row)

    def add(self, new: NewClient) -> Client:
        row = ClientRow(
            name=new.name,
            name_key=normalise_name(new.name or ""),
            hetu=new.hetu.code if new.hetu else None,
            birth_year=new.birth_year,
            created_at=self._clock.now(),
        )
        self._session.add(row)
        self._session.flush()
        return client_from_row(row)

    def by_hetu(self, hetu: str) -> Client | None:
        row = self._session.scalars(select(ClientRow).where(ClientRow.hetu == hetu)).first()
        return client_from_row(row) if row else None

    def born_in(self, year: int) -> list[Client]:
        rows = self._session.scalars(select(ClientRow).where(ClientRow.birth_year == year))
        return [client_from_row(row) for row in rows]

    def search(self, query: ClientQuery, limit: int) -> list[Client]:
        statement = select(ClientRow)
        order = _BY_NAME
        looked_up = [term for term in query.name_terms if len(term) >= WORD_LOOKUP_MIN_LENGTH]
        if looked_up:
            words = self._words_containing(looked_up)
            if not all(words.values()):
                return []  # no name has that term: nothing to read
            few = self._words_of_few_clients(words.values())
            if few is not None:
                order = _FEW_BY_NAME
                if not self._postgresql:
                    statement = statement.where(_has_one_of(few))
        return self._clients(statement, query.name_terms, query, order, limit)

    def _words_containing(self, terms: Sequence[str]) -> dict[str, list[str]]:
        """Per term, the indexed name words that contain it: a term has no
        spaces, so a name contains it exactly when one of its words
        (:func:`domain.search.name_words`) does.

        The distinct words are few (hundreds to tens of thousands) whatever
        the number of clients, so reading them all is quick.
        """
        statement = select(NameWordRow.word).where(
            or_(*(NameWordRow.word.like(f"%{_like_escape(term)}%", escape="\\") for term in terms))
        )
        found = list(self._session.scalars(statement))
        return {term: [word for word in found if term in word] for term in terms}

    def _words_of_few_clients(self, choices: Iterable[list[str]]) -> list[str] | None:
        """Of the terms' word sets, one that at most :data:`FEW_CLIENTS` clients'
        names have; None if every term is common.

        The search then reads just those clients and sorts them: SQLite by
        primary key, from the words' index; PostgreSQL from the trigram index,
        which finds them by the LIKE alone. Otherwise it reads the name index
        in order until it has found enough, which is quick for a common term;
        for a rarer one whose names sort late ("virt") it meant reading nearly
        every client, and PostgreSQL's planner could not tell the two apart.
        """
        bound = FEW_CLIENTS_TRIGRAMS if self._postgresql else FEW_CLIENTS
        for words in sorted(choices, key=len):
            if len(words) > FEW_CLIENTS // 10:
                break  # in that many different names the term is common anyway
            # Entries, not distinct clients: counting stops at the bound.
            bounded = _holders_of(words).limit(bound + 1).subquery()
            if (self._session.scalar(select(func.count()).select_from(bounded)) or 0) <= bound:
                return words
        return None

    def _clients_having(self, words: Sequence[str]) -> set[int] | None:
        """The ids of the clients whose name has one of ``words``, if at most
        :data:`FEW_CLIENTS_TRIGRAMS`; else None."""
        # Entries, not distinct clients: reading stops at the bound.
        statement = _holders_of(words).limit(FEW_CLIENTS_TRIGRAMS + 1)
        entries = list(self._session.scalars(statement))
        if len(entries) > FEW_CLIENTS_TRIGRAMS:
            return None
        return set(entries)

    def name_words_with_keys(self, keys: Collection[str]) -> set[str]:
        if not keys:
            return set()
        statement = select(NameTypoKeyRow.word).where(NameTypoKeyRow.key.in_(sorted(keys)))
        return set(self._session.scalars(statement.distinct()))

    def search_corrected(self, query: CorrectedQuery, limit: int) -> list[Client]:
        statement = select(ClientRow)
        order = _BY_NAME
        if self._postgresql:
            # Joined with the words, PostgreSQL preferred reading the whole
            # table; given the few clients' ids it reads them by primary key.
            # The exact fragments narrow the ids down too, by their words.
            few: set[int] | None = None
            looked_up = [f for f in query.fragments if len(f) >= WORD_LOOKUP_MIN_LENGTH]
            holding = self._words_containing(looked_up) if looked_up else {}
            for words in (*query.word_choices, *(tuple(w) for w in holding.values())):
                clients = self._clients_having(words)
                if clients is not None:
                    few = clients if few is None else few & clients
                elif words in query.word_choices:  # a fragment has its LIKE below
                    statement = statement.where(_has_one_of(words))
            if few is not None:
                statement = statement.where(ClientRow.id.in_(sorted(few)))
                order = _FEW_BY_NAME
        else:
            for words in query.word_choices:
                statement = statement.where(_has_one_of(words))
            order = _FEW_BY_NAME
        return self._clients(statement, query.fragments, query, order, limit)

    def _clients(
        self,
        statement: Select[ClientRow],
        fragments: Iterable[str],
        query: ClientQuery | CorrectedQuery,
        order: _Order,
        limit: int,
    ) -> list[Client]:
        """Both searches end alike: every fragment somewhere in the name, the hetu
        and the birth year when given, in name order, at most ``limit``."""
        for fragment in fragments:
            statement = statement.where(
                ClientRow.name_key.like(f"%{_like_escape(fragment)}%", escape="\\")
            )
        if query.hetu is not None:
            statement = statement.where(ClientRow.hetu == query.hetu)
        if query.birth_year is not None:
            statement = statement.where(ClientRow.birth_year == query.birth_year)
        statement = statement.order_by(*order).limit(limit)
        return [client_from_row(row) for row in self._session.scalars(statement)]


class SqlVisitRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, new: NewVisit) -> Visit:
        row = VisitRow(
            location_id=new.location_id,
            client_id=new.client_id,
            reason=new.reason,
            channel=new.channel,
            urgency=new.urgency,
            state=VisitState.WAITING,
            arrived_at=new.arrived_at,
            registered_by=new.registered_by,
            outside_hours=new.outside_hours,
        )
        self._session.add(row)
        self._session.flush()
        notify_queue_changed(self._session, row.location_id)
        return visit_from_row(row)

    def get(self, visit_id: int) -> Visit:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound(tr("storage.visit_missing"))
        return visit_from_row(row)

    def update(self, visit: Visit) -> Visit:
        row = self._session.get(VisitRow, visit.id)
        if row is None:
            raise NotFound(tr("storage.visit_missing"))
        require_version(row.version, visit.version, N_("visit.stale"))
        copy_visit_to_row(visit, row)
        with refused_if_stale(N_("visit.stale")):
            # The UPDATE carries "WHERE version = :seen": a save by another
            # session since our read makes it match no row.
            self._session.flush()
        notify_queue_changed(self._session, row.location_id)
        return visit_from_row(row)

    def arrived_between(
        self, location_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow)
            .where(
                VisitRow.location_id == location_id,
                VisitRow.arrived_at >= start,
                VisitRow.arrived_at < end,
            )
            .order_by(VisitRow.arrived_at, VisitRow.id)
        )
        return [visit_from_row(row) for row in rows]

    def for_client(self, client_id: int) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow)
            .where(VisitRow.client_id == client_id)
            .order_by(VisitRow.arrived_at.desc(), VisitRow.id.desc())
        )
        return [visit_from_row(row) for row in rows]

    def open_for_client_since(self, client_id: int, since: dt.datetime) -> list[Visit]:
        rows = self._session.scalars(
            select(VisitRow)
            .where(
                VisitRow.client_id == client_id,
                VisitRow.arrived_at >= since,
                VisitRow.state.in_((VisitState.WAITING, VisitState.IN_SERVICE)),
            )
            .order_by(VisitRow.arrived_at, VisitRow.id)
        )
        return [visit_from_row(row) for row in rows]

    def count_for_client_since(self, client_id: int, since: dt.datetime) -> int:
        return (
            self._session.scalar(
                select(func.count())
                .select_from(VisitRow)
                .where(VisitRow.client_id == client_id, VisitRow.arrived_at >= since)
            )
            or 0
        )

    def set_feedback_reminder(self, visit_id: int, given: bool) -> None:
        row = self._session.get(VisitRow, visit_id)
        if row is None:
            raise NotFound(tr("storage.visit_missing"))
        row.feedback_given = given
        self._session.flush()


class SqlIntakeRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _draft_row(self, visit_id: int) -> IntakeDraftRow | None:
        return self._session.scalars(
            select(IntakeDraftRow).where(IntakeDraftRow.visit_id == visit_id)
        ).first()

    def draft_for(self, visit_id: int) -> IntakeDraft | None:
        row = self._draft_row(visit_id)
        return draft_from_row(row) if row else None

    def save_draft(
        self,
        visit_id: int,
        content: IntakeContent,
        seen_version: int | None,
        by: int,
        at: dt.datetime,
        position: str | None = None,
    ) -> IntakeDraft:
        row = self._draft_row(visit_id)
        if row is None:
            if seen_version is not None:
                # The draft this screen was editing was finished or removed meanwhile.
                raise StaleVersion(tr("storage.draft_stale"))
            row = IntakeDraftRow(visit_id=visit_id)
            self._session.add(row)
        elif row.version != seen_version:
            raise StaleVersion(tr("storage.draft_stale"))
        row.content = content.model_dump_json()
        row.position = position
        row.updated_at = at
        row.updated_by = by
        try:
            self._session.flush()
        except (StaleDataError, IntegrityError) as error:
            # Two first saves at once meet the unique visit_id; a later one the version.
            raise StaleVersion(tr("storage.draft_stale")) from error
        if seen_version is None:
            # A new draft: the queues show the visit as "Luonnos" from now on.
            visit = self._session.get(VisitRow, visit_id)
            if visit is not None:
                notify_queue_changed(self._session, visit.location_id)
        return draft_from_row(row)

    def visits_with_draft(self, visit_ids: Collection[int]) -> set[int]:
        if not visit_ids:
            return set()
        return set(
            self._session.scalars(
                select(IntakeDraftRow.visit_id).where(IntakeDraftRow.visit_id.in_(list(visit_ids)))
            )
        )

    def delete_draft(self, visit_id: int, seen_version: int | None) -> None:
        statement = delete(IntakeDraftRow).where(IntakeDraftRow.visit_id == visit_id)
        if seen_version is not None:
            statement = statement.where(IntakeDraftRow.version == seen_version)
        # On PostgreSQL the DELETE waits for a draft save under way and then sees its
        # new version: the finish that read the old one is refused, not the draft lost.
        deleted = self._session.execute(statement, execution_options={"synchronize_session": False})
        if getattr(deleted, "rowcount", 0) != (0 if seen_version is None else 1):
            raise StaleVersion(tr("storage.draft_stale"))

    def records_for_visit(self, visit_id: int) -> list[IntakeRecord]:
        rows = self._session.scalars(
            select(IntakeRecordRow)
            .where(IntakeRecordRow.visit_id == visit_id)
            .order_by(IntakeRecordRow.number)
        )
        return [record_from_row(row) for row in rows]

    def records_for_client(self, client_id: int) -> list[IntakeRecord]:
        rows = self._session.scalars(
            select(IntakeRecordRow)
            .where(IntakeRecordRow.client_id == client_id)
            .order_by(IntakeRecordRow.finished_at.desc(), IntakeRecordRow.id.desc())
        )
        return [record_from_row(row) for row in rows]

    def get_record(self, record_id: int) -> IntakeRecord:
        row = self._session.get(IntakeRecordRow, record_id)
        if row is None:
            raise NotFound(tr("storage.record_missing"))
        return record_from_row(row)

    def add_record(
        self,
        visit_id: int,
        client_id: int | None,
        content: IntakeContent,
        by: int,
        at: dt.datetime,
        supersedes_id: int | None,
    ) -> IntakeRecord:
        assert content.outcome is not None
        number = (
            self._session.scalar(
                select(func.max(IntakeRecordRow.number)).where(IntakeRecordRow.visit_id == visit_id)
            )
            or 0
        ) + 1
        row = IntakeRecordRow(
            visit_id=visit_id,
            client_id=client_id,
            number=number,
            content=content.model_dump_json(),
            outcome=content.outcome,
            referral_service_id=content.referral_service_id,
            finished_at=at,
            finished_by=by,
            supersedes_id=supersedes_id,
        )
        self._session.add(row)
        try:
            self._session.flush()
        except IntegrityError as error:
            # Another terminal finished or corrected the same intake at the same moment.
            raise StaleVersion(tr("storage.draft_stale")) from error
        return record_from_row(row)

    def visits_with_records(self, client_id: int) -> int:
        return (
            self._session.scalar(
                select(func.count(func.distinct(IntakeRecordRow.visit_id))).where(
                    IntakeRecordRow.client_id == client_id
                )
            )
            or 0
        )


class SqlServiceRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def all(self, *, include_inactive: bool) -> list[Service]:
        statement = select(ServiceRow).order_by(ServiceRow.name, ServiceRow.id)
        if not include_inactive:
            statement = statement.where(ServiceRow.active.is_(True))
        return [service_from_row(row) for row in self._session.scalars(statement)]

    def get(self, service_id: int) -> Service:
        row = self._session.get(ServiceRow, service_id)
        if row is None:
            raise NotFound(tr("storage.service_missing"))
        return service_from_row(row)

    def add(self, entry: ServiceInput) -> Service:
        row = ServiceRow(
            name=entry.name,
            sector=entry.sector,
            contact=entry.contact,
            active=entry.active,
            work_ability=entry.work_ability,
            early_support=entry.early_support,
            external_organisation=entry.external_organisation,
        )
        stamp(row, entry.saved_by, entry.saved_at)
        self._session.add(row)
        self._session.flush()
        return service_from_row(row)

    def update(self, entry: ServiceInput) -> Service:
        row = self._session.get(ServiceRow, entry.service_id)
        if row is None:
            raise NotFound(tr("storage.service_missing"))
        require_row_version(row, entry.seen_version, N_("storage.service_stale"))
        row.name = entry.name
        row.sector = entry.sector
        row.contact = entry.contact
        row.active = entry.active
        row.work_ability = entry.work_ability
        row.early_support = entry.early_support
        row.external_organisation = entry.external_organisation
        stamp(row, entry.saved_by, entry.saved_at)
        with refused_if_stale(N_("storage.service_stale"), row=row):
            self._session.flush()
        return service_from_row(row)


class SqlCaseManagerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def active_for(self, client_id: int) -> CaseManagerAssignment | None:
        row = self._session.scalars(
            select(CaseManagerRow).where(
                CaseManagerRow.client_id == client_id, CaseManagerRow.ended_at.is_(None)
            )
        ).first()
        return assignment_from_row(row) if row else None

    def history(self, client_id: int) -> list[CaseManagerAssignment]:
        rows = self._session.scalars(
            select(CaseManagerRow)
            .where(CaseManagerRow.client_id == client_id)
            .order_by(CaseManagerRow.started_at.desc(), CaseManagerRow.id.desc())
        )
        return [assignment_from_row(row) for row in rows]

    def add(
        self, client_id: int, professional_id: int, *, interim: bool, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        row = CaseManagerRow(
            client_id=client_id,
            professional_id=professional_id,
            interim=interim,
            started_at=at,
            started_by=by,
        )
        self._session.add(row)
        try:
            self._session.flush()
        except (IntegrityError, OperationalError) as error:
            # The partial unique index, or SQLite's writer lock: another terminal named
            # one at the same moment. Either way this save lost the race.
            raise StaleVersion(tr("storage.case_manager_taken")) from error
        return assignment_from_row(row)

    def end(
        self, assignment_id: int, reason: EndReason, note: str, *, by: int, at: dt.datetime
    ) -> CaseManagerAssignment:
        try:
            # Conditional on "still active": two terminals ending or replacing the same
            # assignment cannot both succeed.
            ended = self._session.execute(
                update(CaseManagerRow)
                .where(CaseManagerRow.id == assignment_id, CaseManagerRow.ended_at.is_(None))
                .values(ended_at=at, ended_by=by, end_reason=reason, end_note=note)
                .execution_options(synchronize_session=False)
            )
        except OperationalError as error:
            raise StaleVersion(tr("storage.case_manager_taken")) from error
        if ended.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleVersion(tr("storage.case_manager_taken"))
        row = self._session.get(CaseManagerRow, assignment_id, populate_existing=True)
        assert row is not None
        return assignment_from_row(row)

    def set_feedback_reminder(self, assignment_id: int, given: bool) -> None:
        self._session.execute(
            update(CaseManagerRow)
            .where(CaseManagerRow.id == assignment_id)
            .values(feedback_given=given)
            .execution_options(synchronize_session=False)
        )

    def active_for_professional(self, professional_id: int) -> list[CaseManagerAssignment]:
        rows = self._session.scalars(
            select(CaseManagerRow)
            .where(
                CaseManagerRow.professional_id == professional_id,
                CaseManagerRow.ended_at.is_(None),
            )
            .order_by(CaseManagerRow.started_at, CaseManagerRow.id)
        )
        return [assignment_from_row(row) for row in rows]


def login_name_key(name: str) -> str:
    """The name a log-in typed, as the count of wrong passphrases stores it: a
    digest, so that a passphrase typed into the name field by mistake is not
    kept in clear text."""
    return hashlib.sha256(f"rinnalla-login\x00{name}".encode()).hexdigest()


class SqlStaffRepository:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock
        self._postgresql = session.get_bind().dialect.name == "postgresql"

    def get_or_add(self, name: str) -> Staff:
        row = self._session.scalars(select(StaffRow).where(StaffRow.name == name)).first()
        if row is None:
            row = StaffRow(name=name, created_at=self._clock.now())
            self._session.add(row)
            with created_meanwhile_refused():
                self._session.flush()
        return staff_from_row(row)

    def get_many(self, staff_ids: Iterable[int]) -> dict[int, Staff]:
        ids = list(staff_ids)
        if not ids:
            return {}
        rows = self._session.scalars(select(StaffRow).where(StaffRow.id.in_(ids)))
        return {row.id: staff_from_row(row) for row in rows}

    def any_account(self) -> bool:
        found = self._session.scalar(
            select(StaffRow.id)
            .where(StaffRow.passphrase_hash.is_not(None), StaffRow.active.is_(True))
            .limit(1)
        )
        return found is not None

    def account(self, name: str) -> Account | None:
        # The waiting time is read for unknown names too: the same statements either
        # way, so the login takes the same time whether or not the name exists.
        waits = self._waits_until([name])
        row = self._session.scalars(select(StaffRow).where(StaffRow.name == name)).first()
        return account_from_row(row, waits.get(name)) if row else None

    def all_accounts(self) -> list[Account]:
        rows = list(self._session.scalars(select(StaffRow).order_by(StaffRow.name)))
        waits = self._waits_until([row.name for row in rows])
        return [account_from_row(row, waits.get(row.name)) for row in rows]

    def _waits_until(self, names: Sequence[str]) -> dict[str, dt.datetime]:
        """The latest end of a waiting time, from any source, per name that has one."""
        keys = {login_name_key(name): name for name in names}
        if not keys:
            return {}
        found = self._session.execute(
            select(LoginAttemptRow.name_key, func.max(LoginAttemptRow.locked_until))
            .where(LoginAttemptRow.name_key.in_(keys), LoginAttemptRow.locked_until.is_not(None))
            .group_by(LoginAttemptRow.name_key)
        )
        return {keys[key]: until for key, until in found if until is not None}

    def take_login_attempt(
        self,
        name: str,
        source: str,
        *,
        now: dt.datetime,
        waits: Sequence[dt.timedelta],
        forget_before: dt.datetime,
    ) -> LoginAttempt:
        """One ``UPDATE … RETURNING`` counts the attempt and sets the waiting time.

        The row is made first if missing (``ON CONFLICT DO NOTHING``, so two
        first attempts both count). The update's condition "no waiting time
        runs" and its increment are one statement: on PostgreSQL a concurrent
        attempt waits for the row lock and then re-reads the row; on SQLite the
        write lock serialises them. Concurrent log-ins therefore never both see
        the same count, and no attempt beyond the limit gets its passphrase
        checked. A count whose last attempt is older than ``forget_before``
        starts again from one.
        """
        key = login_name_key(name)
        row = LoginAttemptRow.__table__.c
        dialect = postgresql if self._postgresql else sqlite
        inserted = self._session.execute(
            dialect.insert(LoginAttemptRow)
            .values(name_key=key, source=source, failures=0, last_at=now)
            .on_conflict_do_nothing()
        )
        if getattr(inserted, "rowcount", 0) == 1:
            # A new name or source: forget counts nobody has added to for long.
            self._session.execute(
                delete(LoginAttemptRow).where(
                    LoginAttemptRow.last_at < forget_before,
                    or_(
                        LoginAttemptRow.locked_until.is_(None),
                        LoginAttemptRow.locked_until <= now,
                    ),
                )
            )
        number = case((row.last_at < forget_before, 0), else_=row.failures) + 1
        until_type = row.locked_until.type
        ends = [literal(now + wait, until_type) if wait else null() for wait in waits]
        locked_until = case(
            {position: end for position, end in enumerate(ends[:-1], start=1)},
            value=number,
            else_=ends[-1],
        )
        counted = self._session.execute(
            update(LoginAttemptRow)
            .where(
                row.name_key == key,
                row.source == source,
                or_(row.locked_until.is_(None), row.locked_until <= now),
            )
            .values(failures=number, locked_until=locked_until, last_at=now)
            .returning(row.failures, row.locked_until)
            .execution_options(synchronize_session=False)
        ).first()
        if counted is not None:
            return LoginAttempt(number=counted[0], locked_until=counted[1])
        waiting = self._session.scalar(
            select(LoginAttemptRow.locked_until).where(
                LoginAttemptRow.name_key == key, LoginAttemptRow.source == source
            )
        )
        return LoginAttempt(number=None, locked_until=waiting)

    def clear_login_attempts(self, name: str, source: str | None = None) -> int:
        condition = LoginAttemptRow.name_key == login_name_key(name)
        if source is not None:
            condition = and_(condition, LoginAttemptRow.source == source)
        result = self._session.execute(
            delete(LoginAttemptRow).where(condition).execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    def add_account(
        self, name: str, role: StaffRole, passphrase_hash: str, *, at: dt.datetime
    ) -> Staff:
        row = StaffRow(name=name, role=role, passphrase_hash=passphrase_hash, created_at=at)
        self._session.add(row)
        self._session.flush()
        return staff_from_row(row)

    def _row(self, staff_id: int) -> StaffRow:
        row = self._session.get(StaffRow, staff_id)
        if row is None:
            raise NotFound(tr("storage.staff_missing"))
        return row

    def set_passphrase(self, staff_id: int, passphrase_hash: str) -> None:
        self._row(staff_id).passphrase_hash = passphrase_hash
        self._session.flush()

    def set_role(self, staff_id: int, role: StaffRole) -> Staff:
        row = self._row(staff_id)
        row.role = role
        self._session.flush()
        return staff_from_row(row)

    def set_active(self, staff_id: int, active: bool) -> None:
        self._row(staff_id).active = active
        self._session.flush()

    def active_admins(self) -> int:
        return int(
            self._session.scalar(
                select(func.count(StaffRow.id)).where(
                    StaffRow.role == StaffRole.ADMIN,
                    StaffRow.active.is_(True),
                    StaffRow.passphrase_hash.is_not(None),
                )
            )
            or 0
        )


class SqlLocationRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def get_or_add(self, code: str, name: str) -> Location:
        row = self._session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
        if row is None:
            row = LocationRow(code=code, name=name)
            self._session.add(row)
            with created_meanwhile_refused():
                self._session.flush()
        return location_from_row(row)

    def get(self, location_id: int) -> Location:
        row = self._session.get(LocationRow, location_id)
        if row is None:
            raise NotFound(tr("storage.location_missing"))
        return location_from_row(row)

    def by_code(self, code: str) -> Location | None:
        row = self._session.scalars(select(LocationRow).where(LocationRow.code == code)).first()
        return location_from_row(row) if row else None

    def all(self) -> list[Location]:
        rows = self._session.scalars(select(LocationRow).order_by(LocationRow.name, LocationRow.id))
        return [location_from_row(row) for row in rows]

    def set_team(self, location_id: int, team_id: int | None) -> Location:
        row = self._session.get(LocationRow, location_id)
        if row is None:
            raise NotFound(tr("storage.location_missing"))
        row.team_id = team_id
        self._session.flush()
        return location_from_row(row)
