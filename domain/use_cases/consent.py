"""Giving, withdrawing and checking a client's consent to disclose (R12)."""

from __future__ import annotations

import datetime as dt

from domain import formats
from domain.audit import AccessAction
from domain.catalogue import Service
from domain.clock import Clock, local_today
from domain.consent import (
    ClientConsents,
    Consent,
    ConsentInput,
    ConsentMissing,
    DataKind,
    discloses_to,
    organisation_key,
    require_consent,
)
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import require


def client_consents(uow: UnitOfWork, client_id: int, *, actor: Staff) -> ClientConsents:
    """The client's consents, newest first; the reading is logged (R12)."""
    with uow:
        require(uow, actor, AccessAction.CONSENT_READ, client_id)
        client = uow.clients.get(client_id)
        consents = tuple(uow.consents.for_client(client_id))
        uow.audit(actor, AccessAction.CONSENT_READ, client_id)
        uow.commit()
    return ClientConsents(client=client, consents=consents)


def give_consent(uow: UnitOfWork, entry: ConsentInput, *, actor: Staff, clock: Clock) -> Consent:
    """Record a consent the client gave; a second one in force for the same
    organisation and kind is refused, so the list says each thing once."""
    checked = entry.checked(local_today(clock))
    assert checked.given_on is not None
    with uow:
        require(uow, actor, AccessAction.CONSENT_UPDATED, checked.client_id)
        uow.clients.get(checked.client_id)  # NotFound for a client that is gone
        key = organisation_key(checked.organisation)
        for existing in uow.consents.for_client(checked.client_id):
            if (
                existing.kind is checked.kind
                and existing.withdrawn_on is None
                and organisation_key(existing.organisation) == key
            ):
                raise InvalidInput(
                    {"organisation": tr("consent.already_given", kind=checked.kind.partitive)}
                )
        consent = uow.consents.add(
            checked.client_id,
            checked.organisation,
            checked.kind,
            checked.given_on,
            recorded_by=actor.id,
            recorded_at=clock.now(),
        )
        uow.audit(actor, AccessAction.CONSENT_UPDATED, checked.client_id)
        uow.commit()
    return consent


def withdraw_consent(
    uow: UnitOfWork,
    client_id: int,
    consent_id: int,
    withdrawn_on: dt.date | None,
    seen_version: int,
    *,
    actor: Staff,
    clock: Clock,
) -> Consent:
    """Record that the client withdrew a consent; it no longer holds from that day on.

    The consent is kept with both dates: what was allowed before stays readable.
    """
    if withdrawn_on is None:
        raise InvalidInput({"withdrawn_on": tr("consent.date_missing")})
    if withdrawn_on > local_today(clock):
        raise InvalidInput({"withdrawn_on": tr("consent.date_future")})
    with uow:
        require(uow, actor, AccessAction.CONSENT_UPDATED, client_id)
        current = next((c for c in uow.consents.for_client(client_id) if c.id == consent_id), None)
        if current is None:
            raise DomainError(tr("consent.not_found"))
        if current.withdrawn_on is not None:
            raise DomainError(
                tr("consent.already_withdrawn", withdrawn=formats.date(current.withdrawn_on))
            )
        if withdrawn_on < current.given_on:
            raise InvalidInput(
                {
                    "withdrawn_on": tr(
                        "consent.withdrawn_before_given", given=formats.date(current.given_on)
                    )
                }
            )
        withdrawn = uow.consents.withdraw(consent_id, withdrawn_on, seen_version)
        uow.audit(actor, AccessAction.CONSENT_UPDATED, client_id)
        uow.commit()
    return withdrawn


def check_referral_consent(
    uow: UnitOfWork,
    client_id: int | None,
    service: Service,
    own: str,
    *,
    actor: Staff,
    on: dt.date,
) -> None:
    """Inside an open unit of work: refuse a referral to another organisation without consent.

    The intake is social welfare data, so the referral needs the client's
    consent to disclose social welfare data to the service's organisation.
    An anonymous visit (no client) is allowed: nothing identifying is stored
    with it, so nothing identifying can be handed over, and there is nobody to
    record a consent for; the client contacts the service themselves (R1).

    A refusal commits the log line of the consents it read and nothing else,
    so it must come before the use case writes anything.
    """
    if client_id is None or not discloses_to(service.external_organisation, own):
        return
    require(uow, actor, AccessAction.CONSENT_READ, client_id)
    consents = uow.consents.for_client(client_id)
    uow.audit(actor, AccessAction.CONSENT_READ, client_id)
    try:
        require_consent(
            consents,
            client_id,
            service.external_organisation,
            [DataKind.SOCIAL],
            on,
            field="referral_service",
        )
    except ConsentMissing:
        uow.commit()
        raise
