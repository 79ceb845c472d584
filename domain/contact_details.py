"""How to reach the client: phone, the way they want to be contacted, language, interpreter.

A callback promised at the desk is only as good as the number it goes to, and a
letter in Finnish to a client who reads Swedish is a letter not read. The
details are the client's own (given by them, changed when they say so), kept
apart from the intake so that they are found in one place and edited without
reopening an interview. They are contact data, never figures: the indicator
report never reads them.

Phone numbers are checked the same way wherever they are typed (the client's,
a close person's, a professional's): digits, spaces, ``+`` and ``-``, and
enough digits to be a number (:func:`check_phone`).
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.errors import InvalidInput
from domain.i18n import N_, Language, tr, tr_in
from domain.text import clean_text

# Keys built at run time; marked so that `pybabel extract` finds them.
_COMPUTED_KEYS = (
    N_("contact.way.phone"),
    N_("contact.way.text_message"),
    N_("contact.way.letter"),
    N_("contact.way.in_person"),
    N_("contact.language.fi"),
    N_("contact.language.sv"),
    N_("contact.language.en"),
    N_("contact.language.other"),
)

PHONE_MAX = 30
"""Characters: an international number with spaces fits, a pasted paragraph does not."""
PHONE_MIN_DIGITS = 5
"""Short service numbers (e.g. 10023) are numbers too; four digits are a typo."""
PHONE_MAX_DIGITS = 15
"""The longest number the international plan (E.164) allows."""
LANGUAGE_MAX = 60
ADDRESS_MAX = 200

_PHONE = re.compile(r"[0-9 +\-]+")


class ContactWay(StrEnum):
    """How the client wants to be contacted: a fixed list, so that it can be acted on."""

    PHONE = "phone"
    TEXT_MESSAGE = "text_message"
    LETTER = "letter"
    IN_PERSON = "in_person"

    @property
    def label(self) -> str:
        return tr(f"contact.way.{self.value}")

    def label_in(self, language: Language) -> str:
        return tr_in(language, f"contact.way.{self.value}")


class ContactLanguage(StrEnum):
    """The language to use with the client; OTHER comes with the language named."""

    FI = "fi"
    SV = "sv"
    EN = "en"
    OTHER = "other"

    @property
    def label(self) -> str:
        return tr(f"contact.language.{self.value}")

    def label_in(self, language: Language) -> str:
        return tr_in(language, f"contact.language.{self.value}")


def check_phone(value: str, errors: dict[str, str], field: str = "phone") -> str:
    """``value`` cleaned (spaces collapsed); a message at ``field`` when it is no number.

    Empty is allowed: a number is optional wherever it is asked. A message is
    put in ``errors`` rather than raised, so that a form shows every mistake at once.
    """
    cleaned = clean_text(value)
    if not cleaned:
        return ""
    digits = sum(char.isdigit() for char in cleaned)
    if len(cleaned) > PHONE_MAX:
        errors[field] = tr("contact.phone_too_long", limit=PHONE_MAX)
    elif not _PHONE.fullmatch(cleaned):
        errors[field] = tr("contact.phone_characters")
    elif "+" in cleaned[1:]:
        errors[field] = tr("contact.phone_plus")
    elif not PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS:
        errors[field] = tr("contact.phone_digits", low=PHONE_MIN_DIGITS, high=PHONE_MAX_DIGITS)
    return cleaned


def _limited(errors: dict[str, str], field: str, value: str, limit: int) -> str:
    cleaned = clean_text(value)
    if len(cleaned) > limit:
        errors[field] = tr("contact.too_long", limit=limit)
    return cleaned


class ContactDetails(BaseModel):
    """The client's stored contact details; ``version`` guards against lost updates."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    phone: str = ""
    contact_way: ContactWay | None = None
    language: ContactLanguage | None = None
    language_other: str = ""
    interpreter: bool = False
    interpreter_language: str = ""
    address: str = ""
    version: int = 0
    """0: nothing stored yet."""

    @property
    def empty(self) -> bool:
        return not (
            self.phone or self.contact_way or self.language or self.interpreter or self.address
        )

    def language_text(self, language: Language | None = None) -> str:
        """The language as a reader reads it: "ruotsi", or the other language as typed."""
        if self.language is None:
            return ""
        if self.language is ContactLanguage.OTHER:
            return self.language_other
        return self.language.label_in(language) if language else self.language.label

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        # A phone number or an address never goes into a log or a traceback.
        return [("client_id", self.client_id), ("version", self.version)]


class ContactDetailsInput(BaseModel):
    """The details as typed on the form; :meth:`checked` says what is wrong, per field."""

    model_config = ConfigDict(frozen=True)

    client_id: int
    phone: str = ""
    contact_way: ContactWay | None = None
    language: ContactLanguage | None = None
    language_other: str = ""
    interpreter: bool = False
    interpreter_language: str = ""
    address: str = ""
    seen_version: int = 0
    """The version the form was filled from (0: there was none)."""
    saved_by: int | None = None
    saved_at: dt.datetime | None = None

    def checked(self) -> ContactDetailsInput:
        """Cleaned, or :class:`InvalidInput` naming each field that is wrong.

        The rules follow what the details are used for: a way of contacting
        that needs a number or an address has one; "other language" names the
        language; an interpreter is booked in a named language.
        """
        errors: dict[str, str] = {}
        phone = check_phone(self.phone, errors)
        other = _limited(errors, "language_other", self.language_other, LANGUAGE_MAX)
        interpreter_language = _limited(
            errors, "interpreter_language", self.interpreter_language, LANGUAGE_MAX
        )
        address = _limited(errors, "address", self.address, ADDRESS_MAX)
        if self.language is ContactLanguage.OTHER and not other:
            errors.setdefault("language_other", tr("contact.language_other_missing"))
        if self.language is not ContactLanguage.OTHER:
            other = ""
        if self.interpreter and not interpreter_language:
            errors.setdefault("interpreter_language", tr("contact.interpreter_language_missing"))
        if not self.interpreter:
            interpreter_language = ""
        if self.contact_way in (ContactWay.PHONE, ContactWay.TEXT_MESSAGE) and not phone:
            errors.setdefault("phone", tr("contact.phone_needed"))
        if self.contact_way is ContactWay.LETTER and not address:
            errors.setdefault("address", tr("contact.address_needed"))
        if errors:
            raise InvalidInput(errors)
        return self.model_copy(
            update={
                "phone": phone,
                "language_other": other,
                "interpreter_language": interpreter_language,
                "address": address,
            }
        )

    def __repr_args__(self) -> list[tuple[str | None, object]]:
        return [("client_id", self.client_id)]
