"""Validation of the new walk-in form (rule R1: nothing is required)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.i18n import set_language, tr
from domain.identity import make_hetu, parse_hetu
from domain.visits import ReferralChannel, Urgency
from domain.walk_in import NAME_MAX, REASON_MAX, CheckedWalkIn, WalkInInput, check_walk_in

TODAY = date(2026, 11, 24)
HETU_1985 = make_hetu(date(1985, 3, 14), 234)
TEMPORARY_HETU = make_hetu(date(1985, 3, 14), 923)


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


def check(**typed: object) -> CheckedWalkIn:
    return check_walk_in(WalkInInput.model_validate(typed), TODAY)


def errors(**typed: object) -> dict[str, str]:
    with pytest.raises(InvalidInput) as info:
        check(**typed)
    return info.value.fields


def hetu_error(text: str) -> str:
    with pytest.raises(ValueError) as info:
        parse_hetu(text)
    return str(info.value)


# --- valid forms ------------------------------------------------------------


def test_empty_form_is_an_anonymous_walk_in() -> None:
    checked = check()
    assert checked.identity is None
    assert checked.client_id is None
    assert checked.reason == ""
    assert checked.channel is ReferralChannel.SELF
    assert checked.urgency is Urgency.NORMAL


def test_whitespace_only_form_is_anonymous() -> None:
    checked = check(name="   ", hetu=" \t", birth_year=" ", reason="\n")
    assert checked.identity is None
    assert checked.reason == ""


def test_name_only() -> None:
    checked = check(name="  Matti   Virtanen ")
    assert checked.identity is not None
    assert checked.identity.name == "Matti Virtanen"
    assert checked.identity.hetu is None
    assert checked.identity.birth_year is None


def test_birth_year_only() -> None:
    checked = check(birth_year="1985")
    assert checked.identity is not None
    assert checked.identity.name is None
    assert checked.identity.birth_year == 1985


@pytest.mark.parametrize("typed", [HETU_1985, HETU_1985.lower(), f"  {HETU_1985}  "])
def test_valid_hetu_gives_birth_year(typed: str) -> None:
    checked = check(hetu=typed)
    assert checked.identity is not None
    assert checked.identity.hetu is not None
    assert checked.identity.hetu.code == HETU_1985
    assert checked.identity.birth_year == 1985


def test_valid_hetu_with_matching_year() -> None:
    checked = check(name="Matti", hetu=HETU_1985, birth_year="1985")
    assert checked.identity is not None
    assert checked.identity.birth_year == 1985
    assert checked.identity.name == "Matti"


def test_channel_urgency_and_reason_pass_through() -> None:
    checked = check(
        reason="Toimeentulotuki",
        channel=ReferralChannel.KELA,
        urgency=Urgency.URGENT,
    )
    assert checked.reason == "Toimeentulotuki"
    assert checked.channel is ReferralChannel.KELA
    assert checked.urgency is Urgency.URGENT


@pytest.mark.parametrize("year", ["1900", "2026"])
def test_birth_year_range_is_inclusive(year: str) -> None:
    checked = check(birth_year=year)
    assert checked.identity is not None
    assert checked.identity.birth_year == int(year)


# --- hetu errors -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        HETU_1985[:-1] + ("X" if HETU_1985[-1] != "X" else "Y"),  # wrong check character
        "140385-23",  # too short
        "320185-234A",  # impossible date
        "abcdefghijk",
    ],
)
def test_wrong_hetu_reports_parse_message(typed: str) -> None:
    fields = errors(hetu=typed)
    assert set(fields) == {"hetu"}
    assert fields["hetu"] == hetu_error(typed)
    assert typed not in fields["hetu"]


def test_wrong_hetu_message_in_english() -> None:
    set_language("en")
    fields = errors(hetu="140385-23")
    assert fields["hetu"] == "A personal identity code has 11 characters, this has 9"


def test_temporary_hetu_refused() -> None:
    assert errors(hetu=TEMPORARY_HETU) == {"hetu": tr("hetu.temporary")}


def test_invalid_input_message_joins_field_messages() -> None:
    with pytest.raises(InvalidInput) as info:
        check(hetu=TEMPORARY_HETU)
    assert str(info.value) == tr("hetu.temporary")


# --- birth year errors ---------------------------------------------------------------


@pytest.mark.parametrize("typed", ["85", "19a5", "abcd", "198 5", "-1985", "19850", "1985.0"])
def test_birth_year_not_four_digits(typed: str) -> None:
    assert errors(birth_year=typed) == {"birth_year": tr("walk_in.year_format")}


@pytest.mark.parametrize("typed", ["1899", "0001", "2027", "9999"])
def test_birth_year_out_of_range(typed: str) -> None:
    expected = tr("walk_in.year_range", low=1900, high=2026)
    assert errors(birth_year=typed) == {"birth_year": expected}
    assert "1900" in expected and "2026" in expected


def test_birth_year_mismatching_hetu() -> None:
    fields = errors(hetu=HETU_1985, birth_year="1986")
    assert fields == {"birth_year": tr("walk_in.year_mismatch", year=1985)}


def test_birth_year_checked_alone_when_hetu_is_wrong() -> None:
    fields = errors(hetu="140385-23", birth_year="1986")
    assert set(fields) == {"hetu"}


def test_several_bad_fields_reported_together() -> None:
    fields = errors(
        name="x" * (NAME_MAX + 1),
        hetu="140385-23",
        birth_year="19a5",
        reason="y" * (REASON_MAX + 1),
    )
    assert fields == {
        "name": tr("walk_in.name_too_long", limit=NAME_MAX),
        "hetu": hetu_error("140385-23"),
        "birth_year": tr("walk_in.year_format"),
        "reason": tr("walk_in.reason_too_long", limit=REASON_MAX),
    }


def test_superscript_digit_in_birth_year_is_reported_not_crashing() -> None:
    assert errors(birth_year="19²5") == {"birth_year": tr("walk_in.year_format")}


def test_hetu_with_future_birth_year_is_refused() -> None:
    future = make_hetu(date(2030, 1, 1), 123)
    fields = errors(hetu=future)
    assert set(fields) & {"hetu", "birth_year"}


# --- cleaning and lengths --------------------------------------------------------------


def test_control_characters_and_escapes_removed_from_name_and_reason() -> None:
    checked = check(
        name="\x1b[31mMatti\x1b[0m Virta\x00nen\x07",
        reason="Asunto\x1b]0;hacked\x07asia\u200b\nkiire",
    )
    assert checked.identity is not None
    assert checked.identity.name == "Matti Virtanen"
    assert checked.reason == "Asuntoasia kiire"


def test_markup_like_brackets_are_kept_literally() -> None:
    checked = check(name="[b]x[/b]", reason="[red]tärkeä[/red] [link=x]y[/link]")
    assert checked.identity is not None
    assert checked.identity.name == "[b]x[/b]"
    assert checked.reason == "[red]tärkeä[/red] [link=x]y[/link]"


def test_name_of_only_escape_codes_is_anonymous() -> None:
    assert check(name="\x1b[2J\x1b[H").identity is None


@pytest.mark.parametrize(("field", "limit"), [("name", NAME_MAX), ("reason", REASON_MAX)])
def test_too_long_text(field: str, limit: int) -> None:
    assert errors(**{field: "ä" * (limit + 1)}) == {
        field: tr(f"walk_in.{field}_too_long", limit=limit)
    }


def test_too_long_name_is_named_with_its_limit() -> None:
    assert errors(name="x" * 10_000) == {"name": "Nimi on liian pitkä: enintään 120 merkkiä."}


@pytest.mark.parametrize(("field", "limit"), [("name", NAME_MAX), ("reason", REASON_MAX)])
def test_text_at_the_limit_is_fine(field: str, limit: int) -> None:
    check(**{field: "ä" * limit})


@pytest.mark.parametrize(("field", "limit"), [("name", NAME_MAX), ("reason", REASON_MAX)])
def test_length_counted_after_cleaning(field: str, limit: int) -> None:
    check(**{field: "ä" * limit + "\x1b[0m" * 20 + "\x00" * 5})


# --- an existing client was picked ---------------------------------------------------


def test_client_id_ignores_identity_fields_even_if_invalid() -> None:
    checked = check(client_id=12, name="Matti", hetu="not a hetu", birth_year="19a5")
    assert checked.client_id == 12
    assert checked.identity is None


def test_client_id_ignores_temporary_hetu_and_mismatch() -> None:
    checked = check(client_id=3, hetu=TEMPORARY_HETU, birth_year="1700", reason="Asia")
    assert checked.client_id == 3
    assert checked.identity is None
    assert checked.reason == "Asia"


# --- discarding the form --------------------------------------------------------------


@pytest.mark.parametrize("field", ["name", "hetu", "birth_year", "reason"])
def test_has_typed_text_for_each_field(field: str) -> None:
    assert WalkInInput.model_validate({field: "x"}).has_typed_text


@pytest.mark.parametrize(
    "form",
    [
        WalkInInput(),
        WalkInInput(name="  ", reason="\t\n"),
        WalkInInput(urgency=Urgency.URGENT, channel=ReferralChannel.KELA),
        WalkInInput(client_id=4),
    ],
)
def test_has_no_typed_text(form: WalkInInput) -> None:
    assert not form.has_typed_text
