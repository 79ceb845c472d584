"""Referrals (lähetteet) and their follow-up: the client does not fall between services.

A referral is made from an intake that ends "referred", from the network view
or by a MOTI decision. It names its target (a catalogue service, or a
professional or organisation as typed), the day the first contact is expected
by, and its state: sent, then reached, not reached, declined or withdrawn.
Every change keeps who made it and when, so the coordinator can see what
happened to a referral instead of assuming the service took the client on
(000: "seuranta"; 004: paths break at the organisation boundary).

A referral still sent after its expected day is *past due*: it is on the
coordinator's follow-up list (F7) until someone records what happened. "Not
reached" is never a dead end: the worker chooses what happens next.

The worker who refers carries the client until a case manager is agreed: they
become the interim case manager unless the client already has one (R4).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.clients import Client
from domain.clock import HELSINKI
from domain.errors import IllegalTransition, InvalidInput
from domain.i18n import N_, tr
from domain.text import clean_text

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("referral.source.intake"),
    N_("referral.source.network"),
    N_("referral.source.meeting"),
    N_("referral.state.sent"),
    N_("referral.state.reached"),
    N_("referral.state.not_reached"),
    N_("referral.state.declined"),
    N_("referral.state.withdrawn"),
    N_("referral.next.re_refer"),
    N_("referral.next.contact_client"),
    N_("referral.next.to_coordinator"),
)

TARGET_MAX = 200
"""Longest typed target (a professional's or an organisation's name)."""


class ReferralRules(BaseModel):
    """The follow-up times, from the settings, so that each organisation sets its own."""

    model_config = ConfigDict(frozen=True)

    follow_up_days: int = 14
    """Days from the referral to the expected first contact, unless the worker sets a day."""
    interim_days: int = 14
    """Days an interim case manager may carry the client before the network view asks
    the network to agree a case manager."""


class ReferralSource(StrEnum):
    """Where the referral was made; with the intake record or agenda item where one exists."""

    INTAKE = "intake"
    NETWORK = "network"
    MEETING = "meeting"

    @property
    def label(self) -> str:
        return tr(f"referral.source.{self.value}")


class ReferralState(StrEnum):
    SENT = "sent"
    REACHED = "reached"
    NOT_REACHED = "not_reached"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return tr(f"referral.state.{self.value}")


class NextAction(StrEnum):
    """What the worker does about a client the service did not reach."""

    RE_REFER = "re_refer"
    CONTACT_CLIENT = "contact_client"
    TO_COORDINATOR = "to_coordinator"

    @property
    def label(self) -> str:
        return tr(f"referral.next.{self.value}")


TRANSITIONS: dict[ReferralState, frozenset[ReferralState]] = {
    ReferralState.SENT: frozenset(
        {
            ReferralState.REACHED,
            ReferralState.NOT_REACHED,
            ReferralState.DECLINED,
            ReferralState.WITHDRAWN,
        }
    ),
    # The next action may still reach the client, or end the referral.
    ReferralState.NOT_REACHED: frozenset(
        {ReferralState.REACHED, ReferralState.DECLINED, ReferralState.WITHDRAWN}
    ),
    ReferralState.REACHED: frozenset(),
    ReferralState.DECLINED: frozenset(),
    ReferralState.WITHDRAWN: frozenset(),
}
"""The states a referral may move to; reached, declined and withdrawn are final."""


class ReferralChange(BaseModel):
    """One recorded state, with who recorded it and when."""

    model_config = ConfigDict(frozen=True)

    state: ReferralState
    by: int
    at: dt.datetime
    reached_on: dt.date | None = None
    next_action: NextAction | None = None
    note: str = ""


class Referral(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: int
    client_id: int
    source: ReferralSource
    source_id: int | None = None
    """The intake record or MOTI decision the referral came from (none from the network)."""
    service_id: int | None = None
    target: str
    """The service's name, or the professional or organisation as typed."""
    expected_on: dt.date
    made_by: int
    made_at: dt.datetime
    state: ReferralState = ReferralState.SENT
    reached_on: dt.date | None = None
    """The day of the first contact, once reached."""
    next_action: NextAction | None = None
    history: tuple[ReferralChange, ...] = ()
    """Every state change, oldest first (the making itself is ``made_by``/``made_at``)."""
    version: int = 1

    @property
    def made_on(self) -> dt.date:
        return self.made_at.astimezone(HELSINKI).date()

    @property
    def last_change(self) -> ReferralChange | None:
        return self.history[-1] if self.history else None

    def past_due(self, today: dt.date) -> bool:
        """Still sent after the day the first contact was expected by: follow it up."""
        return self.state is ReferralState.SENT and today > self.expected_on

    def days_late(self, today: dt.date) -> int:
        return max(0, (today - self.expected_on).days) if self.past_due(today) else 0


class NewReferral(BaseModel):
    """A referral as the worker typed it: a catalogue service or a named target."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    service_id: int | None = None
    target: str = ""
    expected_on: dt.date | None = None
    """None: today plus the organisation's follow-up days."""

    def checked(self, today: dt.date) -> NewReferral:
        target = clean_text(self.target)
        errors: dict[str, str] = {}
        if self.service_id is None and not target:
            errors["target"] = tr("referral.target_missing")
        if len(target) > TARGET_MAX:
            errors["target"] = tr("referral.target_long", limit=TARGET_MAX)
        if self.expected_on is not None and self.expected_on < today:
            errors["expected"] = tr("referral.expected_past")
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(update={"target": "" if self.service_id is not None else target})


def expected_by(today: dt.date, rules: ReferralRules) -> dt.date:
    """The default day the first contact is expected by."""
    return today + dt.timedelta(days=rules.follow_up_days)


def check_change(
    referral: Referral,
    state: ReferralState,
    *,
    next_action: NextAction | None,
    reached_on: dt.date | None,
    today: dt.date,
) -> None:
    """Refuse a state the referral cannot move to, or one recorded without what it needs.

    "Reached" needs the day of the first contact (not before the referral, not
    in the future); "not reached" needs the worker's next action, so that a
    client the service could not reach is never just left there.
    """
    if state not in TRANSITIONS[referral.state]:
        raise IllegalTransition(
            tr("referral.transition", current=referral.state.label, new=state.label)
        )
    if state is ReferralState.NOT_REACHED and next_action is None:
        raise InvalidInput({"next_action": tr("referral.next_missing")})
    if state is ReferralState.REACHED:
        if reached_on is None:
            raise InvalidInput({"reached_on": tr("referral.reached_missing")})
        if reached_on > today or reached_on < referral.made_on:
            raise InvalidInput({"reached_on": tr("referral.reached_outside")})


class ReferralFollowUp(BaseModel):
    """What the database counted of the referrals made in a report period (R11)."""

    model_config = ConfigDict(frozen=True)

    made: int = 0
    reached: int = 0
    not_followed: int = 0
    """Still sent after their expected day: nobody recorded what happened."""
    first_contact_days: tuple[int, ...] = ()
    """Days from the referral to the first contact, one per reached referral."""


class FollowUpEntry(BaseModel):
    """A past-due referral on the follow-up list, with its client."""

    model_config = ConfigDict(frozen=True)

    referral: Referral
    client: Client


# Use cases ---------------------------------------------------------------------------
