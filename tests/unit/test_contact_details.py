"""How to reach a client: what a phone number is, and what each way of contacting needs."""

from __future__ import annotations

import pytest

from domain.contact_details import (
    ContactDetails,
    ContactDetailsInput,
    ContactLanguage,
    ContactWay,
    check_phone,
)
from domain.contacts_card import render_contacts_card
from domain.errors import InvalidInput
from domain.i18n import set_language
from domain.network import MemberInput, Professional, ProfessionalInput
from domain.sectors import Sector
from tests.unit.test_network import TODAY, network


def phone(value: str) -> tuple[str, str | None]:
    errors: dict[str, str] = {}
    cleaned = check_phone(value, errors)
    return cleaned, errors.get("phone")


@pytest.mark.parametrize(
    "value", ["040 123 4567", "+358 40 123 4567", "05-616 1000", "10023", "0401234567"]
)
def test_a_phone_number_is_digits_spaces_plus_and_dashes(value: str) -> None:
    assert phone(value) == (value, None)


def test_a_phone_number_is_cleaned_and_may_be_left_empty() -> None:
    assert phone("  040  123\t4567 ") == ("040 123 4567", None)
    assert phone("") == ("", None)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("040 123 456a", "Puhelinnumerossa voi olla vain numeroita, välilyöntejä, + ja -."),
        ("(040) 123 4567", "Puhelinnumerossa voi olla vain numeroita, välilyöntejä, + ja -."),
        ("040 + 123", "Plusmerkki voi olla vain numeron alussa (+358)."),
        ("1234", "Puhelinnumerossa on 5–15 numeroa."),
        ("+358 40 123 4567 8901", "Puhelinnumerossa on 5–15 numeroa."),
        ("0" * 31, "Puhelinnumero on liian pitkä: enintään 30 merkkiä."),
    ],
)
def test_what_is_not_a_phone_number_is_refused_at_the_field(value: str, message: str) -> None:
    assert phone(value)[1] == message


def details(**fields: object) -> ContactDetailsInput:
    return ContactDetailsInput(client_id=1, **fields)


def refused(entry: ContactDetailsInput) -> dict[str, str]:
    with pytest.raises(InvalidInput) as error:
        entry.checked()
    return error.value.fields


def test_every_detail_is_optional() -> None:
    assert details().checked() == details()


def test_calling_or_texting_needs_a_phone_number() -> None:
    for way in (ContactWay.PHONE, ContactWay.TEXT_MESSAGE):
        assert refused(details(contact_way=way)) == {
            "phone": "Soittoa ja tekstiviestiä varten tarvitaan puhelinnumero."
        }
        assert details(contact_way=way, phone="040 1234567").checked().contact_way is way


def test_a_letter_needs_an_address_and_a_visit_needs_nothing() -> None:
    assert refused(details(contact_way=ContactWay.LETTER)) == {
        "address": "Kirjettä varten tarvitaan osoite."
    }
    assert details(contact_way=ContactWay.IN_PERSON).checked().contact_way is ContactWay.IN_PERSON


def test_another_language_is_named_and_kept_only_with_other() -> None:
    assert refused(details(language=ContactLanguage.OTHER)) == {
        "language_other": "Kirjoita, mikä kieli."
    }
    named = details(language=ContactLanguage.OTHER, language_other=" arabia ").checked()
    assert named.language_other == "arabia"
    assert named.model_copy(update={"language": ContactLanguage.SV}).checked().language_other == ""


def test_an_interpreter_is_booked_in_a_named_language() -> None:
    assert refused(details(interpreter=True)) == {
        "interpreter_language": "Kirjoita tulkkauksen kieli."
    }
    assert details(interpreter=True, interpreter_language="dari").checked().interpreter
    # Unticked, a language typed earlier is not kept as if an interpreter were needed.
    assert details(interpreter_language="dari").checked().interpreter_language == ""


def test_every_mistake_shows_at_once() -> None:
    fields = refused(
        details(
            phone="abc",
            contact_way=ContactWay.LETTER,
            language=ContactLanguage.OTHER,
            interpreter=True,
            address="x" * 201,
        )
    )
    assert set(fields) == {"phone", "address", "language_other", "interpreter_language"}


def test_the_language_reads_as_a_word_or_as_typed() -> None:
    assert ContactDetails(client_id=1, language=ContactLanguage.SV).language_text() == "ruotsi"
    assert ContactDetails(client_id=1, language=ContactLanguage.SV).language_text("en") == "Swedish"
    other = ContactDetails(client_id=1, language=ContactLanguage.OTHER, language_other="somali")
    assert other.language_text() == "somali"


def test_a_phone_number_never_shows_in_a_log_line() -> None:
    stored = ContactDetails(client_id=4, phone="040 123 4567", address="Kotikatu 1")
    assert "040" not in repr(stored) and "Kotikatu" not in str(stored)
    assert "040" not in repr(details(phone="040 123 4567"))


# Close persons and the directory use the same rule ---------------------------------------


def test_a_close_person_has_a_checked_phone_and_a_professional_none_of_their_own() -> None:
    close = MemberInput(client_id=1, close_name="Laine Pirjo", relation="äiti", phone="abc")
    with pytest.raises(InvalidInput) as error:
        close.checked(None)
    assert error.value.fields == {
        "phone": "Puhelinnumerossa voi olla vain numeroita, välilyöntejä, + ja -."
    }
    assert close.model_copy(update={"phone": "040 765 4321"}).checked(None).phone == "040 765 4321"
    worker = Professional(id=1, name="A", title="", organisation="B", sector=Sector.SOCIAL)
    # A professional's number lives in the directory, not on each membership.
    assert MemberInput(client_id=1, professional_id=1, phone="040 1").checked(worker).phone == ""


def test_a_directory_entry_refuses_a_wrong_phone_or_e_mail_at_the_field() -> None:
    entry = ProfessionalInput(
        name="Talvi Timo", organisation="Kela", sector=Sector.KELA, phone="x", email="timo@kela"
    )
    with pytest.raises(InvalidInput) as error:
        entry.checked()
    assert error.value.fields == {
        "phone": "Puhelinnumerossa voi olla vain numeroita, välilyöntejä, + ja -.",
        "email": "Sähköpostiosoite on muotoa nimi@esimerkki.fi.",
    }
    fixed = entry.model_copy(update={"phone": "020 634 0200", "email": " timo.talvi@kela.fi "})
    assert fixed.checked().email == "timo.talvi@kela.fi"


# On the contacts card, in the client's language ------------------------------------------


def test_the_card_lists_the_clients_own_details_in_the_cards_language() -> None:
    contact = ContactDetails(
        client_id=1,
        phone="040 123 4567",
        contact_way=ContactWay.TEXT_MESSAGE,
        language=ContactLanguage.SV,
        interpreter=True,
        interpreter_language="arabia",
    )
    card = render_contacts_card(network((), None), TODAY, "sv", contact)
    assert "## Mina egna kontaktuppgifter" in card
    assert "Telefon: 040 123 4567" in card
    assert "Kontakt helst: Textmeddelande" in card
    assert "Språk: svenska" in card
    assert "Tolk: behövs (arabia)" in card
    set_language("en")
    # The worker's language does not change the card's.
    assert card == render_contacts_card(network((), None), TODAY, "sv", contact)


def test_the_card_has_no_own_details_section_when_none_are_stored() -> None:
    card = render_contacts_card(network((), None), TODAY, "fi", ContactDetails(client_id=1))
    assert "Omat yhteystietoni" not in card
    assert card == render_contacts_card(network((), None), TODAY, "fi")
