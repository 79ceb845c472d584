"""Tables, as SQLAlchemy 2 declarative classes.

These rows never leave ``storage``: repositories convert them to the domain's
frozen models (:mod:`storage.converters`), so no screen ever holds a live row
that could lazy-load from the UI thread.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from domain.case_management import EndReason
from domain.consent import DataKind
from domain.contact_details import ContactLanguage, ContactWay
from domain.feedback import FeedbackKind
from domain.intake import LifeDomain, OutcomeKind
from domain.moti import (
    ActionState,
    CarryReason,
    DecisionKind,
    ItemKind,
    MeetingState,
    OwnerKind,
    ParticipantKind,
    Referrer,
    ReturnReason,
)
from domain.network import AssessmentKind, NetworkRole, PlanKind
from domain.referrals import NextAction, ReferralSource, ReferralState
from domain.sectors import Sector
from domain.staff import StaffRole
from domain.visit_moves import MoveKind
from domain.visits import ReferralChannel, Urgency, VisitState
from storage.types import UTCDateTime

# Explicit constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _enum(kind: type[StrEnum], name: str) -> Enum:
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(20, *(len(member.value) for member in kind)),
        values_callable=lambda members: [m.value for m in members],
    )


class StaffRow(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    role: Mapped[StaffRole] = mapped_column(
        _enum(StaffRole, "staff_role"), default=StaffRole.COORDINATOR, server_default="coordinator"
    )
    # argon2id hash; None for rows made before accounts existed (they cannot log in).
    passphrase_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}


class LoginAttemptRow(Base):
    """Wrong passphrases in a row for one name from one source (see domain.accounts).

    Kept for every name typed, whether or not it is an account, so the waiting
    time does not tell which names exist; the name is stored only as a digest
    (storage.repositories.staff.login_name_key), never as typed.
    """

    __tablename__ = "login_attempts"

    name_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    source: Mapped[str] = mapped_column(String(200), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    last_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)


class LocationRow(Base):
    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))


class ClientRow(Base):
    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str | None] = mapped_column(String(120))
    # Lower-cased, accent-folded name for search (domain.text.normalise_name).
    name_key: Mapped[str] = mapped_column(String(120), default="", index=True)
    hetu: Mapped[str | None] = mapped_column(String(11), unique=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # R9: the 7-working-day assessment deadline applies.
    highest_care_allowance: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        # PostgreSQL: trigrams answer the search's name_key LIKE '%fragment%'
        # from an index instead of reading every client. The pg_trgm extension
        # may be missing on a server; migration 0010 then leaves the index out
        # and the search still works, reading the table. SQLite has no such
        # index and scans the ordered name_key index instead.
        Index(
            "ix_clients_name_key_trgm",
            "name_key",
            postgresql_using="gin",
            postgresql_ops={"name_key": "gin_trgm_ops"},
            info={"only_on": "postgresql"},
        ).ddl_if(dialect="postgresql"),
    )


class ClientNameWordRow(Base):
    """The words of each client's name (domain.search.name_words).

    A search finds the words a term is in (:class:`NameWordRow`) or could mean
    with a typo (:class:`NameTypoKeyRow`), and then the clients by whole word,
    an equality the primary key answers.
    Written whenever a client's name is (:mod:`storage.name_index`).
    """

    __tablename__ = "client_name_words"

    word: Mapped[str] = mapped_column(String(120), primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True, index=True)


class NameWordRow(Base):
    """Every distinct name word indexed so far (domain.search.name_words).

    A few hundred to some tens of thousands of rows however many clients there
    are: reading them all tells quickly which words contain a search term, and
    so which clients' names do (:class:`ClientNameWordRow`).
    """

    __tablename__ = "name_words"

    word: Mapped[str] = mapped_column(String(120), primary_key=True)


class NameTypoKeyRow(Base):
    """Every name word under each of its typo keys (domain.search.typo_keys).

    One row per distinct word and key, not per client, so a lookup returns a
    handful of words however many clients share them. Words are added here and
    to :class:`NameWordRow` when a name first has them, and not removed when
    the last such name changes (see :mod:`storage.name_index`).
    """

    __tablename__ = "name_typo_keys"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    word: Mapped[str] = mapped_column(String(120), primary_key=True)


class VisitRow(Base):
    __tablename__ = "visits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    reason: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[ReferralChannel] = mapped_column(_enum(ReferralChannel, "referral_channel"))
    urgency: Mapped[Urgency] = mapped_column(_enum(Urgency, "urgency"))
    state: Mapped[VisitState] = mapped_column(_enum(VisitState, "visit_state"))
    arrived_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    registered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    called_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # R10: were the feedback instructions handed over when the visit closed?
    feedback_given: Mapped[bool | None] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Registered while walk-in was closed: allowed, and counted (R11).
    outside_hours: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Issue 19: called and did not come; back in the queue at their place.
    absent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        Index("ix_visits_location_arrived", "location_id", "arrived_at"),
        Index("ix_visits_client_arrived", "client_id", "arrived_at"),
        # Reports scan a period across every location.
        Index("ix_visits_arrived", "arrived_at"),
        # Returning clients: when did this client's previous visit end?
        Index("ix_visits_client_ended", "client_id", "ended_at"),
        # Closures in a period.
        Index("ix_visits_ended", "ended_at"),
    )


class AccessEventRow(Base):
    """The access log: append-only, one row per read or write of a client's data
    and per change to a staff account (exactly one of ``client_id``, ``account_id``)."""

    __tablename__ = "access_log"
    __table_args__ = (
        CheckConstraint("(client_id IS NULL) <> (account_id IS NULL)", name="one_subject"),
        # On SQLite an id is never handed out twice, even after the newest
        # events were deleted; a PostgreSQL sequence never does anyway.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(40))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    purpose: Mapped[str | None] = mapped_column(String(200))
    # Hash chain (R12): each event carries the hash of the one before it, so an
    # edited, deleted or reordered event breaks the chain from there on.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    # Account administration: the account acted on and what changed (a role).
    account_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    detail: Mapped[str | None] = mapped_column(String(60))


class ServiceRow(Base):
    """The service catalogue: referral targets, deactivated rather than deleted."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    sector: Mapped[Sector] = mapped_column(_enum(Sector, "sector"))
    contact: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # R6: a TYP client referred to a work-ability service is warned about.
    work_ability: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    version: Mapped[int] = mapped_column(Integer, default=1)
    # R11: referrals here count in the early-support share.
    early_support: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # R12: a service of another organisation; referring there needs the client's consent.
    external_organisation: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # Who saved the stored version and when, so that a refused save can name them.
    # Empty on rows last saved before 0009.
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}


