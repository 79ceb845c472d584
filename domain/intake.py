"""The intake interview (tilannekartoitus): content, multi-service criteria, outcome.

The interview covers the client's whole situation (R2): every life domain gets
a level and a note, plus the client's own goals and resources. While it is
typed it is a *draft* tied to the visit; finishing makes it a *record*, which
is never edited in place — a correction is a new numbered version with who and
when, so that what was decided on the day stays readable.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from domain.errors import InvalidInput
from domain.i18n import N_, tr
from domain.sectors import Sector
from domain.text import clean_text

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("domain.services"),
    N_("domain.housing"),
    N_("domain.employment"),
    N_("domain.income"),
    N_("domain.health"),
    N_("domain.relationships"),
    N_("domain.work_ability"),
    N_("domain.daily_life"),
    N_("domain.other"),
    N_("level.not_discussed"),
    N_("level.none"),
    N_("level.some"),
    N_("level.serious"),
    N_("checklist.several_sectors"),
    N_("checklist.frequent_contacts"),
    N_("checklist.several_plans"),
    N_("checklist.no_responsible_worker"),
    N_("checklist.repeated_referrals"),
    N_("checklist.unclear_work_ability"),
    N_("outcome.advice"),
    N_("outcome.referred"),
    N_("outcome.coordinator"),
    N_("outcome.moti"),
    N_("outcome.client_left"),
    N_("intake.field.level"),
    N_("intake.field.note"),
    N_("intake.field.goals"),
    N_("intake.field.resources"),
    N_("intake.field.language"),
    N_("intake.field.interpreter"),
    N_("intake.field.outcome"),
    N_("intake.field.referral_service"),
    N_("intake.field.moti_question"),
)

TEXT_MAX = 2000
"""Longest note, goal or resources text; longer text is refused, not cut."""

# R7: the result is a suggestion; this many reasons make it "criteria met".
CRITERIA_THRESHOLD = 2
FREQUENT_VISITS = 3
"""Visits in the last 6 months that count as frequent contacts."""
REPEATED_INTAKES = 2
SEVERAL_SECTORS = 3


class LifeDomain(StrEnum):
    SERVICES = "services"
    HOUSING = "housing"
    EMPLOYMENT = "employment"
    INCOME = "income"
    HEALTH = "health"
    RELATIONSHIPS = "relationships"
    WORK_ABILITY = "work_ability"
    DAILY_LIFE = "daily_life"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(f"domain.{self.value}")


class ConcernLevel(StrEnum):
    """Ordered as the keys choose them: 1 none, 2 some, 3 serious, 0 not discussed."""

    NOT_DISCUSSED = "not_discussed"
    NONE = "none"
    SOME = "some"
    SERIOUS = "serious"

    @property
    def label(self) -> str:
        return tr(f"level.{self.value}")


class ChecklistItem(StrEnum):
    SEVERAL_SECTORS = "several_sectors"
    FREQUENT_CONTACTS = "frequent_contacts"
    SEVERAL_PLANS = "several_plans"
    NO_RESPONSIBLE_WORKER = "no_responsible_worker"
    REPEATED_REFERRALS = "repeated_referrals"
    UNCLEAR_WORK_ABILITY = "unclear_work_ability"

    @property
    def label(self) -> str:
        return tr(f"checklist.{self.value}")


class OutcomeKind(StrEnum):
    """How an intake ended (R3); stored for the indicators."""

    ADVICE = "advice"
    REFERRED = "referred"
    COORDINATOR = "coordinator"
    MOTI = "moti"
    CLIENT_LEFT = "client_left"

    @property
    def label(self) -> str:
        return tr(f"outcome.{self.value}")

    @property
    def needs_follow_up(self) -> bool:
        """Someone must carry the client on: the intake worker, until a case manager is agreed."""
        return self in (OutcomeKind.COORDINATOR, OutcomeKind.MOTI)

    @property
    def client_present(self) -> bool:
        """Whether the client is still there to be handed the feedback instructions (R10)."""
        return self is not OutcomeKind.CLIENT_LEFT


class DomainEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: ConcernLevel = ConcernLevel.NOT_DISCUSSED
    note: str = ""


def _all_domains() -> dict[LifeDomain, DomainEntry]:
    return {domain: DomainEntry() for domain in LifeDomain}


class IntakeContent(BaseModel):
    """Everything typed in the interview; also what a draft stores."""

    model_config = ConfigDict(frozen=True)

    domains: dict[LifeDomain, DomainEntry] = Field(default_factory=_all_domains)
    goals: str = ""
    resources: str = ""
    language: str = ""
    interpreter: bool = False
    checklist: frozenset[ChecklistItem] = frozenset()
    outcome: OutcomeKind | None = None
    referral_service_id: int | None = None
    moti_question: str = ""

    @field_validator("domains")
    @classmethod
    def _every_domain(cls, domains: dict[LifeDomain, DomainEntry]) -> dict[LifeDomain, DomainEntry]:
        """Every life domain is present, so two contents compare by what was typed."""
        return {domain: domains.get(domain, DomainEntry()) for domain in LifeDomain}

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # Notes, goals and resources are about a person: never in a traceback.
        return [("outcome", self.outcome)]

    def entry(self, domain: LifeDomain) -> DomainEntry:
        return self.domains.get(domain, DomainEntry())

    def cleaned(self) -> IntakeContent:
        """Control characters removed from every text; refuses over-long text."""
        errors: dict[str, str] = {}

        def clean(field: str, text: str) -> str:
            value = clean_text(text)
            if len(value) > TEXT_MAX:
                errors[field] = tr("intake.too_long", limit=TEXT_MAX)
            return value

        domains = {
            domain: DomainEntry(
                level=self.entry(domain).level,
                note=clean(f"note-{domain.value}", self.entry(domain).note),
            )
            for domain in LifeDomain
        }
        cleaned = self.model_copy(
            update={
                "domains": domains,
                "goals": clean("goals", self.goals),
                "resources": clean("resources", self.resources),
                "language": clean("language", self.language),
                "moti_question": clean("moti_question", self.moti_question),
            }
        )
        if errors:
            raise InvalidInput(errors)
        return cleaned


def check_finishable(content: IntakeContent) -> IntakeContent:
    """The cleaned content, if it has a complete outcome; else InvalidInput per field."""
    cleaned = content.cleaned()
    errors: dict[str, str] = {}
    if cleaned.outcome is None:
        errors["outcome"] = tr("intake.outcome_missing")
    elif cleaned.outcome is OutcomeKind.REFERRED and cleaned.referral_service_id is None:
        errors["referral_service"] = tr("intake.service_missing")
    elif cleaned.outcome is OutcomeKind.MOTI and not cleaned.moti_question:
        errors["moti_question"] = tr("intake.question_missing")
    if errors:
        raise InvalidInput(errors)
    # Fields that do not belong to the chosen outcome are not kept.
    return cleaned.model_copy(
        update={
            "referral_service_id": cleaned.referral_service_id
            if cleaned.outcome is OutcomeKind.REFERRED
            else None,
            "moti_question": cleaned.moti_question if cleaned.outcome is OutcomeKind.MOTI else "",
        }
    )


def content_fields(content: IntakeContent) -> dict[str, object]:
    """``content`` field by field, keyed as the interview screen names its widgets.

    The unit of a merge: a level, a note, one checklist item, the outcome.
    """
    values: dict[str, object] = {}
    for domain in LifeDomain:
        entry = content.entry(domain)
        values[f"level-{domain.value}"] = entry.level
        values[f"note-{domain.value}"] = entry.note
    values["goals"] = content.goals
    values["resources"] = content.resources
    values["language"] = content.language
    values["interpreter"] = content.interpreter
    for item in ChecklistItem:
        values[f"check-{item.value}"] = item in content.checklist
    values["outcome"] = content.outcome
    values["referral_service"] = content.referral_service_id
    values["moti_question"] = content.moti_question
    return values


def content_from_fields(values: dict[str, object]) -> IntakeContent:
    """The inverse of :func:`content_fields`."""
    outcome = values["outcome"]
    service = values["referral_service"]
    return IntakeContent(
        domains={
            domain: DomainEntry(
                level=ConcernLevel(str(values[f"level-{domain.value}"])),
                note=str(values[f"note-{domain.value}"]),
            )
            for domain in LifeDomain
        },
        goals=str(values["goals"]),
        resources=str(values["resources"]),
        language=str(values["language"]),
        interpreter=bool(values["interpreter"]),
        checklist=frozenset(item for item in ChecklistItem if values[f"check-{item.value}"]),
        outcome=OutcomeKind(str(outcome)) if outcome is not None else None,
        referral_service_id=service if isinstance(service, int) else None,
        moti_question=str(values["moti_question"]),
    )


def field_label(field: str) -> str:
    """What the worker calls the field ``field`` (a key of :func:`content_fields`)."""
    kind, _, name = field.partition("-")
    if kind in ("level", "note"):
        return tr(f"intake.field.{kind}", domain=LifeDomain(name).label)
    if kind == "check":
        return ChecklistItem(name).label
    return tr(f"intake.field.{field}")


class MergedContent(BaseModel):
    """One worker's changes on top of the newer stored version (see :func:`merge_content`)."""

    model_config = ConfigDict(frozen=True)

    content: IntakeContent
    taken: tuple[str, ...]
    """Fields that came from the newer version, as :func:`field_label` names them."""
    both: tuple[str, ...]
    """Fields both people changed; the worker's own text was kept."""

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("taken", len(self.taken)), ("both", len(self.both))]


