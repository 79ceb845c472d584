"""Use cases of the MOTI team: plan meetings, build the agenda, run the meeting.

Each is one transaction on the unit of work; reading or writing a client's
part of an agenda is logged for that client (R12).
"""

from __future__ import annotations

import datetime as dt

from domain import formats
from domain.access import Task, require_task
from domain.audit import AccessAction
from domain.clock import HELSINKI, Clock, local_today
from domain.errors import DomainError, InvalidInput
from domain.i18n import tr
from domain.intake import ConcernLevel, LifeDomain
from domain.meetings import (
    ActionLine,
    AgendaLine,
    AgendaView,
    BacklogLine,
    ClosedMeeting,
    MeetingMatch,
    ParticipantChoice,
    ReturnReasons,
    deadline_words,
    parse_meeting_query,
)
from domain.moti import (
    DEFAULT_SLOT_MINUTES,
    FOLLOW_UP_MINUTES,
    Action,
    ActionState,
    AgendaItem,
    CarryReason,
    Decision,
    DecisionKind,
    Fit,
    InviteeSuggestion,
    ItemKind,
    Meeting,
    MeetingState,
    OwnerKind,
    Participant,
    ParticipantKind,
    Proposal,
    Referrer,
    ReturnReason,
    Team,
    TeamMember,
    action_owner,
    fit_agenda,
    order_backlog,
    series_starts,
    suggest_invitees,
)
from domain.need_assessment import working_days_left
from domain.ports import UnitOfWork
from domain.referrals import NewReferral, ReferralRules, ReferralSource
from domain.sectors import Sector
from domain.staff import Staff
from domain.text import clean_text, normalise_name
from domain.use_cases.access import permit_team_decision, require
from domain.use_cases.coordination import read_network
from domain.use_cases.referrals import refer_within


def _today(clock: Clock) -> dt.date:
    return clock.now().astimezone(HELSINKI).date()


def _open_meeting(uow: UnitOfWork, meeting_id: int) -> Meeting:
    meeting = uow.meetings.get_meeting(meeting_id)
    if meeting.state is MeetingState.CLOSED:
        raise DomainError(tr("meetings.closed"))
    return meeting


def create_team(uow: UnitOfWork, name: str, area: str = "", *, actor: Staff) -> Team:
    require_task(actor, Task.MEETINGS)
    cleaned = clean_text(name)
    if not cleaned:
        raise InvalidInput({"name": tr("meetings.name_missing")})
    with uow:
        team = uow.meetings.add_team(cleaned, clean_text(area))
        uow.commit()
    return team


def add_team_member(
    uow: UnitOfWork,
    team_id: int,
    professional_id: int,
    *,
    domains: frozenset[LifeDomain] = frozenset(),
    sectors: frozenset[Sector] = frozenset(),
    availability: str = "",
    actor: Staff,
) -> TeamMember:
    require_task(actor, Task.MEETINGS)
    with uow:
        uow.meetings.get_team(team_id)
        uow.professionals.get(professional_id)
        member = uow.meetings.add_team_member(
            team_id, professional_id, domains, sectors, clean_text(availability)
        )
        uow.commit()
    return member


PLAN_AHEAD_YEARS = 5
"""Meetings are planned up to the end of the fifth year from now: a later date is a typo
(and near the calendar's end, the dates derived from a meeting would not exist)."""


def _planned_starts(
    first_start: dt.datetime, length_minutes: int, every_weeks: int, count: int, clock: Clock
) -> list[dt.datetime]:
    """The series' start times, refused at the date field when it ends too far ahead."""
    last_day = dt.date(local_today(clock).year + PLAN_AHEAD_YEARS, 12, 31)
    refused = InvalidInput({"date": tr("meetings.date_too_far", last=formats.date(last_day))})
    try:
        starts = series_starts(first_start, every_weeks, count)
        last_end = (starts[-1] + dt.timedelta(minutes=length_minutes)).astimezone(HELSINKI)
    except OverflowError:
        raise refused from None
    if last_end.date() > last_day:
        raise refused
    return starts


