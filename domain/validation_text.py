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
from domain.i18n import N_, tr

# Pydantic's error types (pydantic_core's ErrorType) by the text that words them.
_KEYS: Mapping[str, str] = {
    "missing": N_("validation.missing"),
    "missing_argument": N_("validation.missing"),
    "missing_keyword_only_argument": N_("validation.missing"),
    "string_type": N_("validation.text"),
    "string_sub_type": N_("validation.text"),
    "string_unicode": N_("validation.text"),
    "string_too_short": N_("validation.text_too_short"),
    "string_too_long": N_("validation.text_too_long"),
    "string_pattern_mismatch": N_("validation.text_pattern"),
    "int_type": N_("validation.integer"),
    "int_parsing": N_("validation.integer"),
    "int_parsing_size": N_("validation.integer"),
    "int_from_float": N_("validation.integer"),
    "float_type": N_("validation.number"),
    "float_parsing": N_("validation.number"),
    "decimal_type": N_("validation.number"),
    "decimal_parsing": N_("validation.number"),
    "finite_number": N_("validation.number"),
    "bool_type": N_("validation.boolean"),
    "bool_parsing": N_("validation.boolean"),
    "date_type": N_("validation.date"),
    "date_parsing": N_("validation.date"),
    "date_from_datetime_parsing": N_("validation.date"),
    "date_from_datetime_inexact": N_("validation.date"),
    "datetime_type": N_("validation.date"),
    "datetime_parsing": N_("validation.date"),
    "datetime_from_date_parsing": N_("validation.date"),
    "time_type": N_("validation.time"),
    "time_parsing": N_("validation.time"),
    "greater_than_equal": N_("validation.greater_equal"),
    "greater_than": N_("validation.greater"),
    "less_than_equal": N_("validation.less_equal"),
    "less_than": N_("validation.less"),
    "enum": N_("validation.choice"),
    "literal_error": N_("validation.choice"),
    "too_short": N_("validation.too_few"),
    "too_long": N_("validation.too_many"),
    "list_type": N_("validation.list"),
    "tuple_type": N_("validation.list"),
    "set_type": N_("validation.list"),
    "frozen_set_type": N_("validation.list"),
    "extra_forbidden": N_("validation.unknown_field"),
    "url_type": N_("validation.url"),
    "url_parsing": N_("validation.url"),
    "url_scheme": N_("validation.url"),
    "url_syntax_violation": N_("validation.url"),
    "frozen_field": N_("validation.fixed"),
    "frozen_instance": N_("validation.fixed"),
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
    if key == N_("validation.choice"):
        context["expected"] = str(context.get("expected", "")).replace(
            " or ", " " + tr("validation.or") + " "
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