class IntakeDraftRow(Base):
    """The interview as typed so far; one per visit, gone when the intake is finished."""

    __tablename__ = "intake_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"), unique=True)
    content: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The field that had the focus at the last save: reopening puts the cursor there.
    position: Mapped[str | None] = mapped_column(String(60))

    __mapper_args__ = {"version_id_col": version}


class IntakeRecordRow(Base):
    """A finished intake version; rows are only ever added, never updated."""

    __tablename__ = "intake_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    content: Mapped[str] = mapped_column(Text)
    # Outcome columns repeat what the content says, for the indicators' SQL.
    outcome: Mapped[OutcomeKind] = mapped_column(_enum(OutcomeKind, "outcome_kind"))
    referral_service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    finished_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("intake_records.id"))

    __table_args__ = (UniqueConstraint("visit_id", "number", name="uq_intake_records_version"),)


class ProfessionalRow(Base):
    """The professional directory: one row per person, reused across clients."""

    __tablename__ = "professionals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200))
    sector: Mapped[Sector] = mapped_column(_enum(Sector, "sector"))
    phone: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), unique=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Who saved the stored version and when (see ServiceRow).
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}


class NetworkMemberRow(Base):
    """A professional or a close person in one client's network."""

    __tablename__ = "network_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    professional_id: Mapped[int | None] = mapped_column(ForeignKey("professionals.id"))
    close_name: Mapped[str] = mapped_column(String(200), default="")
    relation: Mapped[str] = mapped_column(String(200), default="")
    responsibility: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[dt.date | None] = mapped_column(Date)
    until: Mapped[dt.date | None] = mapped_column(Date)
    justification: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Who saved the stored version and when (see ServiceRow).
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # A close person's phone number (a professional's is in the directory).
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("client_id", "professional_id", name="uq_network_members_professional"),
    )