def merge_content(base: IntakeContent, mine: IntakeContent, theirs: IntakeContent) -> MergedContent:
    """Put the changes ``mine`` made to ``base`` on top of ``theirs``, field by field.

    A field the worker changed keeps the worker's value; every other field
    takes the newer one. Nothing typed is replaced: where both changed the
    same field, the worker's text stays and the field is named in ``both``.
    """
    base_values, own, newer = content_fields(base), content_fields(mine), content_fields(theirs)
    merged: dict[str, object] = {}
    taken: list[str] = []
    both: list[str] = []
    for field, stored in newer.items():
        typed = own[field]
        if typed != base_values[field]:
            merged[field] = typed
            if stored not in (base_values[field], typed):
                both.append(field_label(field))
        else:
            merged[field] = stored
            if stored != typed:
                taken.append(field_label(field))
    return MergedContent(content=content_from_fields(merged), taken=tuple(taken), both=tuple(both))


class KnownFacts(BaseModel):
    """What the system already knows about the client, for R7.

    Computed from the client's history and network (``domain.client_facts``),
    never typed: the worker sees them and cannot tick them.
    """

    model_config = ConfigDict(frozen=True)

    visits_last_6_months: int = 0
    earlier_intakes: int = 0
    network_sectors: frozenset[Sector] = frozenset()
    earlier_referrals: int = 0
    """Earlier visits whose intake ended with a referral to a service."""


