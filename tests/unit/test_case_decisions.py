"""The rules of issue 19 items 4-5: computed R7 facts, the joint-client decision,
the reason for naming a case manager, who ended it, and acknowledging a naming."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.case_management import (
    REASON_MAX,
    CaseManagerAssignment,
    EndParticipants,
    check_naming_reason,
    named_by_someone_else,
)
from domain.client_facts import earlier_referrals, network_sectors
from domain.errors import InvalidInput
from domain.i18n import tr
from domain.intake import (
    COMPUTED_ITEMS,
    REFERRALS_BEFORE,
    SEVERAL_SECTORS,
    TICKED_ITEMS,
    ChecklistItem,
    IntakeContent,
    IntakeRecord,
    KnownFacts,
    OutcomeKind,
    facts_lines,
    multi_service_criteria,
)
from domain.joint_client import NOTE_MAX, check_decision, criterion_label
from domain.network import NetworkMember, Professional
from domain.sectors import Sector

NOW = dt.datetime(2026, 11, 10, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 11, 10)


def member(member_id: int, sector: Sector | None, **fields: object) -> NetworkMember:
    professional = (
        Professional(id=member_id, name=f"P{member_id}", title="", organisation="", sector=sector)
        if sector is not None
        else None
    )
    return NetworkMember.model_validate(
        {"id": member_id, "client_id": 1, "professional": professional, "close_name": "Äiti"}
        | fields
    )


def record(visit_id: int, number: int, outcome: OutcomeKind | None) -> IntakeRecord:
    return IntakeRecord(
        id=visit_id * 10 + number,
        visit_id=visit_id,
        client_id=1,
        number=number,
        content=IntakeContent(outcome=outcome),
        finished_at=NOW,
        finished_by=1,
        supersedes_id=None,
    )


def assignment(**fields: object) -> CaseManagerAssignment:
    base: dict[str, object] = {
        "id": 1,
        "client_id": 1,
        "professional_id": 5,
        "interim": False,
        "started_at": NOW,
        "started_by": 2,
    }
    return CaseManagerAssignment.model_validate(base | fields)


# R7: the facts are computed ---------------------------------------------------------


def test_network_sectors_are_the_service_sectors_of_todays_members() -> None:
    members = [
        member(1, Sector.SOCIAL),
        member(2, Sector.SOCIAL),
        member(3, Sector.KELA),
        member(4, None),  # a close person is not a service sector
        member(5, Sector.HEALTH, until=TODAY - dt.timedelta(days=1)),  # left yesterday
    ]
    assert network_sectors(members, TODAY) == {Sector.SOCIAL, Sector.KELA}


def test_earlier_referrals_count_visits_by_their_newest_record() -> None:
    records = [
        record(1, 1, OutcomeKind.REFERRED),
        record(1, 2, OutcomeKind.REFERRED),  # a correction: still one referral
        record(2, 1, OutcomeKind.REFERRED),
        record(2, 2, OutcomeKind.ADVICE),  # corrected away: no longer a referral
        record(3, 1, OutcomeKind.REFERRED),
    ]
    assert earlier_referrals(records) == 2
    assert earlier_referrals(records, except_visit=3) == 1


def test_repeated_referrals_are_a_reason_at_the_threshold_only() -> None:
    below = KnownFacts(earlier_referrals=REFERRALS_BEFORE - 1)
    assert multi_service_criteria(IntakeContent(), below).reasons == ()
    at = KnownFacts(earlier_referrals=REFERRALS_BEFORE)
    result = multi_service_criteria(IntakeContent(), at)
    assert result.reasons == (tr("criteria.referrals", count=REFERRALS_BEFORE),)
    assert result.held == (ChecklistItem.REPEATED_REFERRALS.value,)


@pytest.mark.parametrize("item", sorted(COMPUTED_ITEMS))
def test_a_computed_item_ticked_by_hand_is_no_reason(item: ChecklistItem) -> None:
    """Old drafts may hold such a tick; only the fact counts now."""
    content = IntakeContent(checklist=frozenset({item}))
    assert multi_service_criteria(content, KnownFacts()).reasons == ()
    assert item not in TICKED_ITEMS


def test_the_codes_held_follow_the_reasons() -> None:
    content = IntakeContent(checklist=frozenset({ChecklistItem.SEVERAL_PLANS}), interpreter=True)
    facts = KnownFacts(
        network_sectors=frozenset(list(Sector)[:SEVERAL_SECTORS]),
        earlier_referrals=REFERRALS_BEFORE,
    )
    result = multi_service_criteria(content, facts)
    assert result.held == ("several_plans", "interpreter", "several_sectors", "repeated_referrals")
    assert len(result.reasons) == len(result.held)


def test_the_facts_are_shown_even_below_their_thresholds() -> None:
    facts = KnownFacts(
        visits_last_6_months=1, network_sectors=frozenset({Sector.KELA}), earlier_referrals=1
    )
    assert facts_lines(facts) == (
        tr("criteria.fact_sectors", count=1, sectors=Sector.KELA.label),
        tr("criteria.fact_referrals", count=1),
        tr("criteria.fact_visits", count=1),
    )


# The joint-client decision ------------------------------------------------------------


def test_saying_joint_client_without_any_criterion_needs_a_note() -> None:
    nothing = multi_service_criteria(IntakeContent(), KnownFacts())
    with pytest.raises(InvalidInput) as caught:
        check_decision(True, nothing, "  ")
    assert caught.value.fields == {"note": tr("joint_client.note_needed")}
    assert check_decision(True, nothing, " Sovittu kolmen palvelun kanssa ") == (
        "Sovittu kolmen palvelun kanssa"
    )


def test_not_a_joint_client_needs_no_note() -> None:
    assert check_decision(False, multi_service_criteria(IntakeContent(), KnownFacts()), "") == ""


def test_a_decision_note_has_a_limit() -> None:
    met = multi_service_criteria(IntakeContent(interpreter=True), KnownFacts())
    with pytest.raises(InvalidInput) as caught:
        check_decision(True, met, "x" * (NOTE_MAX + 1))
    assert set(caught.value.fields) == {"note"}


def test_stored_criteria_read_in_the_readers_language() -> None:
    assert criterion_label("interpreter") == tr("criteria.interpreter")
    assert criterion_label("several_plans") == ChecklistItem.SEVERAL_PLANS.label
    assert criterion_label("frequent_visits") == tr("criterion.frequent_visits")
    assert criterion_label("from_a_newer_version") == "from_a_newer_version"


# Naming a case manager needs a reason -------------------------------------------------


@pytest.mark.parametrize("typed", ["", "   ", "\x07"])
def test_naming_without_a_reason_is_refused_at_the_field(typed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        check_naming_reason(typed)
    assert caught.value.fields == {"note": tr("case_manager.reason_missing")}


def test_a_naming_reason_is_short() -> None:
    assert check_naming_reason("x" * REASON_MAX) == "x" * REASON_MAX
    with pytest.raises(InvalidInput):
        check_naming_reason("x" * (REASON_MAX + 1))


def test_a_naming_reason_is_kept_cleaned() -> None:
    assert check_naming_reason("  Sovittu verkostopalaverissa \x1b ") == (
        "Sovittu verkostopalaverissa"
    )


# Ending takes part of someone ---------------------------------------------------------


def test_ending_with_nobody_taking_part_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        EndParticipants().checked()
    assert caught.value.fields == {"participants": tr("case_manager.participants_missing")}


@pytest.mark.parametrize(
    "participants",
    [EndParticipants(client=True), EndParticipants(member_ids=frozenset({7}))],
)
def test_the_client_or_one_member_is_enough(participants: EndParticipants) -> None:
    assert participants.checked() == participants


# A naming by someone else waits for acknowledgement ----------------------------------


def test_a_naming_by_a_colleague_waits_for_the_named_worker() -> None:
    assert named_by_someone_else(assignment(started_by=2), staff_id=9) is True


def test_naming_oneself_needs_no_acknowledgement() -> None:
    assert named_by_someone_else(assignment(started_by=9), staff_id=9) is False


def test_an_acknowledged_or_ended_naming_no_longer_waits() -> None:
    assert named_by_someone_else(assignment(acknowledged_at=NOW), staff_id=9) is False
    assert named_by_someone_else(assignment(ended_at=NOW), staff_id=9) is False
