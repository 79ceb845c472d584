"""The referral's rules: which states follow which, what each needs, when it is past due,
and when an interim case manager has carried a client too long."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.case_management import CaseManagerAssignment
from domain.errors import IllegalTransition, InvalidInput
from domain.network import AssignmentView, Professional
from domain.network_warnings import WarningKind, interim_too_long
from domain.referrals import (
    TRANSITIONS,
    NewReferral,
    NextAction,
    Referral,
    ReferralRules,
    ReferralSource,
    ReferralState,
    check_change,
    expected_by,
)
from domain.sectors import Sector
from tests.conftest import NOW

TODAY = dt.date(2026, 11, 24)  # NOW in Helsinki
S = ReferralState


def referral(state: ReferralState = S.SENT, expected_on: dt.date = TODAY) -> Referral:
    return Referral(
        id=1,
        client_id=1,
        source=ReferralSource.NETWORK,
        target="Päihdepalvelut",
        expected_on=expected_on,
        made_by=7,
        made_at=NOW - dt.timedelta(days=14),
        state=state,
    )


ALLOWED = [(old, new) for old in S for new in S if new in TRANSITIONS[old]]
REFUSED = [(old, new) for old in S for new in S if new not in TRANSITIONS[old]]


@pytest.mark.parametrize(("old", "new"), ALLOWED)
def test_a_referral_moves_only_along_its_lifecycle(old: ReferralState, new: ReferralState) -> None:
    check_change(
        referral(old),
        new,
        next_action=NextAction.CONTACT_CLIENT,
        reached_on=TODAY,
        today=TODAY,
    )


@pytest.mark.parametrize(("old", "new"), REFUSED)
def test_a_final_state_stays_and_nothing_goes_back_to_sent(
    old: ReferralState, new: ReferralState
) -> None:
    with pytest.raises(IllegalTransition):
        check_change(
            referral(old), new, next_action=NextAction.RE_REFER, reached_on=TODAY, today=TODAY
        )


def test_the_lifecycle_is_sent_then_one_of_four() -> None:
    assert TRANSITIONS[S.SENT] == {S.REACHED, S.NOT_REACHED, S.DECLINED, S.WITHDRAWN}
    assert not TRANSITIONS[S.REACHED] and not TRANSITIONS[S.DECLINED]
    assert not TRANSITIONS[S.WITHDRAWN]


def test_not_reached_asks_what_happens_next() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_change(referral(), S.NOT_REACHED, next_action=None, reached_on=None, today=TODAY)
    assert "next_action" in refused.value.fields


def test_reached_needs_the_day_of_first_contact_between_referral_and_today() -> None:
    with pytest.raises(InvalidInput):
        check_change(referral(), S.REACHED, next_action=None, reached_on=None, today=TODAY)
    with pytest.raises(InvalidInput):
        tomorrow = TODAY + dt.timedelta(days=1)
        check_change(referral(), S.REACHED, next_action=None, reached_on=tomorrow, today=TODAY)
    with pytest.raises(InvalidInput):
        before = TODAY - dt.timedelta(days=15)
        check_change(referral(), S.REACHED, next_action=None, reached_on=before, today=TODAY)
    made = TODAY - dt.timedelta(days=14)
    check_change(referral(), S.REACHED, next_action=None, reached_on=made, today=TODAY)


def test_past_due_is_still_sent_after_the_expected_day() -> None:
    yesterday = TODAY - dt.timedelta(days=1)
    assert not referral(expected_on=TODAY).past_due(TODAY)
    assert referral(expected_on=yesterday).past_due(TODAY)
    assert referral(expected_on=yesterday).days_late(TODAY) == 1
    assert referral(expected_on=TODAY - dt.timedelta(days=9)).days_late(TODAY) == 9
    for state in (S.REACHED, S.NOT_REACHED, S.DECLINED, S.WITHDRAWN):
        assert not referral(state, yesterday).past_due(TODAY)
        assert referral(state, yesterday).days_late(TODAY) == 0


def test_the_expected_day_defaults_to_the_organisations_follow_up_days() -> None:
    assert expected_by(TODAY, ReferralRules()) == TODAY + dt.timedelta(days=14)
    assert expected_by(TODAY, ReferralRules(follow_up_days=3)) == TODAY + dt.timedelta(days=3)


def test_a_new_referral_names_a_service_or_a_target() -> None:
    with pytest.raises(InvalidInput) as refused:
        NewReferral(client_id=1, target="  ").checked(TODAY)
    assert "target" in refused.value.fields
    assert NewReferral(client_id=1, target=" Kela  Lappeenranta ").checked(TODAY).target == (
        "Kela Lappeenranta"
    )
    assert NewReferral(client_id=1, service_id=4, target="x").checked(TODAY).target == ""


def test_a_new_referral_is_not_expected_in_the_past() -> None:
    with pytest.raises(InvalidInput) as refused:
        NewReferral(client_id=1, target="Kela", expected_on=TODAY - dt.timedelta(days=1)).checked(
            TODAY
        )
    assert "expected" in refused.value.fields


def _interim(since: dt.date, *, interim: bool = True) -> AssignmentView:
    started = dt.datetime.combine(since, dt.time(10), tzinfo=dt.UTC)
    return AssignmentView(
        assignment=CaseManagerAssignment(
            id=1, client_id=1, professional_id=2, interim=interim, started_at=started, started_by=7
        ),
        professional=Professional(
            id=2, name="Outi Ohjaaja", title="", organisation="", sector=Sector.SOCIAL
        ),
    )


def test_the_network_asks_to_agree_a_case_manager_after_the_interim_days() -> None:
    on_limit = TODAY - dt.timedelta(days=14)
    assert interim_too_long(_interim(on_limit), TODAY, 14) is None
    warning = interim_too_long(_interim(on_limit - dt.timedelta(days=1)), TODAY, 14)
    assert warning is not None
    assert warning.kind is WarningKind.INTERIM_TOO_LONG
    assert "9.11.2026" in warning.reason and "sopikaa asiakasvastaava" in warning.reason
    assert interim_too_long(_interim(on_limit), TODAY, 13) is not None


def test_an_agreed_case_manager_is_never_warned_about() -> None:
    long_ago = TODAY - dt.timedelta(days=400)
    assert interim_too_long(_interim(long_ago, interim=False), TODAY, 14) is None
    assert interim_too_long(None, TODAY, 14) is None
