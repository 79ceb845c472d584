"""Pydantic's reasons for refusing a value, worded in the user's language.

Pydantic explains a refused value in English ("Input should be a valid
integer, unable to parse string as an integer"). Wherever such a reason
reaches a user (a form, a dialog, the command line's settings check), it is
worded here instead, from the error's type and context, never from its
English message. The value itself is never repeated: it may be personal data.

- :func:`validation_reason` words one error of ``ValidationError.errors()``;
- :func:`validation_reasons` words every error, by field;
- :func:`invalid_input_from` turns a ``ValidationError`` into the domain's
  :class:`~domain.errors.InvalidInput`, which every form already shows at its
  fields.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from domain.errors import InvalidInput
from domain.i18n import define, tr

define(
    {
        "validation.missing": ("Tieto puuttuu.", "This is required."),
        "validation.text": ("Arvon pitää olla tekstiä.", "The value must be text."),
        "validation.text_too_short": (
            "Tekstin pitää olla vähintään {min_length} merkkiä.",
            "The text must be at least {min_length} characters.",
        ),
        "validation.text_too_long": (
            "Teksti on liian pitkä: enintään {max_length} merkkiä.",
            "The text is too long: at most {max_length} characters.",
        ),
        "validation.text_pattern": (
            "Teksti ei ole oikeassa muodossa.",
            "The text is not in the right form.",
        ),
        "validation.integer": (
            "Arvon pitää olla kokonaisluku, esim. 12.",
            "The value must be a whole number, e.g. 12.",
        ),
        "validation.number": (
            "Arvon pitää olla luku, esim. 1,5.",
            "The value must be a number, e.g. 1.5.",
        ),
        "validation.boolean": (
            "Arvon pitää olla kyllä tai ei (true / false).",
            "The value must be yes or no (true / false).",
        ),
        "validation.date": (
            "Päivämäärä ei kelpaa; muoto on p.k.vvvv.",
            "The date is not valid; the form is d.m.yyyy.",
        ),
        "validation.time": ("Kellonaika ei kelpaa.", "The time is not valid."),
        "validation.greater_equal": (
            "Arvon pitää olla vähintään {ge}.",
            "The value must be at least {ge}.",
        ),
        "validation.greater": (
            "Arvon pitää olla suurempi kuin {gt}.",
            "The value must be greater than {gt}.",
        ),
        "validation.less_equal": (
            "Arvon pitää olla enintään {le}.",
            "The value must be at most {le}.",
        ),
        "validation.less": (
            "Arvon pitää olla pienempi kuin {lt}.",
            "The value must be less than {lt}.",
        ),
        "validation.choice": (
            "Arvon pitää olla jokin näistä: {expected}.",
            "The value must be one of: {expected}.",
        ),
        "validation.too_few": (
            "Arvoja pitää olla vähintään {min_length}.",
            "There must be at least {min_length} values.",
        ),
        "validation.too_many": (
            "Arvoja saa olla enintään {max_length}.",
            "There may be at most {max_length} values.",
        ),
        "validation.list": ("Arvon pitää olla luettelo.", "The value must be a list."),
        "validation.unknown_field": (
            "Tätä tietoa ei tunneta.",
            "This setting is not known.",
        ),
        "validation.url": (
            "Osoite ei ole kelvollinen.",
            "The address is not valid.",
        ),
        "validation.fixed": ("Tätä tietoa ei voi muuttaa.", "This cannot be changed."),
        "validation.invalid": ("Arvo ei kelpaa.", "The value is not valid."),
        "validation.or": ("tai", "or"),
    }
)

# Pydantic's error types (pydantic_core's ErrorType) by the text that words them.
_KEYS: Mapping[str, str] = {
    "missing": "validation.missing",
    "missing_argument": "validation.missing",
    "missing_keyword_only_argument": "validation.missing",
    "string_type": "validation.text",
    "string_sub_type": "validation.text",
    "string_unicode": "validation.text",
    "string_too_short": "validation.text_too_short",
    "string_too_long": "validation.text_too_long",
    "string_pattern_mismatch": "validation.text_pattern",
    "int_type": "validation.integer",
    "int_parsing": "validation.integer",
    "int_parsing_size": "validation.integer",
    "int_from_float": "validation.integer",
    "float_type": "validation.number",
    "float_parsing": "validation.number",
    "decimal_type": "validation.number",
    "decimal_parsing": "validation.number",
    "finite_number": "validation.number",
    "bool_type": "validation.boolean",
    "bool_parsing": "validation.boolean",
    "date_type": "validation.date",
    "date_parsing": "validation.date",
    "date_from_datetime_parsing": "validation.date",
    "date_from_datetime_inexact": "validation.date",
    "datetime_type": "validation.date",
    "datetime_parsing": "validation.date",
    "datetime_from_date_parsing": "validation.date",
    "time_type": "validation.time",
    "time_parsing": "validation.time",
    "greater_than_equal": "validation.greater_equal",
    "greater_than": "validation.greater",
    "less_than_equal": "validation.less_equal",
    "less_than": "validation.less",
    "enum": "validation.choice",
    "literal_error": "validation.choice",
    "too_short": "validation.too_few",
    "too_long": "validation.too_many",
    "list_type": "validation.list",
    "tuple_type": "validation.list",
    "set_type": "validation.list",
    "frozen_set_type": "validation.list",
    "extra_forbidden": "validation.unknown_field",
    "url_type": "validation.url",
    "url_parsing": "validation.url",
    "url_scheme": "validation.url",
    "url_syntax_violation": "validation.url",
    "frozen_field": "validation.fixed",
    "frozen_instance": "validation.fixed",
}


def validation_reason(problem: ErrorDetails) -> str:
    """One refusal of a pydantic validation, in the user's language.

    Worded from the error's ``type`` and ``ctx`` (the limit, the choices);
    an error raised by Rinnalla's own validators (``value_error``,
    ``assertion_error``) carries a message already written for the user and
    is passed on. Any other type gets a general "not valid": English never
    reaches the user.
    """
    kind = problem["type"]
    context = dict(problem.get("ctx") or {})
    if kind in ("value_error", "assertion_error") and "error" in context:
        return str(context["error"])
    key = _KEYS.get(kind)
    if key is None:
        return tr("validation.invalid")
    if key == "validation.choice":
        context["expected"] = str(context.get("expected", "")).replace(
            " or ", f" {tr('validation.or')} "
        )
    try:
        return tr(key, **context)
    except (KeyError, IndexError):
        # A context without the number the text names: say it without.
        return tr("validation.invalid")


def field_of(problem: ErrorDetails) -> str:
    """The field a refusal is about, as dotted path (``""`` for the whole model)."""
    return ".".join(str(part) for part in problem["loc"])


def validation_reasons(error: ValidationError) -> dict[str, str]:
    """Every refusal in ``error`` worded in the user's language, by field path.

    Two refusals of one field are joined into one sentence pair.
    """
    reasons: dict[str, str] = {}
    for problem in error.errors(include_url=False, include_input=False):
        field = field_of(problem)
        reason = validation_reason(problem)
        reasons[field] = f"{reasons[field]} {reason}" if field in reasons else reason
    return reasons


def invalid_input_from(error: ValidationError) -> InvalidInput:
    """``error`` as the domain's refusal of typed input, each reason at its field.

    A form names its fields by the model's top-level field names, so a
    nested path is shown at its first part.
    """
    fields: dict[str, str] = {}
    for path, reason in validation_reasons(error).items():
        field = path.split(".", 1)[0]
        fields[field] = f"{fields[field]} {reason}" if field in fields else reason
    return InvalidInput(fields)
