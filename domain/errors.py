"""Errors the domain raises, each with a message a receptionist understands.

The message is already translated (see :mod:`domain.i18n`) and never contains
a client's personal data, so it may be shown, logged or put in a traceback. A
:class:`StaleVersion` may name the colleague who saved first: a worker's name,
as the access log keeps it too.

Storage refuses in these terms too, but only says which kind of record
(:class:`Record`) a refusal is about: the words the user reads are chosen
here, so no sentence is built below the domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum

from domain import formats
from domain.i18n import N_, tr


class Record(StrEnum):
    """A kind of stored record, as a refusal from storage names it."""

    ACTION = "action"
    AGENDA_ITEM = "agenda_item"
    ASSIGNMENT = "assignment"
    """A case-manager assignment."""
    CALLBACK = "callback"
    CLIENT = "client"
    CONSENT = "consent"
    CONTACT_DETAILS = "contact_details"
    INTAKE_DRAFT = "intake_draft"
    LOCATION = "location"
    MEETING = "meeting"
    NETWORK_MEMBER = "network_member"
    PENDING_ASSESSMENT = "pending_assessment"
    PROFESSIONAL = "professional"
    PROPOSAL = "proposal"
    REFERRAL = "referral"
    SERVICE = "service"
    STAFF = "staff"
    TEAM = "team"
    VISIT = "visit"


_MISSING: Mapping[Record, str] = {
    Record.ACTION: N_("storage.action_missing"),
    Record.AGENDA_ITEM: N_("storage.item_missing"),
    Record.ASSIGNMENT: N_("storage.assignment_missing"),
    Record.CALLBACK: N_("storage.callback_missing"),
    Record.CLIENT: N_("storage.client_missing"),
    Record.CONSENT: N_("storage.consent_missing"),
    Record.CONTACT_DETAILS: N_("storage.contact_missing"),
    Record.INTAKE_DRAFT: N_("storage.record_missing"),
    Record.LOCATION: N_("storage.location_missing"),
    Record.MEETING: N_("storage.meeting_missing"),
    Record.NETWORK_MEMBER: N_("storage.member_missing"),
    Record.PENDING_ASSESSMENT: N_("storage.pending_missing"),
    Record.PROFESSIONAL: N_("storage.professional_missing"),
    Record.PROPOSAL: N_("storage.proposal_missing"),
    Record.REFERRAL: N_("storage.referral_missing"),
    Record.SERVICE: N_("storage.service_missing"),
    Record.STAFF: N_("storage.staff_missing"),
    Record.TEAM: N_("storage.team_missing"),
    Record.VISIT: N_("storage.visit_missing"),
}
"""What the user reads when a record is not there (any more); every kind has one."""

_CHANGED: Mapping[Record, str] = {
    Record.ASSIGNMENT: N_("storage.case_manager_taken"),
    Record.CALLBACK: N_("storage.callback_stale"),
    Record.CLIENT: N_("storage.client_stale"),
    Record.CONSENT: N_("storage.consent_stale"),
    Record.CONTACT_DETAILS: N_("storage.contact_stale"),
    Record.INTAKE_DRAFT: N_("storage.draft_stale"),
    Record.MEETING: N_("storage.meeting_stale"),
    Record.PENDING_ASSESSMENT: N_("storage.pending_stale"),
    Record.REFERRAL: N_("referral.stale"),
    Record.SERVICE: N_("storage.service_stale"),
    Record.VISIT: N_("visit.stale"),
}
"""What the user reads when someone else saved the record first, where that
kind has words of its own (what to reload); the others read :data:`_CHANGED_ANY`."""

_CHANGED_ANY = N_("storage.network_stale")

_ALREADY_THERE: Mapping[Record, str] = {
    Record.NETWORK_MEMBER: N_("storage.member_exists"),
}
"""What the user reads when adding a record that may exist only once, and does."""


class DomainError(Exception):
    """Something the user asked for cannot be done; ``str(error)`` says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """Typed input was refused; ``fields`` maps each field name to its message."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        super().__init__("; ".join(fields.values()))
        self.fields = dict(fields)


class NotFound(DomainError):
    """The record asked for does not exist (any more)."""

    @classmethod
    def of(cls, record: Record) -> NotFound:
        """The refusal for a stored record of this kind that is not there."""
        return cls(tr(_MISSING[record]))


class StaleVersion(DomainError):
    """Someone else saved the record after it was read; nothing was written.

    ``saved_by`` (a worker's name) and ``saved_at`` say who saved the newer
    version and when, for records that keep it: the worker then knows whose
    changes their own meet and whom to ask. Both are None where nobody is
    known, e.g. a row last saved before it recorded its saver.
    """

    def __init__(
        self,
        message: str,
        *,
        saved_by: str | None = None,
        saved_at: dt.datetime | None = None,
    ) -> None:
        super().__init__(message)
        self.saved_by = saved_by
        self.saved_at = saved_at

    @classmethod
    def of(
        cls,
        record: Record,
        *,
        saved_by: str | None = None,
        saved_at: dt.datetime | None = None,
    ) -> StaleVersion:
        """The refusal for a record of this kind that someone else saved first,
        naming them when known (:meth:`saved_meanwhile`)."""
        general = tr(_CHANGED.get(record, _CHANGED_ANY))
        return cls.saved_meanwhile(general, saved_by=saved_by, saved_at=saved_at)

    @classmethod
    def already_there(cls, record: Record) -> StaleVersion:
        """The refusal for adding a record that may exist once and already does
        (perhaps added from another terminal a moment ago)."""
        return cls(tr(_ALREADY_THERE.get(record, _CHANGED_ANY)))

    @classmethod
    def saved_meanwhile(
        cls, general: str, *, saved_by: str | None, saved_at: dt.datetime | None
    ) -> StaleVersion:
        """The refusal naming who saved first and when (Helsinki time).

        ``general`` is the message when nobody is known: an unnamed refusal
        still tells the worker to look again before saving.
        """
        if saved_by is None:
            return cls(general, saved_at=saved_at)
        if saved_at is None:
            message = tr("errors.stale_saved_by", name=saved_by)
        else:
            message = tr(
                "errors.stale_saved_by_at",
                name=saved_by,
                date=formats.date(saved_at),
                time=formats.time(saved_at),
            )
        return cls(message, saved_by=saved_by, saved_at=saved_at)


class IllegalTransition(DomainError):
    """A visit cannot move from its current state to the one asked for."""


class CreatedMeanwhile(DomainError):
    """Another terminal created the same record at the same moment; a retry finds it."""

    def __init__(self) -> None:
        super().__init__(tr("storage.created_meanwhile"))


class StorageBusy(DomainError):
    """Another terminal held the database for too long; trying again usually works."""

    def __init__(self) -> None:
        super().__init__(tr("storage.busy"))


class StorageUnavailable(DomainError):
    """The database server cannot be reached; nothing was written, typed text stays."""

    def __init__(self) -> None:
        super().__init__(tr("storage.unavailable"))