def plan_meetings(
    uow: UnitOfWork,
    team_id: int,
    first_start: dt.datetime,
    length_minutes: int,
    *,
    place: str = "",
    video_link: str = "",
    every_weeks: int = 2,
    count: int = 1,
    actor: Staff,
) -> list[Meeting]:
    """One meeting, or a series (e.g. every second Tuesday) with the next dates."""
    require_task(actor, Task.MEETINGS)
    errors: dict[str, str] = {}
    if not 15 <= length_minutes <= 480:
        errors["length"] = tr("meetings.length")
    if not 1 <= count <= 52:
        errors["count"] = tr("meetings.count")
    if not 1 <= every_weeks <= 8:
        errors["every"] = tr("meetings.every")
    if errors:
        raise InvalidInput(errors)
    starts = _planned_starts(first_start, length_minutes, every_weeks, count, uow.clock)
    with uow:
        uow.meetings.get_team(team_id)
        meetings = [
            uow.meetings.add_meeting(
                team_id, start, length_minutes, clean_text(place), clean_text(video_link)
            )
            for start in starts
        ]
        uow.commit()
    return meetings


def propose_to_team(
    uow: UnitOfWork,
    client_id: int,
    question: str,
    *,
    team_id: int | None,
    deadline: dt.date | None = None,
    referred_by: Referrer | None = None,
    actor: Staff,
    clock: Clock,
) -> Proposal:
    """Put a client in the team's backlog with the question for the team.

    A client whose service need assessment is pending and not yet started
    brings its due date along (R9): the backlog and the agenda put the
    statutory deadline first (R8). ``referred_by`` says who brought the client
    to the team.
    """
    cleaned = clean_text(question)
    if not cleaned:
        raise InvalidInput({"question": tr("meetings.question_missing")})
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED, client_id)
        uow.clients.get(client_id)
        if deadline is None:
            deadline = pending_due_date(uow, client_id)
        proposal = uow.meetings.add_proposal(
            team_id, client_id, cleaned, clock.now(), actor.id, deadline, None, referred_by
        )
        uow.audit(actor, AccessAction.MEETING_UPDATED, client_id)
        uow.commit()
    return proposal


def pending_due_date(uow: UnitOfWork, client_id: int) -> dt.date | None:
    """The earliest due date of the client's pending assessments not yet started (R9)."""
    due = [p.due_on for p in uow.pending_assessments.for_client(client_id) if p.started_on is None]
    return min(due) if due else None


def backlog(uow: UnitOfWork, team_id: int, *, actor: Staff, clock: Clock) -> list[BacklogLine]:
    """The waiting clients in the proposed order: nearest deadline, then longest wait."""
    now = clock.now()
    today = _today(clock)
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        proposals = order_backlog(uow.meetings.backlog(team_id), now)
        clients = uow.clients.get_many(p.client_id for p in proposals)
        for client_id in clients:
            uow.audit(actor, AccessAction.MEETING_READ, client_id)
        uow.commit()
    return [
        BacklogLine(
            proposal=p,
            client=clients[p.client_id],
            waited_days=p.waited_days(now),
            deadline_status=deadline_words(p.deadline, today) if p.deadline else "",
            overdue=p.deadline is not None and working_days_left(p.deadline, today) < 0,
        )
        for p in proposals
    ]


def _bring_back_follow_ups(uow: UnitOfWork, meeting: Meeting) -> None:
    """Unfinished actions of the team's earlier meetings come back by themselves."""
    on_agenda = {item.action_id for item in uow.meetings.items(meeting.id) if item.action_id}
    earlier = {
        m.id for m in uow.meetings.meetings(meeting.team_id) if m.starts_at < meeting.starts_at
    }
    for action in uow.meetings.actions(team_id=meeting.team_id, state=ActionState.OPEN):
        item = uow.meetings.get_item(action.item_id)
        if item.meeting_id in earlier and action.id not in on_agenda:
            uow.meetings.add_item(
                meeting.id,
                ItemKind.FOLLOW_UP,
                action.client_id,
                action.what,
                FOLLOW_UP_MINUTES,
                None,
                action.id,
            )


