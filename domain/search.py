"""Finding clients: what a typed search means, and which clients look alike.

One search box takes a name fragment, a hetu or a birth year, in any mix:
``virtanen 1985`` finds Virtanens born in 1985. Picking an existing client from
the results prevents duplicates; when a new walk-in's name and birth year
resemble an existing client, the form warns before saving.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pydantic import BaseModel, ConfigDict

from domain.identity import looks_like_hetu
from domain.text import normalise_name

_YEAR = re.compile(r"^(18|19|20)\d\d$")

# Two names whose normalised, word-sorted forms are at least this similar are
# shown as a possible duplicate; 0.85 catches one or two typos in a full name
# ("Virtanen Matti" / "Virtane Mati") without flagging unrelated names.
SIMILARITY_THRESHOLD = 0.85

LOOSE_MIN_LENGTH = 6
"""Terms this long are searched typo-tolerantly when the exact search finds nobody."""


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
    def tolerates_typos(self) -> bool:
        """Whether a term is long enough to be searched again with one typo allowed."""
        return any(len(term) >= LOOSE_MIN_LENGTH for term in self.name_terms)

    @property
    def loose_fragments(self) -> tuple[tuple[str, ...], ...]:
        """For a search that found nobody: per name term, fragments one of which
        a name within one typo of the term still contains.

        One wrong, missing or extra letter leaves either half of a word intact,
        so ``virtnaen`` gives ``virt`` and ``naen``, and "Virtanen" has the
        first. Short terms are kept whole: half of them would match half the
        register, and a typo in four letters is as likely another name.
        """
        loose: list[tuple[str, ...]] = []
        for term in self.name_terms:
            if len(term) < LOOSE_MIN_LENGTH:
                loose.append((term,))
            else:
                middle = len(term) // 2
                loose.append((term[:middle], term[middle:]))
        return tuple(loose)


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
    """Whether ``word`` contains ``term`` with at most one letter wrong, missing or extra.

    A search term is a fragment ("virta" finds Virtanen), so the term is
    compared with each stretch of the word of about its length.
    """
    if term in word:
        return True
    size = len(term)
    for length in (size - 1, size, size + 1):
        for start in range(0, max(0, len(word) - length) + 1):
            if _one_edit(term, word[start : start + length]):
                return True
    return False


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


def loosely_matches(query: ClientQuery, name_key: str) -> bool:
    """Every term of the query is in some word of the name, one typo allowed
    in terms of :data:`LOOSE_MIN_LENGTH` letters or more."""
    words = name_key.split()
    for term in query.name_terms:
        if len(term) < LOOSE_MIN_LENGTH:
            if not any(term in word for word in words):
                return False
        elif not any(within_one_typo(term, word) for word in words):
            return False
    return True
