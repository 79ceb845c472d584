"""Finding clients: what a typed search means, and which clients look alike.

One search box takes a name fragment, a hetu or a birth year, in any mix:
``virtanen 1985`` finds Virtanens born in 1985. Picking an existing client from
the results prevents duplicates; when a new walk-in's name and birth year
resemble an existing client, the form warns before saving.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from difflib import SequenceMatcher

from pydantic import BaseModel, ConfigDict

from domain.identity import looks_like_hetu
from domain.text import normalise_name

_YEAR = re.compile(r"^(18|19|20)\d\d$")

# Two names whose normalised, word-sorted forms are at least this similar are
# shown as a possible duplicate; 0.85 catches one or two typos in a full name
# ("Virtanen Matti" / "Virtane Mati") without flagging unrelated names.
SIMILARITY_THRESHOLD = 0.85

LOOSE_MIN_LENGTH = 5
"""Terms this long are searched typo-tolerantly when the exact search finds nobody.

Five, not six: a six-letter surname with a letter left out ("iknen" for
Ikonen) is typed in five, and is a common typo. Shorter terms stay exact.
"""

TYPO_KEY_LENGTH = LOOSE_MIN_LENGTH - 1
"""How many first letters of a word its typo keys are made of (see :func:`typo_keys`)."""


class ClientQuery(BaseModel):
    """A parsed search: every part given must match."""

    model_config = ConfigDict(frozen=True)

    name_terms: tuple[str, ...] = ()
    hetu: str | None = None
    birth_year: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.name_terms and self.hetu is None and self.birth_year is None

    @property
    def typo_terms(self) -> tuple[str, ...]:
        """The name terms long enough to be searched again with one typo allowed.

        Short terms are kept exact: a typo in four letters is as likely another
        name ("aino", "eino"), and one letter off "aho" matches half the register.
        """
        return tuple(term for term in self.name_terms if len(term) >= LOOSE_MIN_LENGTH)

    @property
    def tolerates_typos(self) -> bool:
        """Whether a term is long enough to be searched again with one typo allowed."""
        return bool(self.typo_terms)

    @property
    def typo_keys(self) -> frozenset[str]:
        """The typo keys of every typo-tolerant term: a name word within one typo
        of any of them has one of these keys."""
        return frozenset(key for term in self.typo_terms for key in typo_keys(term))

    def corrected(self, name_words: Iterable[str]) -> CorrectedQuery | None:
        """This query with each typo-tolerant term replaced by the words of
        ``name_words`` that it matches with at most one typo.

        ``name_words`` are the register's words found by :attr:`typo_keys`;
        the key lookup is a coarse filter, this is the exact check. None when
        a term matches no word: then nobody can match the whole query.
        """
        words = sorted(set(name_words))
        choices: list[tuple[str, ...]] = []
        for term in self.typo_terms:
            near = tuple(word for word in words if within_one_typo(term, word))
            if not near:
                return None
            choices.append(near)
        return CorrectedQuery(
            word_choices=tuple(choices),
            fragments=tuple(term for term in self.name_terms if len(term) < LOOSE_MIN_LENGTH),
            hetu=self.hetu,
            birth_year=self.birth_year,
        )


class CorrectedQuery(BaseModel):
    """A search after a typo: whole name words instead of the mistyped terms.

    A client matches when, for every entry of ``word_choices``, one of its
    name words (:func:`name_words`) is one of the entry's words, every
    fragment is in the name as typed, and the hetu and birth year match as
    in :class:`ClientQuery`.
    """

    model_config = ConfigDict(frozen=True)

    word_choices: tuple[tuple[str, ...], ...]
    fragments: tuple[str, ...] = ()
    hetu: str | None = None
    birth_year: int | None = None


def parse_query(text: str) -> ClientQuery:
    """Split a typed search into name terms, a hetu and a birth year."""
    terms: list[str] = []
    hetu: str | None = None
    year: int | None = None
    for token in text.split():
        if looks_like_hetu(token):
            hetu = token.strip().upper()
        elif _YEAR.match(token):
            year = int(token)
        else:
            normalised = normalise_name(token)
            if normalised:
                terms.append(normalised)
    return ClientQuery(name_terms=tuple(terms), hetu=hetu, birth_year=year)


def name_similarity(first: str, second: str) -> float:
    """0..1, insensitive to case, accents, spacing and word order."""
    a = " ".join(sorted(normalise_name(first).split()))
    b = " ".join(sorted(normalise_name(second).split()))
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def resembles(first: str, second: str) -> bool:
    """True when two names are similar enough to be the same person mistyped."""
    return name_similarity(first, second) >= SIMILARITY_THRESHOLD


def within_one_typo(term: str, word: str) -> bool:
    """Whether ``word`` starts with ``term`` with at most one letter wrong,
    missing or extra.

    A search term is often the start of a name ("virta" finds Virtanen), so
    the term is compared with the word's starts of about its length. A
    mistyped stretch from the middle of a word is not looked for: the index
    that finds candidates (:func:`typo_keys`) is built on the words' starts.
    """
    if word.startswith(term):
        return True
    size = len(term)
    return any(
        _one_edit(term, word[:length])
        for length in (size - 1, size, size + 1)
        if 0 < length <= len(word)
    )


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    shorter, longer = (a, b) if len(a) < len(b) else (b, a)
    for index in range(len(longer)):
        if longer[:index] + longer[index + 1 :] == shorter:
            return True
    return False


def name_words(name_key: str) -> frozenset[str]:
    """The words of a normalised name, as the search index holds them.

    A search term has no spaces, so a name contains it exactly when one of
    these words does; a mistyped term is matched against their starts. A
    double-barrelled name gives its parts as well as the whole
    ("virtanen-korhonen" also gives "korhonen"), so a typo in the second
    surname is found too.
    """
    words: set[str] = set()
    for word in name_key.split():
        words.add(word)
        words.update(part for part in word.split("-") if part)
    return frozenset(words)


def typo_keys(word: str) -> frozenset[str]:
    """The keys under which a word is found despite one typo (the SymSpell idea).

    A word's keys are its first :data:`TYPO_KEY_LENGTH` letters, and those
    letters with each one of them left out in turn: "virtanen" has "virt",
    "irt", "vrt", "vit" and "vir". When a term of at least
    :data:`LOOSE_MIN_LENGTH` letters is one letter wrong, missing or extra
    from the start of a word (:func:`within_one_typo`), the two share a key:

    - a wrong letter among the first letters is left out of both; one further
      on leaves the first letters the same;
    - a letter extra among the first letters is left out of the longer one,
      and the last of the first letters out of the other; further on, the
      first letters are the same again (a missing letter is the same case
      seen from the other side).

    So looking up a term's keys among the words' keys finds every word it
    could mean, and some more, which :func:`within_one_typo` then sorts out;
    the lookup is exact equality, which an index answers at once. Words
    shorter than :data:`TYPO_KEY_LENGTH` have no keys: no typo-tolerant term
    is one typo from their start.
    """
    if len(word) < TYPO_KEY_LENGTH:
        # A typo-tolerant term has at least LOOSE_MIN_LENGTH letters, so a word
        # it is one typo from the start of has at least one less.
        return frozenset()
    head = word[:TYPO_KEY_LENGTH]
    return frozenset({head, *(head[:index] + head[index + 1 :] for index in range(len(head)))})
