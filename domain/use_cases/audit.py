"""Reading the access log: who has seen a client's data, who administered the accounts."""

from __future__ import annotations

from domain.accounts import require_admin
from domain.audit import AccessAction, AccountAuditEntry, AuditEntry
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.text import clean_text
from domain.use_cases.access import require


def client_access_listing(
    uow: UnitOfWork, client_id: int, *, actor: Staff, purpose: str | None = None
) -> list[AuditEntry]:
    """Who has accessed the client's data, newest first, for the client's own request (R12).

    The listing names the workers who saw the client, so it is itself an
    access: logged as ``actor`` with ``purpose`` (control characters removed,
    nothing when blank), and committed before the log is read so that the
    listing shows its own line.

    Raises :class:`~domain.access.AccessDenied` for a role that may not list,
    :class:`~domain.errors.NotFound` for an unknown client; neither logs anything.
    """
    reason = clean_text(purpose) if purpose is not None else ""
    with uow:
        require(uow, actor, AccessAction.AUDIT_LISTED, client_id)
        uow.clients.get(client_id)
        uow.audit(actor, AccessAction.AUDIT_LISTED, client_id, purpose=reason or None)
        uow.commit()
        return uow.access_log_for(client_id)


def account_administration_log(uow: UnitOfWork, *, actor: Staff) -> list[AccountAuditEntry]:
    """Who added, reset, disabled, enabled or changed which account, newest first.

    For administrators only (:class:`~domain.errors.DomainError` otherwise): the
    listing names workers and their roles, no client.
    """
    require_admin(actor)
    with uow:
        return uow.account_log()