def _agenda_view(uow: UnitOfWork, meeting_id: int) -> AgendaView:
    meeting = uow.meetings.get_meeting(meeting_id)
    items = uow.meetings.items(meeting_id)
    clients = uow.clients.get_many(item.client_id for item in items)
    fit: Fit = fit_agenda([(item.id, item.slot_minutes) for item in items], meeting.length_minutes)
    starts = {
        fitted.key: meeting.starts_at + dt.timedelta(minutes=fitted.start_minute)
        for fitted in fit.fitted
    }
    followed = {
        item.action_id: uow.meetings.get_action(item.action_id)
        for item in items
        if item.action_id is not None
    }
    invited_ids = {pid for item in items for pid in item.invitees}
    actions = uow.meetings.actions(meeting_id=meeting_id)
    owner_ids = {
        action.owner_id for action in [*actions, *followed.values()] if action.owner_id is not None
    }
    proposals = {
        item.proposal_id: uow.meetings.get_proposal(item.proposal_id)
        for item in items
        if item.proposal_id is not None
    }
    return AgendaView(
        meeting=meeting,
        team=uow.meetings.get_team(meeting.team_id),
        lines=tuple(
            AgendaLine(
                item=item,
                client=clients[item.client_id],
                starts_at=starts.get(item.id),
                action=followed.get(item.action_id) if item.action_id else None,
                proposal=proposals.get(item.proposal_id) if item.proposal_id else None,
            )
            for item in items
        ),
        not_fitting=fit.not_fitting,
        invitees=uow.professionals.get_many(invited_ids),
        decisions=tuple(uow.meetings.decisions(meeting_id)),
        actions=tuple(actions),
        attendance=uow.meetings.attendance(meeting_id),
        team_members=tuple(uow.meetings.team_members(meeting.team_id)),
        participants=tuple(uow.meetings.participants(meeting_id)),
        owners=uow.professionals.get_many(owner_ids),
    )


def agenda(uow: UnitOfWork, meeting_id: int, *, actor: Staff) -> AgendaView:
    """The meeting's agenda, with follow-ups brought back, timed and fitted."""
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        meeting = uow.meetings.get_meeting(meeting_id)
        if meeting.state is not MeetingState.CLOSED:
            _bring_back_follow_ups(uow, meeting)
        view = _agenda_view(uow, meeting_id)
        for client_id in {line.client.id for line in view.lines}:
            uow.audit(actor, AccessAction.MEETING_READ, client_id)
        uow.commit()
    return view


def add_to_agenda(
    uow: UnitOfWork,
    meeting_id: int,
    proposal_id: int,
    *,
    slot_minutes: int = DEFAULT_SLOT_MINUTES,
    actor: Staff,
) -> AgendaItem:
    """Move a proposal from the backlog to the meeting with a time slot."""
    if not 5 <= slot_minutes <= 120:
        raise InvalidInput({"slot": tr("meetings.slot")})
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        _open_meeting(uow, meeting_id)
        proposal = uow.meetings.get_proposal(proposal_id)
        if proposal.scheduled or proposal.handled:
            raise DomainError(tr("meetings.already_scheduled"))
        item = uow.meetings.add_item(
            meeting_id,
            ItemKind.CLIENT,
            proposal.client_id,
            proposal.question,
            slot_minutes,
            proposal.id,
            None,
        )
        uow.meetings.mark_proposal(proposal.id, scheduled=True, handled=False)
        uow.audit(actor, AccessAction.MEETING_UPDATED, proposal.client_id)
        uow.commit()
    return item


def remove_from_agenda(uow: UnitOfWork, item_id: int, *, actor: Staff) -> None:
    """Back to the backlog. A follow-up item comes back while its action is open:
    mark the action done or carry it to make it go."""
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = uow.meetings.get_item(item_id)
        _open_meeting(uow, item.meeting_id)
        uow.meetings.remove_item(item_id)
        if item.proposal_id is not None:
            uow.meetings.mark_proposal(item.proposal_id, scheduled=False, handled=False)
        _renumber(uow, item.meeting_id, [i.id for i in uow.meetings.items(item.meeting_id)])
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()


