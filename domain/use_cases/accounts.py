"""Logging in and keeping staff accounts: first administrator, lockout, roles, passphrases."""

from __future__ import annotations

import datetime as dt
from functools import cache

from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from domain import formats
from domain.accounts import (
    LoginRefused,
    LoginSource,
    _hasher,
    check_name,
    check_passphrase,
    hash_passphrase,
    require_admin,
)
from domain.audit import AccountAction
from domain.clock import Clock
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.ports import UnitOfWork
from domain.staff import Account, Staff, StaffRole
from domain.text import clean_text

MAX_FAILED_LOGINS = 5


LOCK_TIME = dt.timedelta(minutes=5)


MAX_LOCK_TIME = dt.timedelta(hours=1)


FORGET_AFTER = dt.timedelta(days=1)


def _waits() -> tuple[dt.timedelta, ...]:
    """The waiting time each wrong attempt in a row sets: none for the first four,
    then 5, 10, 20 and 40 minutes, then an hour for every further one."""
    waits = [dt.timedelta(0)] * (MAX_FAILED_LOGINS - 1)
    wait = LOCK_TIME
    while wait < MAX_LOCK_TIME:
        waits.append(wait)
        wait *= 2
    waits.append(MAX_LOCK_TIME)
    return tuple(waits)


_WAITS = _waits()


SAME_TERMINAL = LoginSource("terminal")
"""The source when the caller names none (tests, the demo)."""


# Verified when the name is unknown, so both refusals take the same time.
@cache
def _dummy_hash() -> str:
    # Made on the first login with an unknown name, not at import: hashing takes
    # tens of milliseconds, and this module is imported when the app starts.
    return _hasher.hash("rinnalla-dummy-passphrase")


def _matches(passphrase_hash: str, passphrase: str) -> bool:
    try:
        return _hasher.verify(passphrase_hash, passphrase)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_first_admin(uow: UnitOfWork) -> bool:
    """True on a database where nobody can log in yet: the first start sets up an admin."""
    with uow:
        return not uow.staff.any_account()


def create_first_admin(
    uow: UnitOfWork, name: str, passphrase: str, repeated: str, *, clock: Clock
) -> Staff:
    """The first administrator; refused once any account exists."""
    checked_name = check_name(name)
    check_passphrase(passphrase, repeated)
    with uow:
        if uow.staff.any_account():
            raise DomainError(tr("accounts.already_set_up"))
        staff = uow.staff.add_account(
            checked_name, StaffRole.ADMIN, hash_passphrase(passphrase), at=clock.now()
        )
        uow.audit_account(staff, AccountAction.ADDED, staff.id, detail=staff.role.value)
        uow.commit()
    return staff


def log_in(
    uow: UnitOfWork,
    name: str,
    passphrase: str,
    *,
    clock: Clock,
    source: LoginSource | None = None,
) -> Staff:
    """The staff member, or :class:`LoginRefused` with a message that says what to do.

    The attempt is counted before the passphrase is checked, in one atomic
    statement, and committed: log-ins running at the same time each get their
    own number, and once the limit is reached no further passphrase is checked
    until the waiting time ends, however many arrive at once. An empty
    passphrase is not an attempt. A name that is not an account is counted,
    checked against a dummy hash and refused exactly like a wrong passphrase.
    """
    if not passphrase:
        raise LoginRefused(tr("accounts.passphrase_missing"))
    typed = clean_text(name)
    where = (source or SAME_TERMINAL).key
    now = clock.now()
    with uow:
        attempt = uow.staff.take_login_attempt(
            typed, where, now=now, waits=_WAITS, forget_before=now - FORGET_AFTER
        )
        account = uow.staff.account(typed) if attempt.number is not None else None
        uow.commit()
    if attempt.number is None:
        raise LoginRefused(_waiting(attempt.locked_until, now))
    known = account is not None and account.passphrase_hash is not None
    stored = account.passphrase_hash if account is not None else None
    right = _matches(stored or _dummy_hash(), passphrase) and known
    if not right or account is None or stored is None:
        if attempt.locked_until is not None:
            raise LoginRefused(_waiting(attempt.locked_until, now))
        raise LoginRefused(tr("accounts.wrong"))
    with uow:
        uow.staff.clear_login_attempts(typed, where)
        if account.active and _hasher.check_needs_rehash(stored):
            uow.staff.set_passphrase(account.staff.id, hash_passphrase(passphrase))
        uow.commit()
    if not account.active:
        raise LoginRefused(tr("accounts.disabled"))
    return account.staff


def _waiting(until: dt.datetime | None, now: dt.datetime) -> str:
    return tr("accounts.locked", until=formats.time(until or now))


