"""Storage names the kind of record a refusal is about; the domain words it."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.errors import NotFound, Record, StaleVersion
from domain.i18n import tr


@pytest.mark.parametrize("record", list(Record))
def test_every_kind_of_record_has_words_for_missing_and_for_saved_first(record: Record) -> None:
    assert NotFound.of(record).message
    assert StaleVersion.of(record).message


def test_a_missing_client_reads_as_the_catalogue_says() -> None:
    assert NotFound.of(Record.CLIENT).message == tr("storage.client_missing")


def test_a_record_saved_first_by_a_colleague_names_them_and_when() -> None:
    at = dt.datetime(2026, 3, 2, 8, 15, tzinfo=dt.UTC)
    refused = StaleVersion.of(Record.SERVICE, saved_by="Leena", saved_at=at)
    assert (refused.saved_by, refused.saved_at) == ("Leena", at)
    assert "Leena" in refused.message


def test_a_record_saved_first_by_nobody_known_says_what_to_reload() -> None:
    assert StaleVersion.of(Record.SERVICE).message == tr("storage.service_stale")