class NetworkRoleRow(Base):
    __tablename__ = "network_roles"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("network_members.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[NetworkRole] = mapped_column(_enum(NetworkRole, "network_role"), primary_key=True)


class PlanRow(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[PlanKind] = mapped_column(_enum(PlanKind, "plan_kind"))
    organisation: Mapped[str] = mapped_column(String(200))
    made_on: Mapped[dt.date] = mapped_column(Date)
    next_review: Mapped[dt.date | None] = mapped_column(Date)


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    domain: Mapped[LifeDomain | None] = mapped_column(_enum(LifeDomain, "life_domain"))
    kind: Mapped[AssessmentKind | None] = mapped_column(_enum(AssessmentKind, "assessment_kind"))
    assessor: Mapped[str] = mapped_column(String(200), default="")
    organisation: Mapped[str] = mapped_column(String(200))
    made_on: Mapped[dt.date] = mapped_column(Date)


class CaseManagerRow(Base):
    """Case-manager assignments; at most one without an end per client (R4)."""

    __tablename__ = "case_manager_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    professional_id: Mapped[int] = mapped_column(ForeignKey("professionals.id"), index=True)
    interim: Mapped[bool] = mapped_column(Boolean)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    started_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    end_reason: Mapped[EndReason | None] = mapped_column(_enum(EndReason, "end_reason"))
    end_note: Mapped[str] = mapped_column(String(200), default="", server_default="")
    # R10: were the feedback instructions handed over at the closure?
    feedback_given: Mapped[bool | None] = mapped_column(Boolean)
    # Why this professional was named (R4), and when the named worker saw it.
    start_reason: Mapped[str] = mapped_column(String(200), default="", server_default="")
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # The database itself refuses a second active case manager.
        Index(
            "uq_case_manager_active",
            "client_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index("ix_case_manager_client", "client_id", "started_at"),
    )


class OpeningHoursRow(Base):
    """Walk-in opening periods per location and weekday, as minutes after local midnight."""

    __tablename__ = "opening_hours"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    weekday: Mapped[int] = mapped_column(Integer)
    opens_minute: Mapped[int] = mapped_column(Integer)
    closes_minute: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        UniqueConstraint("location_id", "weekday", "opens_minute", name="uq_opening_hours"),
    )


class PendingAssessmentRow(Base):
    """A service need assessment that became pending, with its due date (R9)."""

    __tablename__ = "pending_assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    pending_since: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date] = mapped_column(Date, index=True)
    statutory: Mapped[bool] = mapped_column(Boolean)
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ConsentRow(Base):
    """Disclosure consent per receiving organisation and data kind (R12)."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    organisation: Mapped[str] = mapped_column(String(200))
    kind: Mapped[DataKind] = mapped_column(_enum(DataKind, "data_kind"))
    given_on: Mapped[dt.date] = mapped_column(Date)
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class FeedbackRow(Base):
    """Client feedback; anonymous rows keep no client, visit or assignment."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[FeedbackKind] = mapped_column(_enum(FeedbackKind, "feedback_kind"))
    score: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    given_on: Mapped[dt.date] = mapped_column(Date, index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visits.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("case_manager_assignments.id"))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    professional_id: Mapped[int | None] = mapped_column(ForeignKey("professionals.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"))


class TeamRow(Base):
    """A MOTI team (one per area)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    area: Mapped[str] = mapped_column(String(200), default="")


class TeamMemberRow(Base):
    __tablename__ = "team_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("professionals.id"))
    # Comma-separated enum values: a handful per member, read with the member.
    domains: Mapped[str] = mapped_column(String(400), default="")
    sectors: Mapped[str] = mapped_column(String(400), default="")
    availability: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("team_id", "professional_id", name="uq_team_members"),)


class MeetingRow(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    starts_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    length_minutes: Mapped[int] = mapped_column(Integer)
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(400), default="")
    state: Mapped[MeetingState] = mapped_column(_enum(MeetingState, "meeting_state"))
    minutes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_meetings_team_start", "team_id", "starts_at"),)


class ProposalRow(Base):
    """The backlog: clients proposed to a MOTI team with their question."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    question: Mapped[str] = mapped_column(Text)
    proposed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    proposed_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    intake_record_id: Mapped[int | None] = mapped_column(ForeignKey("intake_records.id"))
    scheduled: Mapped[bool] = mapped_column(Boolean, default=False)
    handled: Mapped[bool] = mapped_column(Boolean, default=False)
    referred_by: Mapped[Referrer | None] = mapped_column(_enum(Referrer, "referrer"))
    return_reason: Mapped[ReturnReason | None] = mapped_column(_enum(ReturnReason, "return_reason"))
    return_note: Mapped[str] = mapped_column(Text, default="")


class AgendaItemRow(Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    kind: Mapped[ItemKind] = mapped_column(_enum(ItemKind, "item_kind"))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    question: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    action_id: Mapped[int | None] = mapped_column(ForeignKey("actions.id", use_alter=True))
    invitees: Mapped[str] = mapped_column(String(400), default="")
    client_view: Mapped[str] = mapped_column(Text, default="")
    return_reason: Mapped[ReturnReason | None] = mapped_column(_enum(ReturnReason, "return_reason"))
    return_note: Mapped[str] = mapped_column(Text, default="")


class DecisionRow(Base):
    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    kind: Mapped[DecisionKind] = mapped_column(_enum(DecisionKind, "decision_kind"))
    professional_id: Mapped[int | None] = mapped_column(ForeignKey("professionals.id"))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    note: Mapped[str] = mapped_column(Text, default="")


class ActionRow(Base):
    __tablename__ = "actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("professionals.id"), index=True)
    due: Mapped[dt.date] = mapped_column(Date)
    state: Mapped[ActionState] = mapped_column(_enum(ActionState, "action_state"))
    carry_reason: Mapped[CarryReason | None] = mapped_column(_enum(CarryReason, "carry_reason"))
    owner_kind: Mapped[OwnerKind] = mapped_column(
        _enum(OwnerKind, "owner_kind"), default=OwnerKind.PROFESSIONAL
    )
    owner_name: Mapped[str] = mapped_column(String(200), default="")


class AttendanceRow(Base):
    __tablename__ = "attendance"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("professionals.id"), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean)


class ParticipantRow(Base):
    """The client or a close person of theirs at a MOTI meeting (003); one row each."""

    __tablename__ = "meeting_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    kind: Mapped[ParticipantKind] = mapped_column(_enum(ParticipantKind, "participant_kind"))
    name: Mapped[str] = mapped_column(String(200), default="")
    present: Mapped[bool] = mapped_column(Boolean)


# --- Issue 19: the queue's moves, kept for undo.


class VisitMoveRow(Base):
    """A move the queue's keys made, with the visit's fields before it (for undo)."""

    __tablename__ = "visit_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id"))
    location_id: Mapped[int] = mapped_column(ForeignKey("locations.id"))
    kind: Mapped[MoveKind] = mapped_column(_enum(MoveKind, "move_kind"))
    moved_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    moved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    # Two state columns: their check constraints need names of their own.
    to_state: Mapped[VisitState] = mapped_column(_enum(VisitState, "to_state"))
    before_state: Mapped[VisitState] = mapped_column(_enum(VisitState, "before_state"))
    before_called_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    before_called_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    before_ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    before_ended_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    before_absent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # Undo: this worker's latest move at this desk today.
        Index("ix_visit_moves_by_location", "moved_by", "location_id", "moved_at"),
        # Undo: has the visit moved since?
        Index("ix_visit_moves_visit", "visit_id", "moved_at"),
    )


