"""The inflected forms of a Finnish name, to find it in free text.

A question typed for the team names the client as Finnish is written:
"Eevan asunto", "soitettu Hämäläiselle", "Pekan äiti". To take the name out of
an agenda for outsiders (R12), every such form must be found, not only the
nominative. No stemming library handles names well (they are not in any
dictionary), so the rule here is the small part of Finnish inflection that
names follow:

- the name itself is a stem: ``Eeva`` + ``n``, ``Laine`` + ``en``, ``Mikael`` + ``in``;
- ``-nen`` names inflect on ``-se-`` / ``-s-``: Hämäläinen → Hämäläise|n, Hämäläis|tä;
- a vowel-final name may weaken its last consonants (consonant gradation):
  Pekka → Peka|n, Virta → Virra|n, Lahti → Lahde|n, Mäki → Mäe|n;
- a final ``i`` of an old word becomes ``e``: Niemi → Nieme|n, Koski → Koske|lla;
- ``-s`` after a vowel inflects on ``-kse-``: Tuomas → Tuomakse|n, Markus → Markukse|lle.

After the stem comes what Finnish puts after a noun: linking vowels or the
plural ``i``/``j``, a case ending, a possessive suffix and a clitic. A word
matches only when it is a stem followed by exactly such an ending, so
"Liisankatu" or "Mattila" are not taken for Liisa or Matti, while an
unknown suffix on a known stem stays in the text. Removing a word that
merely looks like a name form ("mäen" for Mäki) is the safe mistake.
"""

from __future__ import annotations

import re

_VOWELS = "aeiouyäö"

# Strong grade → weak grade, longest first: the consonants before the last vowel.
_GRADATION = (
    ("kk", "k"),
    ("pp", "p"),
    ("tt", "t"),
    ("nk", "ng"),
    ("mp", "mm"),
    ("lt", "ll"),
    ("nt", "nn"),
    ("rt", "rr"),
    ("ht", "hd"),
    ("lk", "lj"),
    ("rk", "rj"),
    ("k", ""),
    ("p", "v"),
    ("t", "d"),
)

_CASE = (
    "n|t|a|ä|ta|tä|tta|ttä|na|nä|ne|ksi|ssa|ssä|sta|stä|lla|llä|lta|ltä|lle"
    "|hin|seen|siin|den|ten|tten|ja|jä|jen"
)
_POSSESSIVE = "ni|si|mme|nne|nsa|nsä"
_CLITIC = "kin|kaan|kään|ko|kö|han|hän|pa|pä|s"
ENDING = rf"[{_VOWELS}]{{0,2}}(?:{_CASE})?(?:{_POSSESSIVE})?(?:{_CLITIC})?"
"""What may follow a stem in one word (a regular expression, without anchors)."""

MIN_STEM = 3
"""Derived stems shorter than this would match too many ordinary words."""


def _weak(stem: str) -> list[str]:
    """``stem`` (ending in one vowel after a consonant) in the weak grade, if it has one."""
    body, vowel = stem[:-1], stem[-1]
    for strong, weak in _GRADATION:
        if body.endswith(strong) and len(body) > len(strong):
            before = body[: -len(strong)]
            # A single k, p or t weakens only after a vowel or a sonorant (l, r, n, h).
            if len(strong) == 1 and before[-1] not in _VOWELS + "lrnh":
                return []
            return [before + weak + vowel]
    return []


def name_stems(part: str) -> list[str]:
    """The stems one part of a name (``Hämäläinen``, ``Eeva``) inflects on, lower case."""
    word = part.casefold()
    stems = {word}
    if word.endswith("nen") and len(word) > 4:
        stems.add(word[:-3] + "s")  # Hämäläis|tä, Hämäläise|n
    elif word[-1] in _VOWELS and len(word) > 2 and word[-2] not in _VOWELS:
        vowel_stems = [word]
        if word.endswith("i"):
            vowel_stems.append(word[:-1] + "e")  # Niemi → Nieme|n
        for stem in vowel_stems:
            stems.add(stem)
            stems.update(_weak(stem))
    elif word.endswith("s") and len(word) > 3 and word[-2] in _VOWELS:
        stems.add(word[:-1] + "kse")  # Tuomas → Tuomakse|n
    return sorted(
        (stem for stem in stems if stem == word or len(stem) >= MIN_STEM),
        key=len,
        reverse=True,
    )


def name_pattern(part: str) -> re.Pattern[str]:
    """A whole word that is ``part`` in any of its inflected forms (case ignored)."""
    stems = "|".join(re.escape(stem) for stem in name_stems(part))
    return re.compile(rf"(?<!\w)(?:{stems}){ENDING}(?!\w)", re.IGNORECASE)
