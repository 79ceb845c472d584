"""Exporting a MOTI agenda or minutes: the checks and access log around the printable text."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from domain.agenda_text import invitee
from domain.audit import AccessAction
from domain.clients import Client
from domain.clock import Clock, local_today
from domain.consent import (
    ConsentMissing,
    DataKind,
    agenda_disclosures,
    organisation_key,
    require_agenda_consent,
)
from domain.errors import DomainError
from domain.i18n import tr
from domain.meetings import AgendaView
from domain.moti import (
    MeetingState,
    pseudonym,
)
from domain.network import Professional
from domain.ports import UnitOfWork
from domain.staff import Staff
from domain.use_cases.access import permit_team_decision, require
from domain.use_cases.meetings import meeting_view


def _closed_for_minutes(view: AgendaView, minutes: bool) -> None:
    """Minutes exist only for a closed meeting: before that they would change still."""
    if minutes and view.meeting.state is not MeetingState.CLOSED:
        raise DomainError(tr("meetings.minutes_not_closed"))


def export_agenda_view(
    uow: UnitOfWork, meeting_id: int, *, actor: Staff, minutes: bool = False
) -> AgendaView:
    """The agenda for printing or sending, its export logged for every client on it (R12).

    Only for what names no client: the pseudonymous agenda and the calendar
    invitations. The agenda with names comes from :func:`export_named_agenda_view`.
    With ``minutes``, the view is for the minutes and refused unless the meeting is closed.
    """
    with uow:
        require(uow, actor, AccessAction.AGENDA_EXPORTED)
        view = meeting_view(uow, meeting_id)
        _closed_for_minutes(view, minutes)
        for client_id in sorted({line.client.id for line in view.lines}):
            uow.audit(actor, AccessAction.AGENDA_EXPORTED, client_id)
        uow.commit()
    return view


def _require_own_organisation(
    items: Iterable[tuple[Client, Iterable[Professional]]], organisation: str
) -> None:
    """Refuse when an invitee may be an outsider and the own organisation is not set.

    A directory entry not linked to a Rinnalla user may be from any
    organisation; only the own organisation's name tells a colleague from an
    outsider whose presence needs the client's consent. Without it, the
    agenda with names is refused rather than sent unchecked, and the message
    says which setting to set and where.
    """
    if organisation_key(organisation):
        return
    for client, invited in items:
        for professional in invited:
            if professional.staff_id is None:
                raise ConsentMissing(
                    tr(
                        "agenda_text.organisation_unset",
                        client=pseudonym(client),
                        organisation=professional.organisation.strip() or "?",
                    ),
                    client_id=client.id,
                    organisation=professional.organisation,
                    kind=DataKind.SOCIAL,
                )


def export_named_agenda_view(
    uow: UnitOfWork,
    meeting_id: int,
    *,
    actor: Staff,
    organisation: str,
    clock: Clock,
    minutes: bool = False,
) -> AgendaView:
    """The agenda for a Markdown agenda with names: as :func:`export_agenda_view`, but
    refused with :class:`domain.consent.ConsentMissing` when someone invited to a
    client's item is from another organisation than ``organisation`` (this one's
    own name) and the client has not consented to disclosing social welfare data
    to it. The refusal logs the consents it read and exports nothing.

    Without ``organisation`` (the setting is empty) nobody outside the Rinnalla
    users can be told apart from an outsider, so an agenda with anyone else
    invited to a client's item is refused, saying which setting to set.
    """
    with uow:
        require(uow, actor, AccessAction.AGENDA_EXPORTED)
        view = meeting_view(uow, meeting_id)
        _closed_for_minutes(view, minutes)
        items = [
            (
                line.client,
                [p for pid in sorted(line.item.invitees) if (p := invitee(view, pid)) is not None],
            )
            for line in view.lines
        ]
        _require_own_organisation(items, organisation)
        disclosures = agenda_disclosures(items, organisation)
        asked = sorted({disclosure.client.id for disclosure in disclosures})
        consents = {client_id: uow.consents.for_client(client_id) for client_id in asked}
        for client_id in asked:
            permit_team_decision(uow, actor, client_id, AccessAction.CONSENT_READ)
            uow.audit(actor, AccessAction.CONSENT_READ, client_id)
        try:
            require_agenda_consent(disclosures, consents, local_today(clock))
        except ConsentMissing:
            uow.commit()  # the consents were read: that is logged, nothing else is written
            raise
        for client_id in sorted({line.client.id for line in view.lines}):
            uow.audit(actor, AccessAction.AGENDA_EXPORTED, client_id)
        uow.commit()
    return view


def view_for_files(
    uow: Callable[[], UnitOfWork],
    meeting_id: int,
    *,
    actor: Staff,
    organisation: str,
    clock: Clock,
    minutes: bool = False,
) -> tuple[AgendaView, str | None]:
    """The view the screens write their files from, and why the named copy is not written.

    With the consents in order it is the named view (it renders pseudonymously
    too) and no reason; otherwise the pseudonymous export and the refusal's
    message, so that the copy that names nobody is still written.
    """
    try:
        view = export_named_agenda_view(
            uow(), meeting_id, actor=actor, organisation=organisation, clock=clock, minutes=minutes
        )
    except ConsentMissing as missing:
        return export_agenda_view(uow(), meeting_id, actor=actor, minutes=minutes), missing.message
    return view, None
