"""Tests for the henkilötunnus parser: what a reception worker relies on.

Expected check characters were computed independently of the module
(``DDMMYYNNN mod 31`` over ``0123456789ABCDEFHJKLMNPRSTUVWXY``); the ``Y X W V U B``
examples are the ones published by the Digital and Population Data AppContext
Agency for the 2023 century signs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest

from domain.i18n import current_language, set_language, tr
from domain.identity import Hetu, looks_like_hetu, make_hetu, parse_hetu


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    """Tests that switch language must not leak the choice to other tests."""
    before = current_language()
    yield
    set_language(before)


def reason(text: str, *, allow_temporary: bool = False) -> str:
    with pytest.raises(ValueError) as info:
        parse_hetu(text, allow_temporary=allow_temporary)
    return str(info.value)


# --- valid codes -------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "birth_date", "individual_number"),
    [
        ("131052-308T", datetime.date(1952, 10, 13), 308),  # the classic DVV example
        ("010101-123N", datetime.date(1901, 1, 1), 123),
        ("120456+123C", datetime.date(1856, 4, 12), 123),
        ("311299+0029", datetime.date(1899, 12, 31), 2),
        ("150875-2341", datetime.date(1975, 8, 15), 234),
        ("010594Y3452", datetime.date(1994, 5, 1), 345),
        ("020594X4569", datetime.date(1994, 5, 2), 456),
        ("030594W567H", datetime.date(1994, 5, 3), 567),
        ("040594V678R", datetime.date(1994, 5, 4), 678),
        ("050594U789Y", datetime.date(1994, 5, 5), 789),
        ("010105A123P", datetime.date(2005, 1, 1), 123),
        ("010516B222Y", datetime.date(2016, 5, 1), 222),
        ("020516C3336", datetime.date(2016, 5, 2), 333),
        ("030516D444D", datetime.date(2016, 5, 3), 444),
        ("040516E555M", datetime.date(2016, 5, 4), 555),
        ("050516F666V", datetime.date(2016, 5, 5), 666),
        ("010190-899N", datetime.date(1990, 1, 1), 899),  # highest permanent number
        ("010190-002R", datetime.date(1990, 1, 1), 2),  # lowest permanent number
    ],
)
def test_valid_codes_for_every_century_sign(
    code: str, birth_date: datetime.date, individual_number: int
) -> None:
    hetu = parse_hetu(code)
    assert hetu.code == code
    assert hetu.birth_date == birth_date
    assert hetu.birth_year == birth_date.year
    assert hetu.individual_number == individual_number
    assert hetu.temporary is False


@pytest.mark.parametrize(
    "code",
    # DVV's published examples for the new signs (all with temporary numbers).
    [
        "010594Y9021",
        "020594X903P",
        "020594X902N",
        "030594W903B",
        "040594V9030",
        "050594U903M",
        "010516B903X",
    ],
)
def test_published_examples_with_new_signs_are_valid_temporary_codes(code: str) -> None:
    hetu = parse_hetu(code, allow_temporary=True)
    assert hetu.temporary is True
    assert reason(code) == tr("hetu.temporary")


def test_lowercase_input_is_normalised() -> None:
    assert parse_hetu("131052-308t").code == "131052-308T"
    assert parse_hetu("010516b222y").code == "010516B222Y"


def test_surrounding_whitespace_is_stripped() -> None:
    assert parse_hetu("  131052-308T \t\n").code == "131052-308T"


def test_inner_whitespace_is_not_ignored() -> None:
    assert reason("131052 -308T") == tr("hetu.length", count=12)


# --- leap days and impossible dates ------------------------------------------


def test_leap_day_2000_is_valid() -> None:
    assert parse_hetu("290200A1239").birth_date == datetime.date(2000, 2, 29)


def test_leap_day_1900_is_invalid_because_1900_was_not_a_leap_year() -> None:
    # Same digits and same (correct) check character as above: only the century differs.
    assert reason("290200-1239") == tr("hetu.date")


def test_leap_day_2004_is_valid() -> None:
    assert parse_hetu("290204A123A").birth_date == datetime.date(2004, 2, 29)


@pytest.mark.parametrize(
    "code",
    [
        "310290-123T",  # 31 February
        "290201A123J",  # 29 February 2001, not a leap year
        "000190-123M",  # day 0 (check character irrelevant: date is checked first)
        "011390-123M",  # month 13
        "320190-123M",  # day 32
        "310490-123M",  # 31 April
    ],
)
def test_impossible_date_is_refused(code: str) -> None:
    assert reason(code) == tr("hetu.date")


def test_future_birth_date_is_not_refused() -> None:
    # Plausibility against today is left to the caller, who owns the clock.
    assert parse_hetu(make_hetu(datetime.date(2099, 12, 31), 123)).birth_year == 2099


# --- format errors -----------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_input(text: str) -> None:
    assert reason(text) == tr("hetu.empty")


@pytest.mark.parametrize(
    ("text", "count"),
    [("131052-308", 10), ("131052-308TT", 12), ("1", 1), ("13105-308T", 10)],
)
def test_wrong_length(text: str, count: int) -> None:
    assert reason(text) == tr("hetu.length", count=count)


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("X31052-308T", 1),
        ("13105A-308T", 6),
        ("131052-X08T", 8),
        ("131052-30XT", 10),
        ("1310523-08T", 8),  # sign typed one place too late
        ("13105²-308T", 6),  # a Unicode digit is not a hetu digit
    ],
)
def test_non_digit_in_a_digit_position_names_the_position(text: str, position: int) -> None:
    assert reason(text) == tr("hetu.digit", position=position)


@pytest.mark.parametrize("sign", ["G", "Z", "*", "/", "1", "_"])
def test_unknown_century_sign(sign: str) -> None:
    assert reason(f"131052{sign}308T") == tr("hetu.century_sign")


@pytest.mark.parametrize("check", ["G", "I", "O", "Q", "Z", "-", "Ä"])
def test_character_that_is_never_a_check_character(check: str) -> None:
    assert reason(f"131052-308{check}") == tr("hetu.check_char_invalid")


# --- individual number -------------------------------------------------------


@pytest.mark.parametrize("code", ["010190-000N", "010190-001P"])
def test_individual_numbers_000_and_001_are_refused(code: str) -> None:
    # The check characters are correct, so only the number rule can refuse these.
    assert reason(code) == tr("hetu.individual_number")
    assert reason(code, allow_temporary=True) == tr("hetu.individual_number")


@pytest.mark.parametrize("code", ["010190-900P", "010190-999W"])
def test_temporary_code_is_refused_by_default(code: str) -> None:
    assert reason(code) == tr("hetu.temporary")


@pytest.mark.parametrize(("code", "number"), [("010190-900P", 900), ("010190-999W", 999)])
def test_temporary_code_is_accepted_when_allowed(code: str, number: int) -> None:
    hetu = parse_hetu(code, allow_temporary=True)
    assert hetu.temporary is True
    assert hetu.individual_number == number


def test_permanent_code_is_not_marked_temporary_when_temporary_allowed() -> None:
    assert parse_hetu("010190-899N", allow_temporary=True).temporary is False


def test_temporary_code_with_wrong_check_character_reports_the_check_character() -> None:
    # A 9xx number with a wrong check character is most likely a typo.
    assert reason("010190-900R") == tr("hetu.check_mismatch")


# --- check character ---------------------------------------------------------


@pytest.mark.parametrize(
    "code",
    [
        "131052-308U",  # wrong last character
        "131052-380T",  # two digits swapped
        "131025-308T",
        "131052-309T",  # one digit off
        "010516B222X",
    ],
)
def test_wrong_check_character(code: str) -> None:
    assert reason(code) == tr("hetu.check_mismatch")


# --- messages ----------------------------------------------------------------


@pytest.mark.parametrize("language", ["fi", "en"])
def test_messages_say_what_is_wrong_in_each_language(language: str) -> None:
    set_language(language)
    word = {"fi": "Tarkistusmerkki", "en": "check character"}[language]
    assert word in reason("131052-308U")
    assert reason("131052-308U") != reason("310290-123T")


INVALID_CODES = [
    "131052-308U",
    "310290-123T",
    "010190-000N",
    "010190-900P",
    "131052*308T",
    "131052-308G",
    "131052-3X8T",
    "131052-308",
]


@pytest.mark.parametrize("language", ["fi", "en"])
@pytest.mark.parametrize("code", INVALID_CODES)
def test_message_never_contains_the_code(language: str, code: str) -> None:
    set_language(language)
    message = reason(code)
    assert code not in message
    assert code[:6] not in message  # the birth date
    assert code[6:] not in message  # sign, individual number and check character


def test_every_error_class_has_its_own_message() -> None:
    messages = {
        reason(""),
        reason("131052-308"),
        reason("131052-3X8T"),
        reason("131052*308T"),
        reason("131052-308G"),
        reason("310290-123T"),
        reason("010190-000N"),
        reason("010190-900P"),
        reason("131052-308U"),
    }
    assert len(messages) == 9


# --- Hetu object -------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "masked"),
    [
        ("131052-308T", "131052-****"),
        ("010105A123P", "010105A****"),
        ("120456+123C", "120456+****"),
        ("010594Y3452", "010594Y****"),
    ],
)
def test_masked_form_keeps_birth_date_and_actual_sign(code: str, masked: str) -> None:
    assert parse_hetu(code).masked == masked


def test_repr_shows_only_the_masked_form() -> None:
    hetu = parse_hetu("131052-308T")
    assert repr(hetu) == "Hetu('131052-****')"
    assert "308" not in repr(hetu)
    assert "308" not in repr([hetu])  # e.g. a list of results in a traceback
    assert "308" not in f"{hetu!r}"


def test_str_is_the_code() -> None:
    assert str(parse_hetu(" 131052-308t ")) == "131052-308T"


def test_hetu_is_frozen_and_compares_by_value() -> None:
    hetu = parse_hetu("131052-308T")
    with pytest.raises(ValueError):
        hetu.code = "010101-123N"  # type: ignore[misc, unused-ignore]
    assert hetu == parse_hetu("131052-308t")
    assert isinstance(hetu, Hetu)


# --- make_hetu ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("birth_date", "number", "expected"),
    [
        (datetime.date(1952, 10, 13), 308, "131052-308T"),
        (datetime.date(1856, 4, 12), 123, "120456+123C"),
        (datetime.date(2005, 1, 1), 123, "010105A123P"),
        (datetime.date(1990, 1, 1), 999, "010190-999W"),
    ],
)
def test_make_hetu_builds_the_known_code(
    birth_date: datetime.date, number: int, expected: str
) -> None:
    assert make_hetu(birth_date, number) == expected


@pytest.mark.parametrize(
    "birth_date",
    [
        datetime.date(1800, 1, 1),
        datetime.date(1899, 12, 31),
        datetime.date(1900, 3, 1),
        datetime.date(1952, 10, 13),
        datetime.date(1999, 12, 31),
        datetime.date(2000, 2, 29),
        datetime.date(2024, 2, 29),
        datetime.date(2099, 12, 31),
    ],
)
@pytest.mark.parametrize("number", [2, 308, 899, 900, 999])
def test_make_hetu_round_trips_through_parse_hetu(birth_date: datetime.date, number: int) -> None:
    hetu = parse_hetu(make_hetu(birth_date, number), allow_temporary=True)
    assert hetu.birth_date == birth_date
    assert hetu.individual_number == number
    assert hetu.temporary is (number >= 900)


@pytest.mark.parametrize(
    ("birth_date", "sign"),
    [
        (datetime.date(1994, 5, 1), "Y"),
        (datetime.date(1994, 5, 1), "x"),
        (datetime.date(1994, 5, 1), "U"),
        (datetime.date(2016, 5, 1), "B"),
        (datetime.date(2016, 5, 1), "F"),
        (datetime.date(1856, 4, 12), "+"),
    ],
)
def test_make_hetu_with_chosen_sign(birth_date: datetime.date, sign: str) -> None:
    code = make_hetu(birth_date, 345, sign=sign)
    assert code[6] == sign.upper()
    assert parse_hetu(code).birth_date == birth_date


@pytest.mark.parametrize(
    ("birth_date", "sign"),
    [
        (datetime.date(1994, 5, 1), "A"),
        (datetime.date(2016, 5, 1), "-"),
        (datetime.date(2016, 5, 1), "Y"),
        (datetime.date(1856, 4, 12), "-"),
        (datetime.date(1994, 5, 1), "G"),
    ],
)
def test_make_hetu_refuses_a_sign_of_another_century(birth_date: datetime.date, sign: str) -> None:
    with pytest.raises(ValueError):
        make_hetu(birth_date, 345, sign=sign)


@pytest.mark.parametrize(
    ("birth_date", "number"),
    [
        (datetime.date(1799, 12, 31), 123),
        (datetime.date(2100, 1, 1), 123),
        (datetime.date(1990, 1, 1), 0),
        (datetime.date(1990, 1, 1), 1),
        (datetime.date(1990, 1, 1), 1000),
    ],
)
def test_make_hetu_refuses_what_no_valid_code_can_say(
    birth_date: datetime.date, number: int
) -> None:
    with pytest.raises(ValueError):
        make_hetu(birth_date, number)


# --- looks_like_hetu ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "131052-308T",
        "131052-308U",  # wrong check character: still shaped like a hetu
        "310290-123T",  # impossible date: still shaped like a hetu
        " 010594y3452 ",
        "010516b222y",
        "120456+123C",
        "050516F666V",
        "010190-0009",
    ],
)
def test_looks_like_hetu(text: str) -> None:
    assert looks_like_hetu(text) is True


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Virtanen",
        "131052",
        "131052-308",
        "131052-308TT",
        "131052G308T",  # not a century sign
        "131052 308T",
        "131052-30XT",
        "131052-308-",
        "131052-308T\nx",
        "13105²-308T",
    ],
)
def test_does_not_look_like_hetu(text: str) -> None:
    assert looks_like_hetu(text) is False
