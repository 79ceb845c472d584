"""Finnish personal identity codes (henkilötunnus, "hetu").

A hetu is ``DDMMYYCNNNT``: birth date, century sign ``C``, individual number
``NNN`` and check character ``T``. The reception desk types it by hand, so every
way it can be wrong gets its own short message: "the check character does not
match" tells the worker to look again at the card, "the date is impossible"
tells them a digit is swapped.

A hetu is personal data. No message built here ever contains the typed code or
any part of it, because error messages end up in logs and tracebacks; they say
only which rule or which character position failed. For the same reason
``repr(hetu)`` shows only the masked form (``010190-****``).

The century signs ``Y X W V U`` (1900s) and ``B C D E F`` (2000s) have been
valid since 2023, alongside the older ``-`` and ``A``; a code with a new sign is
an ordinary code, not a special case.
"""

from __future__ import annotations

import datetime
import re

from pydantic import BaseModel, ConfigDict

from domain.i18n import tr

CHECK_ALPHABET = "0123456789ABCDEFHJKLMNPRSTUVWXY"
"""The 31 check characters, indexed by ``DDMMYYNNN mod 31`` (no G, I, O, Q, Z)."""

CENTURY_SIGNS: dict[str, int] = {
    "+": 1800,
    "-": 1900,
    "Y": 1900,
    "X": 1900,
    "W": 1900,
    "V": 1900,
    "U": 1900,
    "A": 2000,
    "B": 2000,
    "C": 2000,
    "D": 2000,
    "E": 2000,
    "F": 2000,
}
"""Each century sign and the first year of its century."""

_DEFAULT_SIGNS: dict[int, str] = {1800: "+", 1900: "-", 2000: "A"}

HETU_LENGTH = 11
TEMPORARY_NUMBERS = range(900, 1000)
"""Individual numbers given to provisional identity codes, not permanent ones."""

_DIGITS = frozenset("0123456789")
_DIGIT_POSITIONS = (0, 1, 2, 3, 4, 5, 7, 8, 9)  # zero-based; 6 is the sign, 10 the check

_SHAPE = re.compile(
    "[0-9]{6}[" + re.escape("".join(CENTURY_SIGNS)) + "][0-9]{3}[0-9A-Z]",
    re.ASCII,
)


class Hetu(BaseModel):
    """A validated personal identity code and what it says.

    Build one with :func:`parse_hetu`; constructing it directly skips every
    check. ``str()`` gives the full code (for showing it to the worker), while
    ``repr()`` gives only the masked form so that a log line or a traceback
    that happens to include the object does not leak the code.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    birth_date: datetime.date
    individual_number: int
    temporary: bool

    @property
    def birth_year(self) -> int:
        """The full four-digit birth year (the century comes from the sign)."""
        return self.birth_date.year

    @property
    def masked(self) -> str:
        """Birth date and century sign followed by ``****``, e.g. ``010190-****``.

        Enough to tell people apart on a list without showing the individual
        number and check character.
        """
        return self.code[:7] + "****"

    def __str__(self) -> str:
        return self.code

    def __repr__(self) -> str:
        return f"Hetu({self.masked!r})"

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # Pydantic's pretty printers (rich, devtools) read this instead of __repr__.
        return [(None, self.masked)]


def check_character(birth_digits: str, individual_digits: str) -> str:
    """The check character for ``DDMMYY`` and ``NNN`` (century sign not included)."""
    return CHECK_ALPHABET[int(birth_digits + individual_digits) % 31]


def looks_like_hetu(text: str) -> bool:
    """Whether ``text`` has the shape of a hetu, without checking date or check character.

    Search uses this to decide that a query is meant as an identity code rather
    than a name; a mistyped code should still be treated as a code (and then
    be reported as wrong), so only the shape matters here.
    """
    return _SHAPE.fullmatch(text.strip().upper()) is not None


def parse_hetu(text: str, *, allow_temporary: bool = False) -> Hetu:
    """Validate a typed identity code and return what it says.

    Surrounding whitespace is ignored and letters may be typed in lower case.
    Raises ``ValueError`` whose message says, for the worker, what is wrong and
    never repeats the code.

    Temporary codes (individual number 900–999) are refused unless
    ``allow_temporary`` is set: they are handed out provisionally, for example
    before a person is entered in the population register, and later replaced
    by a permanent code, so accepting one where a permanent identity is
    expected would file the person under a number that will stop being theirs.

    The birth date is not compared with today: the clock belongs to the
    caller, and a future date is a plausibility question, not a format error.
    """
    code = text.strip().upper()
    if not code:
        raise ValueError(tr("hetu.empty"))
    if len(code) != HETU_LENGTH:
        raise ValueError(tr("hetu.length", count=len(code)))
    for index in _DIGIT_POSITIONS:
        if code[index] not in _DIGITS:
            raise ValueError(tr("hetu.digit", position=index + 1))
    sign = code[6]
    century = CENTURY_SIGNS.get(sign)
    if century is None:
        raise ValueError(tr("hetu.century_sign"))
    if code[10] not in CHECK_ALPHABET:
        raise ValueError(tr("hetu.check_char_invalid"))

    birth_digits, individual_digits = code[:6], code[7:10]
    day, month, year = int(code[0:2]), int(code[2:4]), century + int(code[4:6])
    try:
        birth_date = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(tr("hetu.date")) from None

    individual_number = int(individual_digits)
    if individual_number < 2:
        raise ValueError(tr("hetu.individual_number"))
    # The check character goes before the temporary test: a wrong check character
    # on a 9xx number is most likely a typo, and "temporary" would mislead.
    if code[10] != check_character(birth_digits, individual_digits):
        raise ValueError(tr("hetu.check_mismatch"))
    temporary = individual_number in TEMPORARY_NUMBERS
    if temporary and not allow_temporary:
        raise ValueError(tr("hetu.temporary"))

    return Hetu(
        code=code,
        birth_date=birth_date,
        individual_number=individual_number,
        temporary=temporary,
    )


def make_hetu(birth_date: datetime.date, individual_number: int, *, sign: str | None = None) -> str:
    """Build a valid code for ``birth_date`` and ``individual_number``.

    Meant for synthetic demo data (with temporary numbers 900–999, which can
    never collide with a real permanent code) and for tests. ``sign`` picks
    one of the century's signs; by default the traditional ``+``, ``-`` or
    ``A``. Raises ``ValueError`` for a year outside 1800–2099, an individual
    number outside 2–999 or a sign that does not belong to the century.
    These are programming errors, so the messages are not translated; they
    still never contain the date or the number.
    """
    century = birth_date.year // 100 * 100
    if century not in _DEFAULT_SIGNS:
        raise ValueError("birth year must be between 1800 and 2099")
    if not 2 <= individual_number <= 999:
        raise ValueError("individual number must be between 2 and 999")
    if sign is None:
        sign = _DEFAULT_SIGNS[century]
    else:
        sign = sign.upper()
        if CENTURY_SIGNS.get(sign) != century:
            raise ValueError("not a valid century sign for the century of the birth date")
    birth_digits = f"{birth_date.day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}"
    individual_digits = f"{individual_number:03d}"
    return (
        birth_digits + sign + individual_digits + check_character(birth_digits, individual_digits)
    )