def _renumber(uow: UnitOfWork, meeting_id: int, ordered_ids: list[int]) -> None:
    items = {item.id: item for item in uow.meetings.items(meeting_id)}
    for position, item_id in enumerate(ordered_ids):
        uow.meetings.update_item(items[item_id].model_copy(update={"position": position}))


def propose_order(uow: UnitOfWork, meeting_id: int, *, actor: Staff, clock: Clock) -> list[int]:
    """Reorder: follow-ups first (short), then clients by deadline and wait (R8)."""
    now = clock.now()
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        _open_meeting(uow, meeting_id)
        items = uow.meetings.items(meeting_id)
        follow_ups = [item for item in items if item.kind is ItemKind.FOLLOW_UP]
        by_proposal = {item.proposal_id: item for item in items if item.proposal_id is not None}
        proposals = [uow.meetings.get_proposal(pid) for pid in by_proposal]
        ordered = [item.id for item in follow_ups] + [
            by_proposal[p.id].id for p in order_backlog(proposals, now)
        ]
        rest = [item.id for item in items if item.id not in ordered]
        _renumber(uow, meeting_id, ordered + rest)
        for client_id in {item.client_id for item in items}:
            uow.audit(actor, AccessAction.MEETING_UPDATED, client_id)
        uow.commit()
    return ordered + rest


def move_item(uow: UnitOfWork, item_id: int, delta: int, *, actor: Staff) -> None:
    """Move one item up (-1) or down (+1) on the agenda."""
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = uow.meetings.get_item(item_id)
        _open_meeting(uow, item.meeting_id)
        ids = [i.id for i in uow.meetings.items(item.meeting_id)]
        index = ids.index(item_id)
        target = max(0, min(len(ids) - 1, index + delta))
        ids.insert(target, ids.pop(index))
        _renumber(uow, item.meeting_id, ids)
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()


def set_slot(uow: UnitOfWork, item_id: int, slot_minutes: int, *, actor: Staff) -> AgendaItem:
    if not 5 <= slot_minutes <= 120:
        raise InvalidInput({"slot": tr("meetings.slot")})
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = uow.meetings.get_item(item_id)
        _open_meeting(uow, item.meeting_id)
        saved = uow.meetings.update_item(item.model_copy(update={"slot_minutes": slot_minutes}))
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()
    return saved


def invitee_suggestions(
    uow: UnitOfWork, item_id: int, *, actor: Staff, clock: Clock
) -> list[InviteeSuggestion]:
    """Experts for the client's concern domains, and the client's own network."""
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        item = uow.meetings.get_item(item_id)
        meeting = uow.meetings.get_meeting(item.meeting_id)
        records = uow.intakes.records_for_client(item.client_id)
        concerns: set[LifeDomain] = set()
        if records:
            newest = records[0].content
            concerns = {
                domain
                for domain in LifeDomain
                if newest.entry(domain).level in (ConcernLevel.SOME, ConcernLevel.SERIOUS)
            }
        network = read_network(uow, item.client_id)
        suggestions = suggest_invitees(
            concerns, uow.meetings.team_members(meeting.team_id), network.members, _today(clock)
        )
        uow.audit(actor, AccessAction.MEETING_READ, item.client_id)
        uow.commit()
    return suggestions


def set_invitees(
    uow: UnitOfWork, item_id: int, professional_ids: frozenset[int], *, actor: Staff
) -> AgendaItem:
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = uow.meetings.get_item(item_id)
        _open_meeting(uow, item.meeting_id)
        uow.professionals.get_many(professional_ids)
        saved = uow.meetings.update_item(item.model_copy(update={"invitees": professional_ids}))
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()
    return saved


