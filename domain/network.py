"""The client's network (verkosto): professionals, close people, roles, plans, assessments.

Professionals live in a directory and are reused across clients: the same
social worker is one record, whatever client networks they appear in. A
member of one client's network is a professional (or a close person the
client chose to list) with what they are responsible for *for this client*,
since when and until when, and their roles.

The case manager (asiakasvastaava) is not a role stored on a member: it is the
active :class:`~domain.case_management.CaseManagerAssignment`, so that the
database can refuse a second one (R4) and the history stays (R5).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.case_management import CaseManagerAssignment
from domain.catalogue import Service
from domain.clients import Client
from domain.contact_details import check_phone
from domain.errors import InvalidInput
from domain.i18n import N_, Language, tr, tr_in
from domain.intake import LifeDomain
from domain.sectors import Sector
from domain.text import clean_text

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("role.case_manager"),
    N_("role.named_worker"),
    N_("role.responsible_worker"),
    N_("role.contact"),
    N_("plan.client"),
    N_("plan.care"),
    N_("plan.activation"),
    N_("plan.rehabilitation"),
    N_("plan.employment"),
    N_("assessment.service_need"),
    N_("assessment.work_ability"),
    N_("assessment.other"),
)

TEXT_MAX = 200

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def check_email(value: str, errors: dict[str, str], field: str = "email") -> str:
    """``value`` cleaned; a message at ``field`` unless it looks like an address (or is empty).

    Only the shape is checked (one @, a dot in the domain, no spaces): whether
    the address reaches anyone is for the mail to find out.
    """
    cleaned = clean_text(value)
    if len(cleaned) > TEXT_MAX:
        errors[field] = tr("network.too_long", limit=TEXT_MAX)
    elif cleaned and not _EMAIL.fullmatch(cleaned):
        errors[field] = tr("network.email_shape")
    return cleaned


class NetworkRole(StrEnum):
    """Roles of a member for one client. CASE_MANAGER comes from the assignment."""

    CASE_MANAGER = "case_manager"
    NAMED_WORKER = "named_worker"
    RESPONSIBLE_WORKER = "responsible_worker"
    CONTACT = "contact"

    @property
    def label(self) -> str:
        return tr(f"role.{self.value}")

    def label_in(self, language: Language) -> str:
        """The label in ``language``, not the worker's: a card in the client's language."""
        return tr_in(language, f"role.{self.value}")


STORED_ROLES = (NetworkRole.NAMED_WORKER, NetworkRole.RESPONSIBLE_WORKER, NetworkRole.CONTACT)


class PlanKind(StrEnum):
    CLIENT = "client"
    CARE = "care"
    ACTIVATION = "activation"
    REHABILITATION = "rehabilitation"
    EMPLOYMENT = "employment"

    @property
    def label(self) -> str:
        return tr(f"plan.{self.value}")


class AssessmentKind(StrEnum):
    SERVICE_NEED = "service_need"
    WORK_ABILITY = "work_ability"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(f"assessment.{self.value}")


def _text(errors: dict[str, str], field: str, value: str, *, required: str | None = None) -> str:
    cleaned = clean_text(value)
    if required and not cleaned:
        errors[field] = tr(required)
    elif len(cleaned) > TEXT_MAX:
        errors[field] = tr("network.too_long", limit=TEXT_MAX)
    return cleaned


class Professional(BaseModel):
    """A directory entry; ``staff_id`` links the professional who is a Rinnalla user."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    title: str
    organisation: str
    sector: Sector
    phone: str = ""
    email: str = ""
    staff_id: int | None = None
    version: int = 1

    @property
    def reach(self) -> str:
        """How to reach them, for the contacts card and the map."""
        return ", ".join(part for part in (self.phone, self.email) if part)


class ProfessionalInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    title: str = ""
    organisation: str
    sector: Sector
    phone: str = ""
    email: str = ""
    professional_id: int | None = None
    seen_version: int | None = None
    saved_by: int | None = None
    """The worker saving (a staff id), stamped by the use case and never typed:
    the stored row keeps it, so that a later refused save can name them."""
    saved_at: dt.datetime | None = None
    """When it was saved, stamped by the use case with ``saved_by``."""

    def checked(self) -> ProfessionalInput:
        errors: dict[str, str] = {}
        cleaned = self.model_copy(
            update={
                "name": _text(errors, "name", self.name, required=N_("network.name_missing")),
                "title": _text(errors, "title", self.title),
                "organisation": _text(
                    errors,
                    "organisation",
                    self.organisation,
                    required=N_("network.organisation_missing"),
                ),
                "phone": check_phone(self.phone, errors),
                "email": check_email(self.email, errors),
            }
        )
        if errors:
            raise InvalidInput(errors)
        return cleaned


PROFESSIONAL_FIELDS = ("name", "title", "organisation", "sector", "phone", "email")
"""The fields of a directory entry a worker edits, in the form's order."""


class ProfessionalEdit(BaseModel):
    """One save of a directory entry: who changed which fields, and when.

    The history keeps the names of the fields, not their values: it answers
    "who changed this number" without becoming a second copy of the directory.
    """

    model_config = ConfigDict(frozen=True)

    professional_id: int
    at: dt.datetime
    by: int
    fields: tuple[str, ...]


def changed_fields(stored: Professional, entry: ProfessionalInput) -> tuple[str, ...]:
    """The fields ``entry`` changes on ``stored``, in the form's order."""
    return tuple(
        field for field in PROFESSIONAL_FIELDS if getattr(stored, field) != getattr(entry, field)
    )


class NetworkMember(BaseModel):
    """One person in one client's network."""

    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    professional: Professional | None
    close_name: str = ""
    relation: str = ""
    responsibility: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    roles: frozenset[NetworkRole] = frozenset()
    justification: str = ""
    version: int = 1
    phone: str = ""
    """A close person's phone number (a professional's is in the directory)."""

    @property
    def is_close_person(self) -> bool:
        return self.professional is None

    @property
    def name(self) -> str:
        return self.professional.name if self.professional else self.close_name

    @property
    def sector(self) -> Sector:
        return self.professional.sector if self.professional else Sector.CLOSE_PEOPLE

    @property
    def organisation(self) -> str:
        return self.professional.organisation if self.professional else self.relation

    def active_on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("id", self.id), ("client_id", self.client_id)]


