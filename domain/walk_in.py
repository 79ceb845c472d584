"""The new walk-in form's content and its validation.

The form sends what was typed, as typed; this module cleans and checks it and
says, per field, what is wrong. Only the hetu, the birth year and the lengths
can be wrong: a walk-in needs no name, no identity and no referral (R1).
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict

from domain.clients import NewClient
from domain.errors import InvalidInput
from domain.i18n import tr
from domain.identity import Hetu, parse_hetu
from domain.text import clean_text
from domain.visits import ReferralChannel, Urgency

NAME_MAX = 120
REASON_MAX = 200
OLDEST_YEAR = 1900


class WalkInInput(BaseModel):
    """What the reception worker typed, unchecked.

    ``client_id`` is set when an existing client was picked from search; the
    identity fields are then ignored.
    """

    model_config = ConfigDict(frozen=True)

    name: str = ""
    hetu: str = ""
    birth_year: str = ""
    reason: str = ""
    channel: ReferralChannel = ReferralChannel.SELF
    urgency: Urgency = Urgency.NORMAL
    client_id: int | None = None

    @property
    def has_typed_text(self) -> bool:
        """Whether discarding the form would lose something typed."""
        return any(part.strip() for part in (self.name, self.hetu, self.birth_year, self.reason))


class CheckedWalkIn(BaseModel):
    """A walk-in whose input passed validation."""

    model_config = ConfigDict(frozen=True)

    identity: NewClient | None
    client_id: int | None
    reason: str
    channel: ReferralChannel
    urgency: Urgency


def check_walk_in(form: WalkInInput, today: dt.date) -> CheckedWalkIn:
    """Clean and validate the form; raise :class:`InvalidInput` naming each bad field."""
    errors: dict[str, str] = {}
    name = clean_text(form.name)
    reason = clean_text(form.reason)
    if len(name) > NAME_MAX:
        errors["name"] = tr("walk_in.name_too_long", limit=NAME_MAX)
    if len(reason) > REASON_MAX:
        errors["reason"] = tr("walk_in.reason_too_long", limit=REASON_MAX)

    hetu: Hetu | None = None
    year: int | None = None
    if form.client_id is None:
        hetu_text = clean_text(form.hetu)
        if hetu_text:
            try:
                hetu = parse_hetu(hetu_text)
            except ValueError as error:
                errors["hetu"] = str(error)
        year_text = clean_text(form.birth_year)
        if year_text:
            if not (year_text.isascii() and year_text.isdigit() and len(year_text) == 4):
                errors["birth_year"] = tr("walk_in.year_format")
            elif not OLDEST_YEAR <= int(year_text) <= today.year:
                errors["birth_year"] = tr("walk_in.year_range", low=OLDEST_YEAR, high=today.year)
            else:
                year = int(year_text)
        if hetu is not None and hetu.birth_date > today:
            errors["hetu"] = tr("walk_in.hetu_future")
            hetu = None
        if hetu is not None:
            if year is not None and year != hetu.birth_year:
                errors["birth_year"] = tr("walk_in.year_mismatch", year=hetu.birth_year)
            year = hetu.birth_year
    if errors:
        raise InvalidInput(errors)

    identity = None
    if form.client_id is None and (name or hetu or year):
        identity = NewClient(name=name or None, hetu=hetu, birth_year=year)
    return CheckedWalkIn(
        identity=identity,
        client_id=form.client_id,
        reason=reason,
        channel=form.channel,
        urgency=form.urgency,
    )