def open_meeting(uow: UnitOfWork, meeting_id: int, *, actor: Staff) -> Meeting:
    """Meeting mode starts: decisions and actions may be recorded.

    Only the meeting's state changes; no client's data is read or written.
    """
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        meeting = _open_meeting(uow, meeting_id)
        saved = uow.meetings.save_meeting(meeting.model_copy(update={"state": MeetingState.OPEN}))
        uow.commit()
    return saved


def record_attendance(
    uow: UnitOfWork, meeting_id: int, professional_id: int, present: bool, *, actor: Staff
) -> None:
    """Who was present: about the professionals, not about any client."""
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        _open_meeting(uow, meeting_id)
        uow.meetings.set_attendance(meeting_id, professional_id, present)
        uow.commit()


def _item_in_open_meeting(uow: UnitOfWork, item_id: int) -> AgendaItem:
    item = uow.meetings.get_item(item_id)
    meeting = uow.meetings.get_meeting(item.meeting_id)
    if meeting.state is not MeetingState.OPEN:
        raise DomainError(
            tr("meetings.closed")
            if meeting.state is MeetingState.CLOSED
            else tr("meetings.not_open")
        )
    return item


def record_decision(
    uow: UnitOfWork,
    item_id: int,
    kind: DecisionKind,
    *,
    professional_id: int | None = None,
    service_id: int | None = None,
    note: str = "",
    actor: Staff,
    clock: Clock,
    organisation: str = "",
    referrals: ReferralRules | None = None,
) -> Decision:
    """A decision on an item; "case manager agreed" names them in the network (R4).

    A referral decision starts a referral to follow up (:mod:`domain.referrals`),
    made by the worker recording it, who carries the client until a case
    manager is agreed unless the client has one.
    """
    if kind is DecisionKind.CASE_MANAGER_AGREED and professional_id is None:
        raise InvalidInput({"target": tr("meetings.decision_target")})
    if kind is DecisionKind.REFERRAL and service_id is None:
        raise InvalidInput({"target": tr("meetings.decision_target")})
    cleaned = clean_text(note)
    now = clock.now()
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = _item_in_open_meeting(uow, item_id)
        if kind is DecisionKind.CASE_MANAGER_AGREED:
            permit_team_decision(uow, actor, item.client_id)
            assert professional_id is not None
            from domain.case_management import EndReason

            current = uow.case_managers.active_for(item.client_id)
            if current is None or current.professional_id != professional_id or current.interim:
                if current is not None:
                    uow.case_managers.end(
                        current.id, EndReason.REPLACED, cleaned, by=actor.id, at=now
                    )
                    uow.audit(actor, AccessAction.CASE_MANAGER_ENDED, item.client_id)
                uow.network.ensure_member(item.client_id, professional_id, _today(clock))
                uow.case_managers.add(
                    item.client_id, professional_id, interim=False, by=actor.id, at=now
                )
                uow.audit(actor, AccessAction.CASE_MANAGER_ASSIGNED, item.client_id)
        decision = uow.meetings.add_decision(item.id, kind, professional_id, service_id, cleaned)
        if kind is DecisionKind.REFERRAL:
            assert service_id is not None
            uow.services.get(service_id)
            permit_team_decision(
                uow,
                actor,
                item.client_id,
                AccessAction.REFERRAL_RECORDED,
                AccessAction.CASE_MANAGER_ASSIGNED,
            )
            referrer = uow.professionals.for_staff(actor, organisation)
            refer_within(
                uow,
                NewReferral(client_id=item.client_id, service_id=service_id),
                ReferralSource.MEETING,
                decision.id,
                actor=actor,
                now=now,
                rules=referrals or ReferralRules(),
                professional_id=referrer.id,
            )
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()
    return decision


