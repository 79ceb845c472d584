"""Consent to disclose (R12): when a consent holds, and what a refusal says."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.clients import Client
from domain.consent import (
    CONSENT_SCREEN_KEY,
    ORGANISATION_MAX,
    Consent,
    ConsentInput,
    ConsentMissing,
    DataKind,
    Disclosure,
    agenda_disclosures,
    discloses_to,
    has_consent,
    missing_kinds,
    require_agenda_consent,
    require_consent,
    same_organisation,
)
from domain.errors import DomainError, InvalidInput
from domain.i18n import set_language
from domain.network import Professional
from domain.sectors import Sector

GIVEN = dt.date(2026, 3, 2)
WITHDRAWN = dt.date(2026, 9, 15)
AT = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def consent(
    organisation: str = "Kela",
    kind: DataKind = DataKind.SOCIAL,
    *,
    client_id: int = 1,
    given_on: dt.date = GIVEN,
    withdrawn_on: dt.date | None = None,
) -> Consent:
    return Consent(
        id=1,
        client_id=client_id,
        organisation=organisation,
        kind=kind,
        given_on=given_on,
        withdrawn_on=withdrawn_on,
        recorded_by=1,
        recorded_at=AT,
    )


def client(client_id: int = 1, name: str | None = "Laine Liisa", year: int = 1985) -> Client:
    return Client(id=client_id, name=name, hetu=None, birth_year=year, created_at=AT, version=1)


def professional(
    pid: int, organisation: str, *, staff_id: int | None = None, name: str = "Talvi Timo"
) -> Professional:
    return Professional(
        id=pid,
        name=name,
        title="",
        organisation=organisation,
        sector=Sector.SOCIAL,
        staff_id=staff_id,
    )


# Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (GIVEN - dt.timedelta(days=1), False),  # not yet given
        (GIVEN, True),  # the day it is given counts
        (WITHDRAWN - dt.timedelta(days=1), True),  # the last day before the withdrawal
        (WITHDRAWN, False),  # withdrawn that day: no longer holds
        (WITHDRAWN + dt.timedelta(days=30), False),
    ],
)
def test_a_consent_holds_from_its_day_until_the_day_it_is_withdrawn(
    on: dt.date, expected: bool
) -> None:
    held = [consent(withdrawn_on=WITHDRAWN)]
    assert held[0].in_force(on) is expected
    assert has_consent(held, 1, "Kela", DataKind.SOCIAL, on) is expected


def test_a_consent_never_withdrawn_holds_on_any_later_day() -> None:
    assert has_consent([consent()], 1, "Kela", DataKind.SOCIAL, dt.date(2099, 1, 1))


def test_a_consent_withdrawn_on_the_day_it_was_given_never_held() -> None:
    held = [consent(withdrawn_on=GIVEN)]
    assert not has_consent(held, 1, "Kela", DataKind.SOCIAL, GIVEN)


def test_an_old_withdrawn_consent_and_a_new_one_hold_on_the_new_ones_days() -> None:
    renewed = dt.date(2026, 10, 1)
    held = [consent(withdrawn_on=WITHDRAWN), consent(given_on=renewed)]
    assert has_consent(held, 1, "Kela", DataKind.SOCIAL, GIVEN)
    assert not has_consent(held, 1, "Kela", DataKind.SOCIAL, WITHDRAWN)
    assert has_consent(held, 1, "Kela", DataKind.SOCIAL, renewed)


# Names, kinds, clients ----------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Kela", "kela", "KELA", "  Kela  ", "Kela\t"])
def test_organisation_names_compare_without_case_or_spacing(typed: str) -> None:
    assert has_consent([consent("Kela")], 1, typed, DataKind.SOCIAL, GIVEN)


def test_letters_spaced_apart_are_another_name() -> None:
    assert not has_consent([consent("Kela")], 1, "K e l a", DataKind.SOCIAL, GIVEN)


def test_inner_spacing_and_case_of_a_long_name_do_not_matter() -> None:
    held = [consent("Etelä-Karjalan  Hyvinvointialue")]
    assert has_consent(held, 1, "etelä-karjalan hyvinvointialue", DataKind.SOCIAL, GIVEN)
    assert same_organisation(" TYP Lappeenranta", "typ  lappeenranta ")
    assert not same_organisation("TYP Lappeenranta", "TYP Imatra")


def test_social_consent_does_not_cover_health_data_nor_the_other_way() -> None:
    social = [consent(kind=DataKind.SOCIAL)]
    health = [consent(kind=DataKind.HEALTH)]
    assert not has_consent(social, 1, "Kela", DataKind.HEALTH, GIVEN)
    assert not has_consent(health, 1, "Kela", DataKind.SOCIAL, GIVEN)
    assert has_consent(health, 1, "Kela", DataKind.HEALTH, GIVEN)
    both = [DataKind.HEALTH, DataKind.SOCIAL]
    assert missing_kinds(social, 1, "Kela", both, GIVEN) == [DataKind.HEALTH]
    assert missing_kinds(health, 1, "Kela", both, GIVEN) == [DataKind.SOCIAL]
    assert missing_kinds([*social, *health], 1, "Kela", both, GIVEN) == []
    assert missing_kinds([], 1, "Kela", both, GIVEN) == [DataKind.SOCIAL, DataKind.HEALTH]


def test_another_clients_consent_does_not_count() -> None:
    assert not has_consent([consent(client_id=2)], 1, "Kela", DataKind.SOCIAL, GIVEN)


def test_a_consent_to_another_organisation_does_not_count() -> None:
    assert not has_consent([consent("Kela")], 1, "TYP", DataKind.SOCIAL, GIVEN)


@pytest.mark.parametrize(
    ("organisation", "own", "expected"),
    [
        ("", "Etelä-Karjalan hyvinvointialue", False),  # "" is one's own
        ("   ", "", False),
        ("Kela", "Etelä-Karjalan hyvinvointialue", True),
        ("ETELÄ-KARJALAN  hyvinvointialue", "Etelä-Karjalan hyvinvointialue", False),
        ("Kela", "", True),  # own name not set: any named organisation is another
    ],
)
def test_what_is_a_disclosure(organisation: str, own: str, expected: bool) -> None:
    assert discloses_to(organisation, own) is expected


# Refusals ---------------------------------------------------------------------------


def test_require_consent_passes_with_every_kind_in_force() -> None:
    held = [consent(kind=DataKind.SOCIAL), consent(kind=DataKind.HEALTH)]
    require_consent(held, 1, "kela", list(DataKind), GIVEN)


def test_the_refusal_names_the_organisation_and_the_kind_and_says_what_to_do() -> None:
    with pytest.raises(ConsentMissing) as refused:
        require_consent([], 7, "  Kela ", [DataKind.SOCIAL], GIVEN)
    error = refused.value
    assert isinstance(error, InvalidInput) and isinstance(error, DomainError)
    assert error.message == (
        "Asiakkaalta ei ole suostumusta luovuttaa sosiaalihuollon tietoja organisaatiolle "
        f"Kela. Kirjaa suostumus verkostonäkymässä (näppäin {CONSENT_SCREEN_KEY}) tai ohjaa "
        "ilman tietojen luovutusta."
    )
    assert error.fields == {"consent": error.message}
    assert (error.client_id, error.organisation, error.kind) == (7, "  Kela ", DataKind.SOCIAL)


def test_the_refusal_names_health_data_when_that_is_missing() -> None:
    with pytest.raises(ConsentMissing) as refused:
        require_consent([consent()], 1, "Kela", list(DataKind), GIVEN, field="referral_service")
    assert "terveydenhuollon tietoja organisaatiolle Kela" in refused.value.message
    assert refused.value.kind is DataKind.HEALTH
    assert set(refused.value.fields) == {"referral_service"}


def test_the_refusal_in_english() -> None:
    set_language("en")
    with pytest.raises(ConsentMissing) as refused:
        require_consent([], 1, "Kela", [DataKind.HEALTH], GIVEN)
    assert refused.value.message.startswith(
        "The client has not consented to disclosing health care data to Kela."
    )
    assert f"(key {CONSENT_SCREEN_KEY})" in refused.value.message


def test_a_withdrawn_consent_is_refused_on_the_withdrawal_day() -> None:
    held = [consent(withdrawn_on=WITHDRAWN)]
    require_consent(held, 1, "Kela", [DataKind.SOCIAL], WITHDRAWN - dt.timedelta(days=1))
    with pytest.raises(ConsentMissing):
        require_consent(held, 1, "Kela", [DataKind.SOCIAL], WITHDRAWN)


# The named agenda --------------------------------------------------------------------

OWN = "Etelä-Karjalan hyvinvointialue"


def test_only_invitees_of_other_organisations_disclose() -> None:
    liisa, pekka = client(1), client(2, "Virta Pekka", 1990)
    kela = professional(10, "Kela")
    colleague = professional(11, "etelä-karjalan  HYVINVOINTIALUE")
    user = professional(12, "Lappeenrannan hyvinvointiasema", staff_id=3)  # a Rinnalla user
    unknown = professional(13, "")
    found = agenda_disclosures(
        [(liisa, [colleague, user, unknown]), (pekka, [kela, professional(14, "KELA ")])], OWN
    )
    assert found == [Disclosure(client=pekka, organisation="Kela")]


def test_without_the_own_name_nobody_can_be_told_an_outsider() -> None:
    assert agenda_disclosures([(client(), [professional(10, "Kela")])], "") == []
    assert agenda_disclosures([(client(), [professional(10, "Kela")])], "   ") == []


def test_each_client_and_organisation_is_listed_once_in_agenda_order() -> None:
    first, second = client(2, "Virta Pekka", 1990), client(1)
    typ, kela = professional(10, "TYP"), professional(11, "Kela")
    found = agenda_disclosures([(first, [typ, kela, typ]), (second, [kela])], OWN)
    assert [(d.client.id, d.organisation) for d in found] == [(2, "TYP"), (2, "Kela"), (1, "Kela")]


def test_the_agenda_refusal_names_the_client_by_pseudonym_only() -> None:
    liisa = client(1, "Laine Liisa", 1985)
    disclosures = [Disclosure(client=liisa, organisation="Kela")]
    with pytest.raises(ConsentMissing) as refused:
        require_agenda_consent(disclosures, {}, GIVEN)
    message = refused.value.message
    assert "L.L. 1985" in message
    assert "Laine" not in message and "Liisa" not in message
    assert "organisaatiolle Kela" in message and "sosiaalihuollon tietoja" in message
    assert "pseudonyymistä asialistaa" in message
    assert f"näppäin {CONSENT_SCREEN_KEY}" in message


def test_the_agenda_passes_with_social_consent_and_not_with_health_only() -> None:
    liisa = client(1)
    disclosures = [Disclosure(client=liisa, organisation="kela")]
    require_agenda_consent(disclosures, {1: [consent("Kela")]}, GIVEN)
    with pytest.raises(ConsentMissing):
        require_agenda_consent(disclosures, {1: [consent("Kela", DataKind.HEALTH)]}, GIVEN)
    with pytest.raises(ConsentMissing):
        require_agenda_consent(disclosures, {1: [consent("Kela", withdrawn_on=GIVEN)]}, GIVEN)


# Giving -------------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 24)


def test_a_typed_consent_is_cleaned() -> None:
    typed = ConsentInput(
        client_id=1, organisation=" \x1b[31mKela\x07 ", kind=DataKind.HEALTH, given_on=TODAY
    )
    assert typed.checked(TODAY).organisation == "Kela"


def test_every_mistake_is_named_at_its_field() -> None:
    with pytest.raises(InvalidInput) as refused:
        ConsentInput(client_id=1, organisation=" ", kind=DataKind.SOCIAL, given_on=None).checked(
            TODAY
        )
    assert set(refused.value.fields) == {"organisation", "given_on"}


def test_a_consent_cannot_be_given_in_the_future_nor_name_a_novel() -> None:
    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        ConsentInput(
            client_id=1,
            organisation="x" * (ORGANISATION_MAX + 1),
            kind=DataKind.SOCIAL,
            given_on=tomorrow,
        ).checked(TODAY)
    assert refused.value.fields == {
        "organisation": "Teksti on liian pitkä (enintään 200 merkkiä).",
        "given_on": "Päivä ei voi olla tulevaisuudessa.",
    }
    entry = ConsentInput(client_id=1, organisation="Kela", kind=DataKind.SOCIAL, given_on=TODAY)
    assert entry.checked(TODAY) == entry
