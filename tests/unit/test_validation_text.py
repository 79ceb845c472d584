"""Pydantic's refusals reach the user in the user's language, never in pydantic's English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from domain.errors import InvalidInput
from domain.i18n import set_language
from domain.validation_text import invalid_input_from, validation_reason, validation_reasons


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    count: int = 0
    share: float = 0.0
    flag: bool = False
    day: dt.date | None = None
    name: str = Field(default="", max_length=5)
    code: str = Field(default="xx", min_length=2)
    size: int = Field(default=1, ge=1, le=10)
    colour: Colour = Colour.RED
    words: list[str] = []
    own: str = ""

    @field_validator("own")
    @classmethod
    def _own(cls, value: str) -> str:
        if value == "bad":
            raise ValueError("Oma viesti.")
        return value


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


def refusal(**values: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        Sample.model_validate(values)
    return info.value


@pytest.mark.parametrize(
    ("values", "finnish"),
    [
        ({"count": "kaksi"}, "Arvon pitää olla kokonaisluku, esim. 12."),
        ({"share": "puolet"}, "Arvon pitää olla luku, esim. 1,5."),
        ({"flag": "ehkä"}, "Arvon pitää olla kyllä tai ei (true / false)."),
        ({"day": "31.2.2026"}, "Päivämäärä ei kelpaa; muoto on p.k.vvvv."),
        ({"name": "Pitkä nimi"}, "Teksti on liian pitkä: enintään 5 merkkiä."),
        ({"code": "x"}, "Tekstin pitää olla vähintään 2 merkkiä."),
        ({"size": 0}, "Arvon pitää olla vähintään 1."),
        ({"size": 11}, "Arvon pitää olla enintään 10."),
        ({"colour": "green"}, "Arvon pitää olla jokin näistä: 'red' tai 'blue'."),
        ({"words": "yksi"}, "Arvon pitää olla luettelo."),
        ({"unknown": 1}, "Tätä tietoa ei tunneta."),
        ({"own": "bad"}, "Oma viesti."),
    ],
)
def test_each_reason_is_worded_in_finnish(values: dict[str, object], finnish: str) -> None:
    [(field, reason)] = validation_reasons(refusal(**values)).items()
    assert field == next(iter(values))
    assert reason == finnish


def test_english_when_the_ui_is_english() -> None:
    set_language("en")
    reasons = validation_reasons(refusal(count="x", name="Too long a name"))
    assert reasons == {
        "count": "The value must be a whole number, e.g. 12.",
        "name": "The text is too long: at most 5 characters.",
    }


def test_pydantic_english_and_the_value_never_reach_the_user() -> None:
    error = refusal(count="Virtanen Matti 010101-123N", name="Virtanen Matti")
    for reason in validation_reasons(error).values():
        assert "Input should" not in reason
        assert "Virtanen" not in reason


def test_an_unknown_error_type_gets_a_general_reason() -> None:
    problem = refusal(count="x").errors()[0]
    assert validation_reason({**problem, "type": "something_new", "ctx": {}}) == "Arvo ei kelpaa."


def test_invalid_input_puts_each_reason_at_its_field() -> None:
    refused = invalid_input_from(refusal(count="x", size=0))
    assert isinstance(refused, InvalidInput)
    assert refused.fields == {
        "count": "Arvon pitää olla kokonaisluku, esim. 12.",
        "size": "Arvon pitää olla vähintään 1.",
    }
    assert str(refused) == "Arvon pitää olla kokonaisluku, esim. 12.; Arvon pitää olla vähintään 1."


def test_a_nested_field_is_shown_at_its_top_level_field() -> None:
    class Outer(BaseModel):
        inner: Sample

    with pytest.raises(ValidationError) as info:
        Outer.model_validate({"inner": {"count": "x"}})
    assert validation_reasons(info.value) == {
        "inner.count": "Arvon pitää olla kokonaisluku, esim. 12."
    }
    assert invalid_input_from(info.value).fields == {
        "inner": "Arvon pitää olla kokonaisluku, esim. 12."
    }