def add_action(
    uow: UnitOfWork,
    item_id: int,
    what: str,
    owner_id: int | None,
    due: dt.date,
    *,
    owner_kind: OwnerKind = OwnerKind.PROFESSIONAL,
    owner_name: str = "",
    actor: Staff,
) -> Action:
    """An action with its owner: a professional (``owner_id``), the client, or a close
    person of theirs (``owner_name``): the client takes part in their own plan (003)."""
    cleaned = clean_text(what)
    errors: dict[str, str] = {}
    if not cleaned:
        errors["what"] = tr("meetings.what_missing")
    name = clean_text(owner_name) if owner_kind is OwnerKind.CLOSE_PERSON else ""
    if owner_kind is OwnerKind.PROFESSIONAL and owner_id is None:
        errors["owner"] = tr("meetings.owner_missing")
    if owner_kind is OwnerKind.CLOSE_PERSON and not name:
        errors["owner"] = tr("meetings.owner_name_missing")
    if errors:
        raise InvalidInput(errors)
    professional = owner_id if owner_kind is OwnerKind.PROFESSIONAL else None
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = _item_in_open_meeting(uow, item_id)
        if professional is not None:
            uow.professionals.get(professional)
        action = uow.meetings.add_action(
            item.id, item.client_id, cleaned, professional, due, owner_kind, name, None
        )
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()
    return action


def complete_action(uow: UnitOfWork, action_id: int, *, actor: Staff) -> Action:
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        action = uow.meetings.set_action_state(action_id, ActionState.DONE, None)
        uow.audit(actor, AccessAction.MEETING_UPDATED, action.client_id)
        uow.commit()
    return action


def carry_action(
    uow: UnitOfWork,
    action_id: int,
    reason: CarryReason,
    to_meeting_id: int,
    *,
    actor: Staff,
) -> AgendaItem:
    """Carry an unfinished action to a later meeting, saying why (R8)."""
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        action = uow.meetings.get_action(action_id)
        if action.state is not ActionState.OPEN:
            raise DomainError(tr("meetings.action_not_open"))
        source = uow.meetings.get_meeting(uow.meetings.get_item(action.item_id).meeting_id)
        target = _open_meeting(uow, to_meeting_id)
        if target.starts_at <= source.starts_at:
            raise InvalidInput({"meeting": tr("meetings.not_later")})
        uow.meetings.set_action_state(action_id, ActionState.CARRIED, reason)
        # The carried copy belongs to the follow-up item on the target meeting, so it
        # comes back there (and on later meetings), never on one in between.
        # The reason travels with the copy, so the later agenda says it in its reader's
        # language, with the owner and the due date.
        item = uow.meetings.add_item(
            target.id,
            ItemKind.FOLLOW_UP,
            action.client_id,
            action.what,
            FOLLOW_UP_MINUTES,
            None,
            None,
        )
        carried = uow.meetings.add_action(
            item.id,
            action.client_id,
            action.what,
            action.owner_id,
            action.due,
            action.owner_kind,
            action.owner_name,
            reason,
        )
        item = uow.meetings.update_item(item.model_copy(update={"action_id": carried.id}))
        uow.audit(actor, AccessAction.MEETING_UPDATED, action.client_id)
        uow.commit()
    return item


def _action_lines(uow: UnitOfWork, actions: list[Action], actor: Staff) -> list[ActionLine]:
    owners = uow.professionals.get_many(a.owner_id for a in actions if a.owner_id is not None)
    names = {pid: professional.name for pid, professional in owners.items()}
    clients = uow.clients.get_many(a.client_id for a in actions)
    for client_id in clients:
        uow.audit(actor, AccessAction.MEETING_READ, client_id)
    return [
        ActionLine(
            action=a,
            owner=owners.get(a.owner_id) if a.owner_id is not None else None,
            client=clients[a.client_id],
            owner_label=action_owner(a, names),
        )
        for a in actions
    ]


def overdue_lines(uow: UnitOfWork, team_id: int, *, actor: Staff, clock: Clock) -> list[ActionLine]:
    """The team's open actions past their due date, for the follow-up list (R8)."""
    today = _today(clock)
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        found = [
            a
            for a in uow.meetings.actions(team_id=team_id, state=ActionState.OPEN)
            if a.overdue_on(today)
        ]
        lines = _action_lines(uow, found, actor)
        uow.commit()
    return lines


