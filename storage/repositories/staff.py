"""Staff and their accounts: log-in names, passphrases, roles and the count of wrong passphrases."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import and_, case, delete, func, literal, null, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from domain.clock import Clock
from domain.errors import NotFound, Record
from domain.staff import Account, LoginAttempt, Staff, StaffRole
from storage.converters import account_from_row, staff_from_row
from storage.orm import LoginAttemptRow, StaffRow
from storage.versions import created_meanwhile_refused


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
            raise NotFound.of(Record.STAFF)
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