class MemberInput(BaseModel):
    """A member added or edited: a professional from the directory, or a close person."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    professional_id: int | None = None
    close_name: str = ""
    relation: str = ""
    responsibility: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    roles: frozenset[NetworkRole] = frozenset()
    justification: str = ""
    member_id: int | None = None
    seen_version: int | None = None
    saved_by: int | None = None
    """The worker saving (a staff id), stamped by the use case and never typed:
    the stored row keeps it, so that a later refused save can name them."""
    saved_at: dt.datetime | None = None
    """When it was saved, stamped by the use case with ``saved_by``."""
    phone: str = ""
    """A close person's phone number; a professional's is kept in the directory."""

    def checked(self, professional: Professional | None) -> MemberInput:
        """Cleaned, with the SHL 42 § rule for a named worker; InvalidInput per field."""
        errors: dict[str, str] = {}
        close = professional is None
        cleaned = self.model_copy(
            update={
                "close_name": _text(
                    errors,
                    "close_name",
                    self.close_name,
                    required=N_("network.name_missing") if close else None,
                ),
                "relation": _text(
                    errors,
                    "relation",
                    self.relation,
                    required=N_("network.relation_missing") if close else None,
                ),
                "responsibility": _text(errors, "responsibility", self.responsibility),
                "justification": _text(errors, "justification", self.justification),
                "roles": frozenset(role for role in self.roles if role in STORED_ROLES),
                "phone": check_phone(self.phone, errors) if close else "",
            }
        )
        if self.since and self.until and self.until < self.since:
            errors["until"] = tr("network.until_before_since")
        if close and cleaned.roles - {NetworkRole.CONTACT}:
            errors["roles"] = tr("network.close_person_role")
        if professional is not None and NetworkRole.NAMED_WORKER in cleaned.roles:
            if professional.sector is Sector.HEALTH:
                if not cleaned.justification:
                    errors["justification"] = tr("network.justification_missing")
            elif professional.sector is not Sector.SOCIAL:
                errors["roles"] = tr("network.named_worker_sector")
        if NetworkRole.NAMED_WORKER not in cleaned.roles:
            cleaned = cleaned.model_copy(update={"justification": ""})
        if errors:
            raise InvalidInput(errors)
        return cleaned


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    kind: PlanKind
    organisation: str
    made_on: dt.date
    next_review: dt.date | None = None


class PlanInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    client_id: int
    kind: PlanKind
    organisation: str
    made_on: dt.date
    next_review: dt.date | None = None

    def checked(self) -> PlanInput:
        errors: dict[str, str] = {}
        organisation = _text(
            errors, "organisation", self.organisation, required=N_("network.organisation_missing")
        )
        if self.next_review is not None and self.next_review < self.made_on:
            errors["next_review"] = tr("network.review_before_plan")
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(update={"organisation": organisation})


class Assessment(BaseModel):
    """An assessment of one life domain, or of a kind (service need, work ability)."""

    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    domain: LifeDomain | None
    kind: AssessmentKind | None
    assessor: str
    organisation: str
    made_on: dt.date

    @property
    def subject(self) -> str:
        """What was assessed, as the worker reads it."""
        if self.domain is not None:
            return self.domain.label
        return self.kind.label if self.kind else "–"

    @property
    def subject_key(self) -> str:
        """Two assessments with the same key assessed the same thing (R6)."""
        return f"domain:{self.domain.value}" if self.domain else f"kind:{self.kind}"


class AssessmentInput(BaseModel):
    model_config = ConfigDict(frozen=True)

    client_id: int
    domain: LifeDomain | None = None
    kind: AssessmentKind | None = None
    assessor: str = ""
    organisation: str
    made_on: dt.date

    def checked(self) -> AssessmentInput:
        errors: dict[str, str] = {}
        organisation = _text(
            errors, "organisation", self.organisation, required=N_("network.organisation_missing")
        )
        assessor = _text(errors, "assessor", self.assessor)
        if self.domain is None and self.kind is None:
            errors["subject"] = tr("network.assessment_subject")
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(update={"organisation": organisation, "assessor": assessor})


class AssignmentView(BaseModel):
    """A case-manager assignment with the professional it names."""

    model_config = ConfigDict(frozen=True)

    assignment: CaseManagerAssignment
    professional: Professional


class ClientNetwork(BaseModel):
    """Everything the network view shows for one client, read at once."""

    model_config = ConfigDict(frozen=True)

    client: Client
    members: tuple[NetworkMember, ...]
    plans: tuple[Plan, ...]
    assessments: tuple[Assessment, ...]
    case_manager: AssignmentView | None
    history: tuple[AssignmentView, ...]
    """Every assignment, newest first (the active one included)."""
    last_visit_at: dt.datetime | None
    referrals: tuple[Service, ...]
    """Services the client has been referred to (intake outcomes)."""

    def roles_of(self, member: NetworkMember) -> frozenset[NetworkRole]:
        """The member's roles, the case manager included."""
        roles = set(member.roles)
        if (
            self.case_manager is not None
            and member.professional is not None
            and member.professional.id == self.case_manager.professional.id
        ):
            roles.add(NetworkRole.CASE_MANAGER)
        return frozenset(roles)

    @property
    def previous_case_manager(self) -> AssignmentView | None:
        """Who managed the client before (R5): the newest ended assignment."""
        return next((a for a in self.history if not a.assignment.active), None)