def actions_of_owner(uow: UnitOfWork, owner_id: int, *, actor: Staff) -> list[ActionLine]:
    """The open actions one professional owns: they appear on the owner's page."""
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        found = uow.meetings.actions(owner_id=owner_id, state=ActionState.OPEN)
        lines = _action_lines(uow, found, actor)
        uow.commit()
    return lines


def next_meeting(uow: UnitOfWork, meeting_id: int, *, actor: Staff) -> Meeting | None:
    """The team's next meeting that is not closed: where unfinished actions are carried."""
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        meeting = uow.meetings.get_meeting(meeting_id)
        later = [
            m
            for m in uow.meetings.meetings(meeting.team_id)
            if m.starts_at > meeting.starts_at and m.state is not MeetingState.CLOSED
        ]
        uow.commit()
    return later[0] if later else None


def _checked_returns(returns: ReturnReasons) -> ReturnReasons:
    """Notes cleaned; "other" must say what (the note is the reason then)."""
    checked: ReturnReasons = {}
    for item_id, (reason, note) in returns.items():
        cleaned = clean_text(note)
        if reason is ReturnReason.OTHER and not cleaned:
            raise InvalidInput({f"return-{item_id}": tr("meetings.return_note_missing")})
        checked[item_id] = (reason, cleaned)
    return checked


def close_meeting(
    uow: UnitOfWork,
    meeting_id: int,
    minutes: str,
    *,
    returns: ReturnReasons | None = None,
    actor: Staff,
) -> ClosedMeeting:
    """Close the meeting with its minutes.

    A proposal whose item got a decision, an action or the client's view leaves
    the backlog for good; one the meeting never came to goes back to the
    backlog, keeping its question and its wait, with the reason from
    ``returns`` (or "not reached" when none is given), and the minutes say so
    (R8: nothing is dropped).
    """
    reasons = _checked_returns(returns or {})
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        meeting = uow.meetings.get_meeting(meeting_id)
        if meeting.state is not MeetingState.OPEN:
            raise DomainError(tr("meetings.not_open"))
        discussed = {d.item_id for d in uow.meetings.decisions(meeting_id)} | {
            a.item_id for a in uow.meetings.actions(meeting_id=meeting_id)
        }
        returned: list[int] = []
        numbers: list[str] = []
        for number, item in enumerate(uow.meetings.items(meeting_id), start=1):
            if item.proposal_id is not None:
                handled = item.id in discussed or bool(item.client_view)
                uow.meetings.mark_proposal(item.proposal_id, scheduled=handled, handled=handled)
                if not handled:
                    reason, note = reasons.get(item.id, (ReturnReason.NOT_REACHED, ""))
                    uow.meetings.set_return(item.id, item.proposal_id, reason, note)
                    returned.append(item.client_id)
                    numbers.append(str(number))
            uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        if numbers:
            note = tr("meetings.returned_minutes", items=", ".join(numbers))
            minutes = f"{minutes.rstrip()}\n\n{note}\n" if minutes.strip() else f"{note}\n"
        saved = uow.meetings.save_meeting(
            meeting.model_copy(update={"state": MeetingState.CLOSED, "minutes": minutes})
        )
        uow.commit()
    return ClosedMeeting(meeting=saved, returned=tuple(returned))


def meeting_view(uow: UnitOfWork, meeting_id: int) -> AgendaView:
    """The agenda inside an open unit of work (for exports that log themselves)."""
    return _agenda_view(uow, meeting_id)


def find_meetings(uow: UnitOfWork, text: str, *, actor: Staff) -> list[MeetingMatch]:
    """The meetings a typed term means, by start time: every word must be in the
    team's name or area, and a typed date must be the meeting's day (Helsinki).

    For the command line, where a worker remembers "the Eastern team's meeting
    on the 24th" rather than its number. Reads no client data, so nothing is
    logged against a client; an empty term finds nothing.
    """
    day, words = parse_meeting_query(text)
    if day is None and not words:
        return []
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        teams = {team.id: team for team in uow.meetings.teams()}
        found: list[MeetingMatch] = []
        for meeting in uow.meetings.meetings(None):
            team = teams.get(meeting.team_id)
            if team is None:
                continue
            if day is not None and meeting.starts_at.astimezone(HELSINKI).date() != day:
                continue
            label = normalise_name(f"{team.name} {team.area}")
            if all(word in label for word in words):
                found.append(MeetingMatch(meeting=meeting, team=team))
        uow.commit()
    return found


