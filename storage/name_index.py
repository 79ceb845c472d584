"""The search index of clients' names, kept in step with every name written.

Three tables (:class:`storage.orm.ClientNameWordRow`,
:class:`storage.orm.NameWordRow`, :class:`storage.orm.NameTypoKeyRow`) let a
search find the clients whose names contain a term through the few distinct
words that contain it, and a search with one typo find the words it could mean
by equality lookups, instead of reading every name. They are only as good as
they are current, so they are written here and nowhere else:

- a client added or renamed through the ORM (the repository's ``add``, or any
  later code that sets ``ClientRow.name_key``) is indexed by the mapper
  listeners below, in the same flush and transaction as the row itself;
- bulk inserts that bypass the ORM (the demo generator, migration 0010's
  back-fill) call :func:`index_client_names` themselves.

A word and its typo keys are added the first time any name has the word, and
are not removed when the last name with it changes: removing them would race with a
concurrent transaction adding a client with the same word, which would then go
unfound. A stale word costs one candidate word in a lookup that finds nobody
by it; a missing one would cost a client who cannot be found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, delete, event, insert, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapper

from domain.search import name_words, typo_keys
from storage.orm import ClientNameWordRow, ClientRow, NameTypoKeyRow, NameWordRow

_WORDS: Table = ClientNameWordRow.__table__  # type: ignore[assignment]
_DISTINCT: Table = NameWordRow.__table__  # type: ignore[assignment]
_KEYS: Table = NameTypoKeyRow.__table__  # type: ignore[assignment]


def index_client_names(connection: Connection, names: Iterable[tuple[int, str]]) -> None:
    """Index new clients' names: ``(client id, name_key)`` pairs, in bulk.

    The clients must not have indexed words yet (they are new); the words'
    keys may already be there, from other clients.
    """
    word_rows: list[dict[str, Any]] = []
    words: set[str] = set()
    for client_id, name_key in names:
        for word in name_words(name_key):
            word_rows.append({"word": word, "client_id": client_id})
            words.add(word)
    if not word_rows:
        return
    connection.execute(insert(_WORDS), word_rows)
    _insert_missing(connection, _DISTINCT, [{"word": word} for word in sorted(words)])
    key_rows = [{"key": key, "word": word} for word in sorted(words) for key in typo_keys(word)]
    if key_rows:
        _insert_missing(connection, _KEYS, key_rows)


def reindex_client_name(connection: Connection, client_id: int, name_key: str) -> None:
    """Replace one client's indexed words after a change of name."""
    connection.execute(delete(_WORDS).where(_WORDS.c.client_id == client_id))
    index_client_names(connection, [(client_id, name_key)])


def _insert_missing(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose primary key is not taken yet, concurrently safe.

    ``ON CONFLICT DO NOTHING`` rather than a look first: two transactions
    adding the same new word both succeed, whichever commits second.
    """
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    connection.execute(dialect.insert(table).on_conflict_do_nothing(), rows)


@event.listens_for(ClientRow, "after_insert")
def _index_added(_mapper: Mapper[ClientRow], connection: Connection, row: ClientRow) -> None:
    index_client_names(connection, [(row.id, row.name_key or "")])


@event.listens_for(ClientRow, "after_update")
def _index_renamed(_mapper: Mapper[ClientRow], connection: Connection, row: ClientRow) -> None:
    if inspect(row).attrs.name_key.history.has_changes():
        reindex_client_name(connection, row.id, row.name_key or "")
