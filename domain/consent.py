"""Consent to disclose a client's data to another organisation (R12).

Consent is given per receiving organisation and per kind of data (social
welfare or health care), and may be withdrawn; both dates are kept, so that
what was allowed on a given day can always be told.

Two things disclose data to another organisation and so need consent here:

- a referral to a catalogue service that another organisation provides
  (:func:`check_referral_consent`): the intake is social welfare data, so the
  client must have consented to disclosing social welfare data to it;
- a MOTI agenda that names clients, when someone from another organisation is
  invited to a client's item (:func:`agenda_disclosures`,
  :func:`require_agenda_consent`). The pseudonymous agenda and the calendar
  invitations name nobody and need no consent.

Organisation names are typed by people, in services, the directory and
consents alike, so they are compared without regard to case or spacing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.clients import Client
from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.moti import pseudonym
from domain.network import Professional
from domain.text import clean_text

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("data_kind.social"),
    N_("data_kind.health"),
    N_("consent.kind.social"),
    N_("consent.kind.health"),
)

CONSENT_SCREEN_KEY = "u"
"""The network view's key for the client's consents; the refusals tell the worker to press it."""

ORGANISATION_MAX = 200
"""As long as the stored column; longer text is refused, not cut."""


class DataKind(StrEnum):
    SOCIAL = "social"
    HEALTH = "health"

    @property
    def label(self) -> str:
        return tr(f"data_kind.{self.value}")

    @property
    def partitive(self) -> str:
        """The kind inside a sentence ("luovuttaa sosiaalihuollon tietoja")."""
        return tr(f"consent.kind.{self.value}")


class Consent(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    organisation: str
    kind: DataKind
    given_on: dt.date
    withdrawn_on: dt.date | None = None
    recorded_by: int
    recorded_at: dt.datetime
    version: int = 1

    def in_force(self, on: dt.date) -> bool:
        """Given by ``on`` and not withdrawn by then: on the withdrawal day it no longer holds."""
        return self.given_on <= on and (self.withdrawn_on is None or on < self.withdrawn_on)


class ConsentMissing(InvalidInput):
    """Disclosure refused: the client has no consent in force for this organisation and kind.

    An :class:`InvalidInput` for one field, so that a form shows the message
    where the choice that needs the consent was made (the referral's service)
    and keeps everything typed; screens without that field show the message
    itself, which says what to do.
    """

    def __init__(
        self,
        message: str,
        *,
        client_id: int,
        organisation: str,
        kind: DataKind,
        field: str = "consent",
    ) -> None:
        super().__init__({field: message})
        self.client_id = client_id
        self.organisation = organisation
        self.kind = kind


# Rules ----------------------------------------------------------------------------------


def organisation_key(name: str) -> str:
    """How two organisation names are compared: case and spacing do not matter."""
    return " ".join(name.split()).casefold()


def same_organisation(first: str, second: str) -> bool:
    return organisation_key(first) == organisation_key(second)


def discloses_to(organisation: str, own: str) -> bool:
    """Whether handing data to ``organisation`` is a disclosure outside ``own``.

    An empty organisation is one's own (the catalogue's convention: "" = us).
    """
    key = organisation_key(organisation)
    return bool(key) and key != organisation_key(own)


def has_consent(
    consents: Iterable[Consent], client_id: int, organisation: str, kind: DataKind, on: dt.date
) -> bool:
    """Whether a consent in ``consents`` lets ``kind`` data go to ``organisation`` on ``on``."""
    key = organisation_key(organisation)
    return any(
        consent.client_id == client_id
        and consent.kind is kind
        and organisation_key(consent.organisation) == key
        and consent.in_force(on)
        for consent in consents
    )


def missing_kinds(
    consents: Iterable[Consent],
    client_id: int,
    organisation: str,
    kinds: Iterable[DataKind],
    on: dt.date,
) -> list[DataKind]:
    """The kinds of ``kinds`` with no consent in force, in the order of :class:`DataKind`."""
    held = list(consents)
    wanted = set(kinds)
    return [
        kind
        for kind in DataKind
        if kind in wanted and not has_consent(held, client_id, organisation, kind, on)
    ]


def require_consent(
    consents: Iterable[Consent],
    client_id: int,
    organisation: str,
    kinds: Iterable[DataKind],
    on: dt.date,
    *,
    field: str = "consent",
) -> None:
    """Refuse with :class:`ConsentMissing` unless every kind may go to ``organisation`` on ``on``.

    The message names the organisation and the kind and says what to do, so
    that the worker at the desk can act on it without asking anyone.
    """
    missing = missing_kinds(consents, client_id, organisation, kinds, on)
    if not missing:
        return
    kind = missing[0]
    message = tr(
        "consent.missing",
        kind=kind.partitive,
        organisation=organisation.strip(),
        key=CONSENT_SCREEN_KEY,
    )
    raise ConsentMissing(
        message, client_id=client_id, organisation=organisation, kind=kind, field=field
    )


class Disclosure(BaseModel):
    """A client's data shown to another organisation by a named agenda."""

    model_config = ConfigDict(frozen=True)

    client: Client
    organisation: str


