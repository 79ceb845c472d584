"""MOTI team meetings (R8): teams, meetings, the backlog, the agenda and its follow-up.

The coordinator gathers the clients proposed to the team, gives each a question
and a time slot, invites the experts the client's needs call for and the
professionals already in the client's network, records decisions and actions,
and unfinished actions come back on the next agenda by themselves (003, 000).
The rules here are pure: ordering, fitting, invitee suggestions, invitation
times and pseudonyms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.clients import Client
from domain.clock import HELSINKI
from domain.i18n import N_, tr
from domain.intake import LifeDomain
from domain.network import NetworkMember, Professional
from domain.sectors import Sector

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("moti.item.client"),
    N_("moti.item.follow_up"),
    N_("moti.decision.case_manager_agreed"),
    N_("moti.decision.referral"),
    N_("moti.decision.no_action"),
    N_("moti.carry.not_done"),
    N_("moti.carry.circumstances_changed"),
    N_("moti.state.planned"),
    N_("moti.state.open"),
    N_("moti.state.closed"),
    N_("moti.reason.sector"),
    N_("moti.referrer.sote"),
    N_("moti.referrer.third_sector"),
    N_("moti.referrer.employment"),
    N_("moti.referrer.kela"),
    N_("moti.referrer.client"),
    N_("moti.return.not_reached"),
    N_("moti.return.person_absent"),
    N_("moti.return.information_missing"),
    N_("moti.return.client_wish"),
    N_("moti.return.other"),
)

FOLLOW_UP_MINUTES = 5
"""A follow-up item's default slot: a short check of an unfinished action."""
DEFAULT_SLOT_MINUTES = 20


class MeetingState(StrEnum):
    PLANNED = "planned"
    OPEN = "open"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return tr(f"moti.state.{self.value}")


class ItemKind(StrEnum):
    CLIENT = "client"
    FOLLOW_UP = "follow_up"

    @property
    def label(self) -> str:
        return tr(f"moti.item.{self.value}")


class DecisionKind(StrEnum):
    CASE_MANAGER_AGREED = "case_manager_agreed"
    REFERRAL = "referral"
    NO_ACTION = "no_action"

    @property
    def label(self) -> str:
        return tr(f"moti.decision.{self.value}")


class ActionState(StrEnum):
    OPEN = "open"
    DONE = "done"
    CARRIED = "carried"


class CarryReason(StrEnum):
    NOT_DONE = "not_done"
    CIRCUMSTANCES_CHANGED = "circumstances_changed"

    @property
    def label(self) -> str:
        return tr(f"moti.carry.{self.value}")


class Referrer(StrEnum):
    """Who referred the client to the team: a fixed list, so that the team can count
    where its clients come from (004: paths break at the organisation boundary)."""

    SOTE = "sote"
    THIRD_SECTOR = "third_sector"
    EMPLOYMENT = "employment"
    KELA = "kela"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return tr(f"moti.referrer.{self.value}")


class ReturnReason(StrEnum):
    """Why a client proposed to the team went back to the backlog undiscussed (R8)."""

    NOT_REACHED = "not_reached"
    PERSON_ABSENT = "person_absent"
    INFORMATION_MISSING = "information_missing"
    CLIENT_WISH = "client_wish"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(f"moti.return.{self.value}")


class OwnerKind(StrEnum):
    """Who owns an action: a professional, the client, or one of the client's close people.

    The client takes part in their own plan (003): an action can be theirs.
    """

    PROFESSIONAL = "professional"
    CLIENT = "client"
    CLOSE_PERSON = "close_person"


class ParticipantKind(StrEnum):
    CLIENT = "client"
    CLOSE_PERSON = "close_person"