REFERRALS_BEFORE = 2
"""Earlier referrals that count as "repeated referrals"."""

COMPUTED_ITEMS = frozenset({ChecklistItem.SEVERAL_SECTORS, ChecklistItem.REPEATED_REFERRALS})
"""Checklist items the system knows from facts (R7): shown, never ticked by hand.

They stay in :class:`ChecklistItem` because interviews saved before they were
computed may hold them; such a tick no longer counts, the fact does."""

TICKED_ITEMS = tuple(item for item in ChecklistItem if item not in COMPUTED_ITEMS)
"""The checklist the worker ticks, in the order the number keys choose them."""

# Criteria that come from facts, not from the checklist: codes stored with a
# joint-client decision, labelled by ``criterion.<code>``.
INTERPRETER = "interpreter"
FREQUENT_VISITS_FACT = "frequent_visits"
REPEATED_INTAKES_FACT = "repeated_intakes"
NETWORK_SECTORS_FACT = ChecklistItem.SEVERAL_SECTORS.value
REPEATED_REFERRALS_FACT = ChecklistItem.REPEATED_REFERRALS.value


class CriteriaResult(BaseModel):
    """A suggestion, never a label: the worker decides (R7)."""

    model_config = ConfigDict(frozen=True)

    met: bool
    reasons: tuple[str, ...]
    held: tuple[str, ...] = ()
    """The criteria that held, as codes (a ticked item's value, or a fact's code),
    in the order of ``reasons``: what a joint-client decision records."""


def multi_service_criteria(content: IntakeContent, facts: KnownFacts) -> CriteriaResult:
    """Whether the client looks like a multi-service client, with every reason listed."""
    held: list[tuple[str, str]] = [
        (item.value, item.label) for item in TICKED_ITEMS if item in content.checklist
    ]
    if content.interpreter:
        held.append((INTERPRETER, tr("criteria.interpreter")))
    if facts.visits_last_6_months >= FREQUENT_VISITS:
        held.append((FREQUENT_VISITS_FACT, tr("criteria.visits", count=facts.visits_last_6_months)))
    if facts.earlier_intakes >= REPEATED_INTAKES:
        held.append((REPEATED_INTAKES_FACT, tr("criteria.intakes", count=facts.earlier_intakes)))
    if len(facts.network_sectors) >= SEVERAL_SECTORS:
        sectors = ", ".join(sorted(sector.label for sector in facts.network_sectors))
        reason = tr("criteria.sectors", count=len(facts.network_sectors), sectors=sectors)
        held.append((NETWORK_SECTORS_FACT, reason))
    if facts.earlier_referrals >= REFERRALS_BEFORE:
        reason = tr("criteria.referrals", count=facts.earlier_referrals)
        held.append((REPEATED_REFERRALS_FACT, reason))
    return CriteriaResult(
        met=len(held) >= CRITERIA_THRESHOLD,
        reasons=tuple(reason for _, reason in held),
        held=tuple(code for code, _ in held),
    )


def facts_lines(facts: KnownFacts) -> tuple[str, ...]:
    """The facts as the criteria panel shows them, whether or not they are a reason.

    The worker sees what the system counted (and that nothing needs ticking),
    even when a count is below its threshold.
    """
    sectors = sorted(sector.label for sector in facts.network_sectors)
    return (
        tr("criteria.fact_sectors", count=len(sectors), sectors=", ".join(sectors) or "–"),
        tr("criteria.fact_referrals", count=facts.earlier_referrals),
        tr("criteria.fact_visits", count=facts.visits_last_6_months),
    )


class IntakeDraft(BaseModel):
    model_config = ConfigDict(frozen=True)

    visit_id: int
    content: IntakeContent
    updated_at: dt.datetime
    updated_by: int
    version: int
    position: str | None = None
    """The field that had the focus at the last save (``note-housing``): where
    the interview reopens. None for a draft saved before drafts kept it."""


class IntakeRecord(BaseModel):
    """A finished intake; ``number`` counts the versions of one visit's intake."""

    model_config = ConfigDict(frozen=True)

    id: int
    visit_id: int
    client_id: int | None
    number: int
    content: IntakeContent
    finished_at: dt.datetime
    finished_by: int
    supersedes_id: int | None

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # Notes are about a person: keep them out of reprs and tracebacks.
        return [("id", self.id), ("visit_id", self.visit_id), ("number", self.number)]
