"""What a typed search means, and which names count as the same person mistyped."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from domain.identity import make_hetu
from domain.search import (
    LOOSE_MIN_LENGTH,
    TYPO_KEY_LENGTH,
    ClientQuery,
    CorrectedQuery,
    name_similarity,
    name_words,
    parse_query,
    resembles,
    typo_keys,
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
    ("typed", "word", "found"),
    [
        ("virtnaen", "virtanen", False),  # two letters swapped are two typos
        ("virtaen", "virtanen", True),  # a letter missing
        ("virtanenn", "virtanen", True),  # a letter extra
        ("virtasen", "virtanen", True),  # a letter wrong
        ("virtsne", "virtanen", True),  # the start of the name, a letter wrong
        ("mäkelä", "makela", False),  # two letters wrong is another name
        ("korhonen", "virtanen", False),
        ("virta", "virtanen", True),  # a fragment, as in the exact search
        ("tanen", "virtanen", False),  # the typo index is of the words' starts
    ],
)
def test_one_typo_is_tolerated_at_the_start_of_a_word(typed: str, word: str, found: bool) -> None:
    assert within_one_typo(typed, word) is found


def test_only_long_terms_are_searched_with_a_typo() -> None:
    query = parse_query("virtnaen aino 1985")
    assert query.tolerates_typos
    assert query.typo_terms == ("virtnaen",)
    assert query.typo_keys == typo_keys("virtnaen")
    assert not parse_query("aino 1985").tolerates_typos
    assert parse_query("iknen").typo_terms == ("iknen",)  # Ikonen, a letter left out


def test_correction_keeps_the_words_within_one_typo_and_the_rest_exact() -> None:
    query = parse_query(f"virtaen aino {HETU} 1985")
    corrected = query.corrected(["virtanen", "virtala", "virtaniemi", "korhonen", "aino"])
    assert corrected == CorrectedQuery(
        word_choices=(("virtanen", "virtaniemi"),),
        fragments=("aino",),
        hetu=HETU,
        birth_year=1985,
    )


def test_no_correction_when_a_term_matches_no_word() -> None:
    query = parse_query("virtaen korhnen")
    assert query.corrected(["virtanen", "korhola"]) is None


def test_name_words_include_the_parts_of_double_barrelled_names() -> None:
    assert name_words("virtanen-korhonen aho maria") == {
        "virtanen-korhonen",
        "virtanen",
        "korhonen",
        "aho",
        "maria",
    }
    assert name_words("") == set()


def test_typo_keys_are_the_first_letters_and_each_one_left_out() -> None:
    assert typo_keys("virtanen") == {"virt", "irt", "vrt", "vit", "vir"}
    assert typo_keys("aho") == set()  # no typo-tolerant term is one typo from it


_LETTERS = "aeiouyäöhjklmnprstv-"
_WORDS = st.text(_LETTERS, min_size=TYPO_KEY_LENGTH, max_size=14)


@st.composite
def _word_and_mistyped_start(draw: st.DrawFn) -> tuple[str, str]:
    """A word, and a start of it at least a typo-tolerant term long with one
    letter wrong, missing or extra."""
    word = draw(_WORDS)
    length = draw(st.integers(LOOSE_MIN_LENGTH - 1, max(LOOSE_MIN_LENGTH - 1, len(word))))
    start = word[:length]
    position = draw(st.integers(0, len(start)))
    letter = draw(st.sampled_from(_LETTERS))
    typed = draw(
        st.sampled_from(
            [
                start[:position] + letter + start[position + 1 :],  # wrong
                start[:position] + start[position + 1 :],  # missing
                start[:position] + letter + start[position:],  # extra
            ]
        )
    )
    assume(len(typed) >= LOOSE_MIN_LENGTH)
    return word, typed


@given(_word_and_mistyped_start())
def test_a_word_within_one_typo_shares_a_typo_key(case: tuple[str, str]) -> None:
    """The index lookup misses nobody: the typo check's words are all among
    the words found by key."""
    word, typed = case
    assert within_one_typo(typed, word)
    assert typo_keys(typed) & typo_keys(word)
    assert parse_query(typed).corrected([word]) is not None
