"""What a typed search means, and which names count as the same person mistyped."""

from __future__ import annotations

from datetime import date

import pytest

from domain.identity import make_hetu
from domain.search import (
    ClientQuery,
    loosely_matches,
    name_similarity,
    parse_query,
    resembles,
    within_one_typo,
)

HETU = make_hetu(date(1985, 3, 14), 234)


def test_name_and_year() -> None:
    assert parse_query("virtanen 1985") == ClientQuery(name_terms=("virtanen",), birth_year=1985)


def test_year_first_and_several_name_terms() -> None:
    query = parse_query("1985  Matti   Virtanen")
    assert query.name_terms == ("matti", "virtanen")
    assert query.birth_year == 1985
    assert query.hetu is None


@pytest.mark.parametrize("typed", [HETU, HETU.lower(), f"  {HETU.lower()} "])
def test_hetu_token_recognised_case_insensitively(typed: str) -> None:
    query = parse_query(typed)
    assert query.hetu == HETU
    assert query.name_terms == ()
    assert query.birth_year is None
    assert not query.is_empty


def test_hetu_with_name_and_year() -> None:
    query = parse_query(f"virtanen {HETU.lower()} 1985")
    assert query == ClientQuery(name_terms=("virtanen",), hetu=HETU, birth_year=1985)


def test_mistyped_hetu_is_still_a_hetu_not_a_name() -> None:
    wrong = HETU[:-1] + ("X" if HETU[-1] != "X" else "Y")
    query = parse_query(wrong)
    assert query.hetu == wrong
    assert query.name_terms == ()


@pytest.mark.parametrize(
    ("typed", "term"),
    [
        ("José", "jose"),
        ("MÜLLER", "muller"),
        ("Çelik", "celik"),
        ("Äijälä", "äijälä"),
        ("ÅKESSON", "åkesson"),
        ("Öhman", "öhman"),
    ],
)
def test_accents_folded_finnish_letters_kept(typed: str, term: str) -> None:
    assert parse_query(typed).name_terms == (term,)


@pytest.mark.parametrize("typed", ["1800", "1985", "2026", "2099"])
def test_years_recognised(typed: str) -> None:
    assert parse_query(typed).birth_year == int(typed)


@pytest.mark.parametrize("typed", ["85", "1700", "19850", "3000"])
def test_non_years_are_name_terms(typed: str) -> None:
    query = parse_query(typed)
    assert query.birth_year is None
    assert query.name_terms == (typed,)


@pytest.mark.parametrize("typed", ["", " ", "\t\n  ", "\x1b[31m", "\u200b"])
def test_empty_query(typed: str) -> None:
    query = parse_query(typed)
    assert query.is_empty
    assert query == ClientQuery()


@pytest.mark.parametrize(
    "query",
    [
        ClientQuery(name_terms=("a",)),
        ClientQuery(hetu=HETU),
        ClientQuery(birth_year=1985),
    ],
)
def test_any_part_makes_query_non_empty(query: ClientQuery) -> None:
    assert not query.is_empty


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Matti Virtanen", "Mati Virtanen"),  # one letter missing
        ("Matti Virtanen", "Matti Virtamen"),  # one letter wrong
        ("Matti Virtanen", "Virtanen Matti"),  # swapped word order
        ("Matti Virtanen", "  matti   VIRTANEN "),  # case and spacing
        ("José Álvarez", "Jose Alvarez"),  # accents
        ("Virtanen Matti", "Virtane Mati"),  # the example in the module
    ],
)
def test_similar_names_resemble(first: str, second: str) -> None:
    assert resembles(first, second)
    assert resembles(second, first)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Matti Virtanen", "Liisa Korhonen"),
        ("Matti Virtanen", "Matti Nieminen"),
        ("Matti Virtanen", "Pekka Virtanen"),
        ("Aino", "Eino Leino"),
    ],
)
def test_unrelated_names_do_not_resemble(first: str, second: str) -> None:
    assert not resembles(first, second)


def test_same_name_is_fully_similar() -> None:
    assert name_similarity("Matti Virtanen", "virtanen matti") == 1.0


def test_similarity_orders_closer_names_higher() -> None:
    close = name_similarity("Matti Virtanen", "Mati Virtanen")
    far = name_similarity("Matti Virtanen", "Liisa Korhonen")
    assert 0.0 < far < close < 1.0


@pytest.mark.parametrize(("first", "second"), [("", ""), ("", "Matti"), ("Matti", "  ")])
def test_similarity_of_empty_is_zero(first: str, second: str) -> None:
    assert name_similarity(first, second) == 0.0
    assert not resembles(first, second)


@pytest.mark.parametrize(
    ("typed", "name", "found"),
    [
        ("virtnaen", "virtanen matti", False),  # two letters swapped are two typos
        ("virtaen", "virtanen matti", True),  # a letter missing
        ("virtanenn", "virtanen matti", True),  # a letter extra
        ("virtasen", "virtanen matti", True),  # a letter wrong
        ("mäkelä", "makela anna", False),  # two letters wrong is another name
        ("korhonen", "virtanen matti", False),
        ("virta", "virtanen matti", True),  # a fragment, as in the exact search
    ],
)
def test_one_typo_is_tolerated_in_a_long_term(typed: str, name: str, found: bool) -> None:
    assert within_one_typo(typed, name.split()[0]) is found


def test_loose_fragments_keep_one_half_of_a_mistyped_word() -> None:
    query = parse_query("virtnaen matti")
    assert query.tolerates_typos
    assert query.loose_fragments == (("virt", "naen"), ("matti",))
    assert loosely_matches(parse_query("virtaen matti"), "virtanen matti")
    assert not loosely_matches(parse_query("virtaen maija"), "virtanen matti")
    assert not parse_query("aino 1985").tolerates_typos