class Team(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    area: str = ""


class TeamMember(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    team_id: int
    professional: Professional
    domains: frozenset[LifeDomain] = frozenset()
    sectors: frozenset[Sector] = frozenset()
    availability: str = ""


class Meeting(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    team_id: int
    starts_at: dt.datetime
    length_minutes: int
    place: str = ""
    video_link: str = ""
    state: MeetingState = MeetingState.PLANNED
    minutes: str = ""
    version: int = 1

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.length_minutes)


class Proposal(BaseModel):
    """A client proposed to the team, waiting in the backlog with their question."""

    model_config = ConfigDict(frozen=True)

    id: int
    team_id: int | None
    client_id: int
    question: str
    proposed_at: dt.datetime
    proposed_by: int
    deadline: dt.date | None = None
    scheduled: bool = False
    handled: bool = False
    referred_by: Referrer | None = None
    """Who brought the client to the team (sote, third sector, employment services, ...)."""
    return_reason: ReturnReason | None = None
    """Why the last meeting did not discuss the client; None when it never came back."""
    return_note: str = ""

    def waited_days(self, now: dt.datetime) -> int:
        return max(0, (now - self.proposed_at).days)


class AgendaItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    meeting_id: int
    kind: ItemKind
    client_id: int
    question: str
    position: int
    slot_minutes: int
    proposal_id: int | None = None
    action_id: int | None = None
    invitees: frozenset[int] = frozenset()
    """Professional ids invited for this item."""
    client_view: str = ""
    """The client's own view of the matter, in a few words, as said in the meeting (003)."""
    return_reason: ReturnReason | None = None
    """Set when the meeting closed without discussing the item: why it went back."""
    return_note: str = ""


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    item_id: int
    kind: DecisionKind
    professional_id: int | None = None
    service_id: int | None = None
    note: str = ""


class Action(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    item_id: int
    client_id: int
    what: str
    owner_id: int | None
    """The professional who owns it; None when the client or a close person does."""
    due: dt.date
    state: ActionState = ActionState.OPEN
    carry_reason: CarryReason | None = None
    """Why it was carried: on the carried action, and on its copy on the later meeting."""
    owner_kind: OwnerKind = OwnerKind.PROFESSIONAL
    owner_name: str = ""
    """The close person's name when one owns the action."""

    def overdue_on(self, day: dt.date) -> bool:
        return self.state is ActionState.OPEN and self.due < day


def series_starts(first: dt.datetime, every_weeks: int, count: int) -> list[dt.datetime]:
    """Start times of a meeting series, same Helsinki wall-clock time across DST."""
    local = first.astimezone(HELSINKI)
    starts = []
    for index in range(count):
        day = local.date() + dt.timedelta(weeks=every_weeks * index)
        starts.append(
            dt.datetime.combine(
                day, local.timetz().replace(tzinfo=None), tzinfo=HELSINKI
            ).astimezone(dt.UTC)
        )
    return starts


def order_backlog(proposals: Iterable[Proposal], now: dt.datetime) -> list[Proposal]:
    """Nearest statutory deadline first, then the longest wait, then the oldest id."""
    far = dt.date.max
    return sorted(
        proposals,
        key=lambda p: (p.deadline or far, -p.waited_days(now), p.proposed_at, p.id),
    )


class FittedItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: int
    start_minute: int
    minutes: int


class Fit(BaseModel):
    model_config = ConfigDict(frozen=True)

    fitted: tuple[FittedItem, ...]
    not_fitting: tuple[int, ...]


def fit_agenda(slots: Sequence[tuple[int, int]], length_minutes: int) -> Fit:
    """Place ``(key, minutes)`` slots in order; what does not fit is said, not dropped."""
    fitted: list[FittedItem] = []
    left_out: list[int] = []
    used = 0
    for key, minutes in slots:
        if used + minutes <= length_minutes:
            fitted.append(FittedItem(key=key, start_minute=used, minutes=minutes))
            used += minutes
        else:
            left_out.append(key)
    return Fit(fitted=tuple(fitted), not_fitting=tuple(left_out))


class InviteeSuggestion(BaseModel):
    model_config = ConfigDict(frozen=True)

    professional: Professional
    reasons: tuple[str, ...]


def suggest_invitees(
    concerns: Iterable[LifeDomain],
    team_members: Iterable[TeamMember],
    network_members: Iterable[NetworkMember],
    today: dt.date,
) -> list[InviteeSuggestion]:
    """Team members whose expertise matches the concerns, and the client's own network.

    Each suggestion says why; the coordinator accepts or edits the list.
    """
    concern_set = frozenset(concerns)
    reasons: dict[int, list[str]] = {}
    people: dict[int, Professional] = {}
    for member in team_members:
        shared = sorted(member.domains & concern_set, key=list(LifeDomain).index)
        if shared:
            people[member.professional.id] = member.professional
            reasons.setdefault(member.professional.id, []).append(
                tr("moti.reason.expertise", domains=", ".join(d.label for d in shared))
            )
    for in_network in network_members:
        professional = in_network.professional
        if professional is None or not in_network.active_on(today):
            continue
        people[professional.id] = professional
        reasons.setdefault(professional.id, []).append(
            tr("moti.reason.network", organisation=professional.organisation)
        )
    return [
        InviteeSuggestion(professional=people[pid], reasons=tuple(reasons[pid]))
        for pid in sorted(people, key=lambda pid: (-len(reasons[pid]), people[pid].name))
    ]


class InvitedSlot(BaseModel):
    """One person's part of a meeting: which item, from when to when."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime


def invitation_times(meeting: Meeting, items: Sequence[AgendaItem]) -> dict[int, list[InvitedSlot]]:
    """Per invited professional, their own items and times, so an expert can come for
    fifteen minutes instead of two hours. Items are timed in agenda order."""
    schedule: dict[int, list[InvitedSlot]] = {}
    start = meeting.starts_at
    for item in sorted(items, key=lambda i: i.position):
        end = start + dt.timedelta(minutes=item.slot_minutes)
        for professional_id in sorted(item.invitees):
            schedule.setdefault(professional_id, []).append(
                InvitedSlot(item_id=item.id, starts_at=start, ends_at=end)
            )
        start = end
    return schedule


def pseudonym(client: Client) -> str:
    """Initials and birth year: how an agenda for outsiders names a client (R12)."""
    initials = "".join(f"{part[0].upper()}." for part in (client.name or "").split() if part)
    year = str(client.birth_year) if client.birth_year else "–"
    return f"{initials or '?'} {year}"


class Participant(BaseModel):
    """The client or a close person of theirs, present at (or absent from) a meeting.

    Professionals' attendance is kept apart (``attendance``): these concern a
    client, and reading or writing them is logged for that client (R12).
    """

    model_config = ConfigDict(frozen=True)

    id: int
    meeting_id: int
    client_id: int
    kind: ParticipantKind
    name: str = ""
    """The close person's name; empty for the client."""
    present: bool = True


def action_owner(
    action: Action, professionals: dict[int, str], *, pseudonymous: bool = False
) -> str:
    """Who owns the action, in words: the professional's name, "the client", or the close
    person's name (in a document for outsiders, only "a close person")."""
    if action.owner_kind is OwnerKind.CLIENT:
        return tr("moti.owner.client")
    if action.owner_kind is OwnerKind.CLOSE_PERSON:
        if pseudonymous or not action.owner_name:
            return tr("moti.owner.close_person")
        return action.owner_name
    if action.owner_id is None:
        return "?"
    return professionals.get(action.owner_id) or f"#{action.owner_id}"


def participant_label(participant: Participant, *, pseudonymous: bool = False) -> str:
    """The client or close person as a meeting's minutes name them."""
    if participant.kind is ParticipantKind.CLIENT:
        return tr("moti.owner.client")
    if pseudonymous or not participant.name:
        return tr("moti.owner.close_person")
    return participant.name