def unlock(
    uow: UnitOfWork,
    staff: Staff,
    passphrase: str,
    *,
    clock: Clock,
    source: LoginSource | None = None,
) -> Staff:
    """The idle lock opens with the same worker's passphrase, counted like a login."""
    return log_in(uow, staff.name, passphrase, clock=clock, source=source)


def end_waiting(uow: UnitOfWork, name: str, *, by: LoginSource) -> int:
    """The recovery path: the account's waiting time ends from every source.

    Needs no login, only the database (``rinnalla user unlock NAME``): whoever
    can open the database can change it anyway, and an administrator who is the
    only one and waits must not be kept out. Nobody is signed in to name as the
    actor, so the access log records the account itself with the source that
    ended the wait (``by``), which says who did it as far as anyone can tell.
    Returns how many sources waited.
    """
    with uow:
        account = _account_named(uow, name)
        ended = uow.staff.clear_login_attempts(account.staff.name)
        uow.audit_account(account.staff, AccountAction.WAIT_ENDED, account.staff.id, detail=by.key)
        uow.commit()
    return ended


def add_user(
    uow: UnitOfWork,
    name: str,
    role: StaffRole,
    passphrase: str,
    *,
    actor: Staff,
    clock: Clock,
) -> Staff:
    """A new account; an existing staff row without a passphrase (from before
    accounts existed) becomes an account, keeping its history."""
    require_admin(actor)
    checked_name = check_name(name)
    check_passphrase(passphrase)
    with uow:
        existing = uow.staff.account(checked_name)
        if existing is not None and existing.passphrase_hash is not None:
            raise InvalidInput({"name": tr("accounts.exists", name=checked_name)})
        if existing is not None:
            staff = uow.staff.set_role(existing.staff.id, role)
            uow.staff.set_passphrase(existing.staff.id, hash_passphrase(passphrase))
        else:
            staff = uow.staff.add_account(
                checked_name, role, hash_passphrase(passphrase), at=clock.now()
            )
        uow.audit_account(actor, AccountAction.ADDED, staff.id, detail=role.value)
        uow.commit()
    return staff


def list_accounts(uow: UnitOfWork, *, actor: Staff) -> list[Account]:
    """Every staff row with its account state, for an administrator."""
    require_admin(actor)
    with uow:
        return uow.staff.all_accounts()


def _account_named(uow: UnitOfWork, name: str) -> Account:
    account = uow.staff.account(clean_text(name))
    if account is None:
        raise InvalidInput({"name": tr("accounts.not_found", name=clean_text(name))})
    return account


def set_active(uow: UnitOfWork, name: str, active: bool, *, actor: Staff) -> Staff:
    """Disable (or enable again) an account; history stays, the login stops."""
    require_admin(actor)
    with uow:
        account = _account_named(uow, name)
        if not active and account.staff.role is StaffRole.ADMIN and uow.staff.active_admins() <= 1:
            raise DomainError(tr("accounts.last_admin"))
        uow.staff.set_active(account.staff.id, active)
        action = AccountAction.ENABLED if active else AccountAction.DISABLED
        uow.audit_account(actor, action, account.staff.id)
        uow.commit()
    return account.staff


def reset_passphrase(uow: UnitOfWork, name: str, passphrase: str, *, actor: Staff) -> Staff:
    """A new passphrase chosen by an administrator; the waiting time is cleared too."""
    require_admin(actor)
    check_passphrase(passphrase)
    with uow:
        account = _account_named(uow, name)
        uow.staff.set_passphrase(account.staff.id, hash_passphrase(passphrase))
        uow.staff.clear_login_attempts(account.staff.name)
        uow.audit_account(actor, AccountAction.PASSPHRASE_RESET, account.staff.id)
        uow.commit()
    return account.staff


def change_role(uow: UnitOfWork, name: str, role: StaffRole, *, actor: Staff) -> Staff:
    """Give an account another role; the log keeps the old and the new one.

    The last active administrator keeps the role, as they cannot be disabled
    either: otherwise nobody could manage accounts any more.
    """
    require_admin(actor)
    with uow:
        account = _account_named(uow, name)
        previous = account.staff.role
        if previous is role:
            return account.staff
        if previous is StaffRole.ADMIN and account.active and uow.staff.active_admins() <= 1:
            raise DomainError(tr("accounts.last_admin_role"))
        staff = uow.staff.set_role(account.staff.id, role)
        uow.audit_account(
            actor,
            AccountAction.ROLE_CHANGED,
            account.staff.id,
            detail=f"{previous.value}→{role.value}",
        )
        uow.commit()
    return staff