class ClientContactRow(Base):
    """How to reach a client: one row per client, made on the first save."""

    __tablename__ = "client_contacts"

    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), primary_key=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    contact_way: Mapped[ContactWay | None] = mapped_column(_enum(ContactWay, "contact_way"))
    language: Mapped[ContactLanguage | None] = mapped_column(
        _enum(ContactLanguage, "contact_language")
    )
    language_other: Mapped[str] = mapped_column(String(60), default="")
    interpreter: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str] = mapped_column(String(60), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __mapper_args__ = {"version_id_col": version}


class CallbackRow(Base):
    """A promised call: to whom, by whom, when; ``done_at`` once the call was made."""

    __tablename__ = "callbacks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    caller_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    due_on: Mapped[dt.date] = mapped_column(Date)
    due_time: Mapped[dt.time | None] = mapped_column(Time)
    note: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    done_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class ProfessionalEditRow(Base):
    """The directory's edit history: who changed which fields of an entry, and when."""

    __tablename__ = "professional_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    professional_id: Mapped[int] = mapped_column(ForeignKey("professionals.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    fields: Mapped[str] = mapped_column(String(200))


class ReferralRow(Base):
    """A referral and its current state (:mod:`domain.referrals`); the changes are
    in :class:`ReferralChangeRow`."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"), index=True)
    source: Mapped[ReferralSource] = mapped_column(_enum(ReferralSource, "referral_source"))
    source_id: Mapped[int | None] = mapped_column(Integer)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"))
    target: Mapped[str] = mapped_column(String(200))
    expected_on: Mapped[dt.date] = mapped_column(Date)
    made_by: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    state: Mapped[ReferralState] = mapped_column(_enum(ReferralState, "referral_state"))
    reached_on: Mapped[dt.date | None] = mapped_column(Date)
    next_action: Mapped[NextAction | None] = mapped_column(_enum(NextAction, "next_action"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (Index("ix_referrals_state_expected_on", "state", "expected_on"),)


class ReferralChangeRow(Base):
    """One recorded state of a referral: who recorded it, when, and what came with it."""

    __tablename__ = "referral_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referrals.id"), index=True)
    state: Mapped[ReferralState] = mapped_column(_enum(ReferralState, "referral_state"))
    by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    reached_on: Mapped[dt.date | None] = mapped_column(Date)
    next_action: Mapped[NextAction | None] = mapped_column(_enum(NextAction, "next_action"))
    note: Mapped[str] = mapped_column(Text, default="")


class CaseEndParticipantRow(Base):
    """Who took part in the joint decision to end a case-manager assignment (R5).

    The client is a row with ``is_client``; a network member is kept by name as
    it was then, with its id but no foreign key, because members can be removed
    from the network and the decision must still say who took part.
    """

    __tablename__ = "case_end_participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("case_manager_assignments.id"), index=True
    )
    is_client: Mapped[bool] = mapped_column(Boolean)
    member_id: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")


class JointClientDecisionRow(Base):
    """The worker's yhteisasiakas decisions (R7): the newest is the one that holds."""

    __tablename__ = "joint_client_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id"))
    joint: Mapped[bool] = mapped_column(Boolean)
    # Codes of the criteria that held, comma-separated (domain.joint_client).
    criteria: Mapped[str] = mapped_column(String(400), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    decided_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    decided_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_joint_client_decisions_client", "client_id", "decided_at"),)
