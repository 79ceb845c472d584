"""The SQLAlchemy unit of work: one session, one transaction.

Leaving the ``with`` block without ``commit`` rolls everything back, so a use
case that fails half-way leaves nothing behind. Access-log events are kept
aside until ``commit`` and then appended and hash-chained in the same
transaction (:func:`storage.audit_log.append_events`), so they are written
exactly when the data is, and the chain is built while this transaction is the
only writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from domain.audit import AccessAction, AccountAction, AccountAuditEntry, AuditEntry
from domain.clock import Clock
from domain.errors import StorageBusy, StorageUnavailable
from domain.staff import Staff
from storage.access import SqlAccessQueries
from storage.audit_log import account_events, append_events, events_for_client, logged_since
from storage.errors import AuditWithoutCheck, UnitOfWorkMisused
from storage.orm import AccessEventRow
from storage.reports import SqlReportQueries
from storage.repositories.callbacks import SqlCallbackRepository
from storage.repositories.case_decisions import SqlCaseDecisionRepository
from storage.repositories.case_management import SqlCaseManagerRepository
from storage.repositories.catalogue import SqlServiceRepository
from storage.repositories.clients import SqlClientRepository
from storage.repositories.consents import SqlConsentRepository
from storage.repositories.contact_details import SqlContactDetailsRepository
from storage.repositories.feedback import SqlFeedbackRepository
from storage.repositories.intake import SqlIntakeRepository
from storage.repositories.locations import SqlLocationRepository
from storage.repositories.meetings import SqlMeetingRepository
from storage.repositories.network import SqlNetworkRepository
from storage.repositories.opening_hours import SqlOpeningHoursRepository
from storage.repositories.pending_assessments import SqlPendingAssessmentRepository
from storage.repositories.plans import SqlPlanRepository
from storage.repositories.professionals import SqlProfessionalRepository
from storage.repositories.referrals import SqlReferralRepository
from storage.repositories.staff import SqlStaffRepository
from storage.repositories.visit_moves import SqlVisitMoveRepository
from storage.repositories.visits import SqlVisitRepository


def _is_lock_timeout(error: OperationalError) -> bool:
    text = str(error.orig).lower() if error.orig is not None else ""
    return "locked" in text or "busy" in text


class SqlUnitOfWork:
    clients: SqlClientRepository
    visits: SqlVisitRepository
    staff: SqlStaffRepository
    locations: SqlLocationRepository
    intakes: SqlIntakeRepository
    services: SqlServiceRepository
    case_managers: SqlCaseManagerRepository
    professionals: SqlProfessionalRepository
    network: SqlNetworkRepository
    plans: SqlPlanRepository
    meetings: SqlMeetingRepository
    opening_hours: SqlOpeningHoursRepository
    pending_assessments: SqlPendingAssessmentRepository
    feedback: SqlFeedbackRepository
    consents: SqlConsentRepository
    reports: SqlReportQueries
    access: SqlAccessQueries
    visit_moves: SqlVisitMoveRepository  # issue 19
    contact_details: SqlContactDetailsRepository
    callbacks: SqlCallbackRepository
    referrals: SqlReferralRepository
    case_decisions: SqlCaseDecisionRepository

    def __init__(self, session_factory: sessionmaker[Session], clock: Clock) -> None:
        self._session_factory = session_factory
        self._clock = clock
        self._session: Session | None = None
        self._pending_events: list[AccessEventRow] = []
        self._permitted: set[tuple[int, AccessAction, int | None]] = set()

    def __enter__(self) -> Self:
        if self._session is not None:
            raise UnitOfWorkMisused("already open")
        session = self._session_factory()
        self._session = session
        self.clients = SqlClientRepository(session, self._clock)
        self.visits = SqlVisitRepository(session)
        self.staff = SqlStaffRepository(session, self._clock)
        self.locations = SqlLocationRepository(session)
        self.intakes = SqlIntakeRepository(session)
        self.services = SqlServiceRepository(session)
        self.case_managers = SqlCaseManagerRepository(session)
        self.professionals = SqlProfessionalRepository(session)
        self.network = SqlNetworkRepository(session)
        self.plans = SqlPlanRepository(session)
        self.meetings = SqlMeetingRepository(session)
        self.opening_hours = SqlOpeningHoursRepository(session)
        self.pending_assessments = SqlPendingAssessmentRepository(session)
        self.feedback = SqlFeedbackRepository(session)
        self.consents = SqlConsentRepository(session)
        self.reports = SqlReportQueries(session)
        self.access = SqlAccessQueries(session)
        self.visit_moves = SqlVisitMoveRepository(session)  # issue 19
        self.contact_details = SqlContactDetailsRepository(session)
        self.callbacks = SqlCallbackRepository(session)
        self.referrals = SqlReferralRepository(session)
        self.case_decisions = SqlCaseDecisionRepository(session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self._require_session()
        self._pending_events = []
        self._permitted = set()
        server = session.get_bind().dialect.name != "sqlite"
        try:
            session.rollback()  # a no-op after commit
        except DBAPIError:
            if exc is None:
                raise
            # The connection died with the error being handled: nothing to roll back.
        finally:
            session.close()
            self._session = None
        if isinstance(exc, OperationalError) and _is_lock_timeout(exc):
            # Several terminals on one SQLite file: the screen says "try again"
            # instead of crashing; nothing was written.
            raise StorageBusy from exc
        if isinstance(exc, DBAPIError) and (
            exc.connection_invalidated or (server and isinstance(exc, OperationalError))
        ):
            # The server went away (or never answered): the screen keeps what was
            # typed and says so; the pool reconnects on a later unit of work.
            raise StorageUnavailable from exc

    @property
    def clock(self) -> Clock:
        return self._clock

    def _require_session(self) -> Session:
        if self._session is None:
            raise UnitOfWorkMisused("used outside its with-block")
        return self._session

    def permit(self, actor: Staff, action: AccessAction, client_id: int | None) -> None:
        self._require_session()
        self._permitted.add((actor.id, action, client_id))

    def audit(
        self, actor: Staff, action: AccessAction, client_id: int, *, purpose: str | None = None
    ) -> None:
        """Keep the event for ``commit``, which inserts and chains it.

        Not added to the session now: an autoflush would insert it (and on
        PostgreSQL take its id) before the access-log lock is held.
        """
        self._require_session()
        if not self._permitted & {(actor.id, action, client_id), (actor.id, action, None)}:
            # A programming error, not a user's: the use case skipped its access check.
            raise AuditWithoutCheck(action.value)
        self._pending_events.append(
            AccessEventRow(
                at=self._clock.now(),
                actor_id=actor.id,
                action=action.value,
                client_id=client_id,
                purpose=purpose,
            )
        )

    def audit_account(
        self, actor: Staff, action: AccountAction, account_id: int, *, detail: str | None = None
    ) -> None:
        """Keep an account-administration event for ``commit``, like :meth:`audit`.

        The administration use cases check the administrator's role themselves
        (``domain.accounts.require_admin``) before anything reaches here.
        """
        self._require_session()
        self._pending_events.append(
            AccessEventRow(
                at=self._clock.now(),
                actor_id=actor.id,
                action=action.value,
                account_id=account_id,
                detail=detail,
            )
        )

    def audit_once_since(
        self, actor: Staff, action: AccessAction, client_ids: Iterable[int], since: dt.datetime
    ) -> None:
        wanted = set(client_ids)
        done = logged_since(self._require_session(), actor.id, action.value, wanted, since)
        done |= {
            row.client_id
            for row in self._pending_events
            if row.actor_id == actor.id and row.action == action.value and row.client_id is not None
        }
        for client_id in sorted(wanted - done):
            self.audit(actor, action, client_id)

    def account_log(self) -> list[AccountAuditEntry]:
        return account_events(self._require_session())

    def access_log_for(self, client_id: int) -> list[AuditEntry]:
        return events_for_client(self._require_session(), client_id)

    def commit(self) -> None:
        session = self._require_session()
        events, self._pending_events = self._pending_events, []
        append_events(session, events)
        session.commit()

    def rollback(self) -> None:
        self._pending_events = []
        self._require_session().rollback()
