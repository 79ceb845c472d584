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


class ClientQuery(BaseModel):
    """A parsed search: every part given must match."""

    model_config = ConfigDict(frozen=True)

    name_terms: tuple[str, ...] = ()
    hetu: str | None = None
    birth_year: int | None = None

    @property
    def is_empty(self) -> bool:
        return not self.name_terms and self.hetu is None and self.birth_year is None


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