def agenda_disclosures(
    items: Iterable[tuple[Client, Iterable[Professional]]], own: str
) -> list[Disclosure]:
    """Who outside the organisation a named agenda shows each client to, in agenda order.

    ``items`` are the agenda's clients with the professionals invited to each
    one's item. A professional linked to a Rinnalla user is one of us whatever
    their organisation says (their entry is made from the location's name).
    Without the organisation's own name (the ``organisation`` setting) a
    colleague cannot be told from an outsider, so nothing is found here; the
    named agenda's export refuses before asking (see
    :func:`domain.use_cases.agenda_text.export_named_agenda_view`).
    """
    if not organisation_key(own):
        return []
    found: list[Disclosure] = []
    seen: set[tuple[int, str]] = set()
    for client, invitees in items:
        for professional in invitees:
            if professional.staff_id is not None:
                continue
            if not discloses_to(professional.organisation, own):
                continue
            key = (client.id, organisation_key(professional.organisation))
            if key not in seen:
                seen.add(key)
                found.append(Disclosure(client=client, organisation=professional.organisation))
    return found


def require_agenda_consent(
    disclosures: Iterable[Disclosure],
    consents: Mapping[int, Sequence[Consent]],
    on: dt.date,
) -> None:
    """Refuse the named agenda unless every disclosure has social welfare consent.

    The refusal names the client only by pseudonym: it may be read aloud, shown
    on a shared screen or printed by the CLI to a terminal log.
    """
    for disclosure in disclosures:
        client = disclosure.client
        held = consents.get(client.id, ())
        if has_consent(held, client.id, disclosure.organisation, DataKind.SOCIAL, on):
            continue
        message = tr(
            "consent.missing_agenda",
            client=pseudonym(client),
            kind=DataKind.SOCIAL.partitive,
            organisation=disclosure.organisation.strip(),
            key=CONSENT_SCREEN_KEY,
        )
        raise ConsentMissing(
            message,
            client_id=client.id,
            organisation=disclosure.organisation,
            kind=DataKind.SOCIAL,
        )


# Giving and withdrawing -----------------------------------------------------------------


class ConsentInput(BaseModel):
    """A consent as typed on the form; ``given_on`` is None when no date was typed."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    organisation: str
    kind: DataKind
    given_on: dt.date | None

    def checked(self, today: dt.date) -> ConsentInput:
        """Cleaned copy, or :class:`InvalidInput` naming every bad field at once."""
        organisation = clean_text(self.organisation)
        errors: dict[str, str] = {}
        if not organisation:
            errors["organisation"] = tr("consent.organisation_missing")
        elif len(organisation) > ORGANISATION_MAX:
            errors["organisation"] = tr("consent.too_long", limit=ORGANISATION_MAX)
        if self.given_on is None:
            errors["given_on"] = tr("consent.date_missing")
        elif self.given_on > today:
            # A consent recorded ahead would disclose before the client agreed.
            errors["given_on"] = tr("consent.date_future")
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(update={"organisation": organisation})


class ClientConsents(BaseModel):
    """What the consent screen shows: the client and every consent, withdrawn ones too."""

    model_config = ConfigDict(frozen=True)

    client: Client
    consents: tuple[Consent, ...]


# Checks for the use cases that disclose ---------------------------------------------------
