"""The reports screen's indicator table is not cut in any language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from domain.i18n import LANGUAGES, set_language
from domain.indicators import INDICATORS
from tui.screens.reports import COLUMN_WIDTHS, column_labels


@pytest.fixture(autouse=True)
def _finnish_afterwards() -> Iterator[None]:
    yield
    set_language("fi")


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_header_and_indicator_name_fits_its_column(language: str) -> None:
    """A cut header ("Föregåend") or name ("… vid avslutn") leaves a figure unexplained."""
    set_language(language)
    cut = [label for label, width in column_labels().values() if len(label) > width]
    cut += [item.name for item in INDICATORS if len(item.name) > COLUMN_WIDTHS["name"]]
    units = [item.unit.label for item in INDICATORS]
    cut += [unit for unit in units if len(unit) > COLUMN_WIDTHS["unit"]]
    assert cut == []