def participant_choices(
    uow: UnitOfWork, meeting_id: int, *, actor: Staff, clock: Clock
) -> list[ParticipantChoice]:
    """Each client on the agenda (once), with the active close people of their network."""
    today = _today(clock)
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        items = uow.meetings.items(meeting_id)
        order = list(dict.fromkeys(item.client_id for item in items))
        clients = uow.clients.get_many(order)
        choices = []
        for client_id in order:
            close = tuple(
                member.close_name
                for member in uow.network.members_for(client_id)
                if member.is_close_person and member.active_on(today) and member.close_name
            )
            choices.append(ParticipantChoice(client=clients[client_id], close_people=close))
            uow.audit(actor, AccessAction.MEETING_READ, client_id)
        uow.commit()
    return choices


def record_participant(
    uow: UnitOfWork,
    meeting_id: int,
    client_id: int,
    kind: ParticipantKind,
    present: bool,
    *,
    name: str = "",
    actor: Staff,
) -> Participant:
    """The client, or a close person of theirs, present or absent: the client takes part
    in the meeting about them (003). Only for a client on this meeting's agenda."""
    cleaned = clean_text(name) if kind is ParticipantKind.CLOSE_PERSON else ""
    if kind is ParticipantKind.CLOSE_PERSON and not cleaned:
        raise InvalidInput({"name": tr("meetings.participant_name_missing")})
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED, client_id)
        _open_meeting(uow, meeting_id)
        if all(item.client_id != client_id for item in uow.meetings.items(meeting_id)):
            raise DomainError(tr("meetings.client_not_on_agenda"))
        saved = uow.meetings.set_participant(meeting_id, client_id, kind, cleaned, present)
        uow.audit(actor, AccessAction.MEETING_UPDATED, client_id)
        uow.commit()
    return saved


CLIENT_VIEW_LENGTH = 500
"""The client's view is a few sentences in their words, not a report."""


def record_client_view(uow: UnitOfWork, item_id: int, text: str, *, actor: Staff) -> AgendaItem:
    """The client's own view of the item's matter, as said in the meeting (003).

    An empty text clears it. An item with the client's view was discussed: it
    does not go back to the backlog when the meeting closes.
    """
    cleaned = clean_text(text)
    if len(cleaned) > CLIENT_VIEW_LENGTH:
        raise InvalidInput({"view": tr("meetings.client_view_too_long", limit=CLIENT_VIEW_LENGTH)})
    with uow:
        require(uow, actor, AccessAction.MEETING_UPDATED)
        item = _item_in_open_meeting(uow, item_id)
        require(uow, actor, AccessAction.MEETING_UPDATED, item.client_id)
        saved = uow.meetings.set_client_view(item.id, cleaned)
        uow.audit(actor, AccessAction.MEETING_UPDATED, item.client_id)
        uow.commit()
    return saved


def minutes_view(uow: UnitOfWork, meeting_id: int, *, actor: Staff) -> AgendaView:
    """A closed meeting's minutes to read on screen: what was decided, by whom, and what
    went back to the backlog. Refused before the meeting is closed; logged per client."""
    with uow:
        require(uow, actor, AccessAction.MEETING_READ)
        meeting = uow.meetings.get_meeting(meeting_id)
        if meeting.state is not MeetingState.CLOSED:
            raise DomainError(tr("meetings.minutes_not_closed"))
        view = _agenda_view(uow, meeting_id)
        for client_id in sorted({line.client.id for line in view.lines}):
            uow.audit(actor, AccessAction.MEETING_READ, client_id)
        uow.commit()
    return view
