"""Finnish name forms: the inflected name is found, other words are left alone."""

from __future__ import annotations

import pytest

from domain.name_forms import name_pattern

FORMS = {
    "Hämäläinen": "Hämäläisen Hämäläiselle Hämäläistä Hämäläiseen Hämäläisenä Hämäläiset "
    "Hämäläisten Hämäläisiä Hämäläisille Hämäläiseltäkään HÄMÄLÄISEN hämäläinen",
    "Eeva": "Eevan Eevalle Eevaa Eevasta Eevaan Eevana Eevaksi Eevankin Eevalla Eevansa",
    "Pekka": "Pekan Pekkaa Pekalle Pekkaan Pekasta Pekallekin",
    "Virta": "Virran Virtaa Virralle Virrasta",
    "Lahti": "Lahden Lahtea Lahdessa Lahteen",
    "Mäki": "Mäen Mäkeä Mäkeen Mäellä Mäeltä Mäkikin",
    "Niemi": "Niemen Niemeä Niemelle",
    "Tuomas": "Tuomaksen Tuomasta Tuomakselle Tuomaksella",
    "Laine": "Laineen Lainetta Laineelle",
    "Matti": "Matin Mattia Matille Matilta",
    "Mikael": "Mikaelin Mikaelia Mikaelille",
    "Ranta": "Rannan Rantaa Rannalle",
    "Satu": "Sadun Satua Sadulle",
}


@pytest.mark.parametrize(("name", "forms"), FORMS.items())
def test_every_common_form_of_the_name_is_found(name: str, forms: str) -> None:
    pattern = name_pattern(name)
    assert [form for form in forms.split() if not pattern.fullmatch(form)] == []


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Liisa", "Liisankatu"),
        ("Matti", "Mattila"),
        ("Anne", "annetaan"),
        ("Eeva", "Eevakatu"),
        ("Aho", "ahomansikka"),
        ("Hämäläinen", "Hämäläisentie"),
    ],
)
def test_a_longer_word_that_only_begins_like_the_name_is_kept(name: str, word: str) -> None:
    assert name_pattern(name).fullmatch(word) is None


def test_the_name_is_found_inside_text_between_word_boundaries() -> None:
    text = "Soitettu Hämäläiselle, Eevan-asia ja Liisankatu"
    assert name_pattern("Hämäläinen").sub("H.", text) == "Soitettu H., Eevan-asia ja Liisankatu"
    assert name_pattern("Eeva").sub("E.", text) == "Soitettu Hämäläiselle, E.-asia ja Liisankatu"
