"""Clients: registration, lookup and the name search."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from domain.clients import Client, NewClient
from domain.clock import Clock
from domain.errors import NotFound, Record
from domain.search import ClientQuery, CorrectedQuery

# Imported for its listeners: they index every client name written (for search).
from storage import name_index  # noqa: F401
from storage.converters import client_from_row, new_client_row
from storage.orm import ClientNameWordRow, ClientRow, NameTypoKeyRow, NameWordRow
from storage.versions import refused_if_stale, require_version

FEW_CLIENTS = 3000
"""A name search whose term is in the names of at most this many clients reads
just those clients (see ``SqlClientRepository._words_of_few_clients``)."""

FEW_CLIENTS_TRIGRAMS = 20_000
"""The same on PostgreSQL, where the trigram index finds them: reading and
sorting that many rows still beats reading the name index in order when they
sort late. Also the most client ids fetched for a word after a typo there."""

WORD_LOOKUP_MIN_LENGTH = 3
"""Terms this long are looked up among the name words first. One or two letters
are in most names: listing the words that hold them would cost more than it
saves, and the name index read in order finds enough of them at once."""


_Order = tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]
_BY_NAME: _Order = (ClientRow.name_key, ClientRow.id)
_FEW_BY_NAME: _Order = (ClientRow.name_key.concat(""), ClientRow.id)
"""The same order, for a search that reads only a rare term's few clients: sorted
by an expression rather than the column, so that no engine reads the whole name
index in order to skip all but those (PostgreSQL's planner did, expecting them
spread out; sorting a few thousand rows is quick)."""


def _holders_of(words: Sequence[str]) -> Select[int]:
    """The ids of the clients whose name has one of these words (an index lookup
    per word); a client with two of them is listed twice."""
    return select(ClientNameWordRow.client_id).where(ClientNameWordRow.word.in_(words))


def _has_one_of(words: Sequence[str]) -> ColumnElement[bool]:
    """The client's name has one of these words."""
    return ClientRow.id.in_(_holders_of(words))


def _like_escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlClientRepository:
    def __init__(self, session: Session, clock: Clock) -> None:
        self._session = session
        self._clock = clock
        # The engines need the name search put differently (see the searches).
        self._postgresql = session.get_bind().dialect.name == "postgresql"

    def get(self, client_id: int) -> Client:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            raise NotFound.of(Record.CLIENT)
        return client_from_row(row)

    def get_many(self, client_ids: Iterable[int]) -> dict[int, Client]:
        ids = list(client_ids)
        if not ids:
            return {}
        rows = self._session.scalars(select(ClientRow).where(ClientRow.id.in_(ids)))
        return {row.id: client_from_row(row) for row in rows}

    def set_highest_care_allowance(self, client_id: int, value: bool, seen_version: int) -> Client:
        row = self._session.get(ClientRow, client_id)
        if row is None:
            raise NotFound.of(Record.CLIENT)
        require_version(row.version, seen_version, Record.CLIENT)
        row.highest_care_allowance = value
        with refused_if_stale(Record.CLIENT):
            self._session.flush()
        return client_from_row(row)

    def add(self, new: NewClient) -> Client:
        row = new_client_row(new, self._clock.now())
        self._session.add(row)
        self._session.flush()
        return client_from_row(row)

    def by_hetu(self, hetu: str) -> Client | None:
        row = self._session.scalars(select(ClientRow).where(ClientRow.hetu == hetu)).first()
        return client_from_row(row) if row else None

    def born_in(self, year: int) -> list[Client]:
        rows = self._session.scalars(select(ClientRow).where(ClientRow.birth_year == year))
        return [client_from_row(row) for row in rows]

    def search(self, query: ClientQuery, limit: int) -> list[Client]:
        statement = select(ClientRow)
        order = _BY_NAME
        looked_up = [term for term in query.name_terms if len(term) >= WORD_LOOKUP_MIN_LENGTH]
        if looked_up:
            words = self._words_containing(looked_up)
            if not all(words.values()):
                return []  # no name has that term: nothing to read
            few = self._words_of_few_clients(words.values())
            if few is not None:
                order = _FEW_BY_NAME
                if not self._postgresql:
                    statement = statement.where(_has_one_of(few))
        return self._clients(statement, query.name_terms, query, order, limit)

    def _words_containing(self, terms: Sequence[str]) -> dict[str, list[str]]:
        """Per term, the indexed name words that contain it: a term has no
        spaces, so a name contains it exactly when one of its words
        (:func:`domain.search.name_words`) does.

        The distinct words are few (hundreds to tens of thousands) whatever
        the number of clients, so reading them all is quick.
        """
        statement = select(NameWordRow.word).where(
            or_(*(NameWordRow.word.like(f"%{_like_escape(term)}%", escape="\\") for term in terms))
        )
        found = list(self._session.scalars(statement))
        return {term: [word for word in found if term in word] for term in terms}

    def _words_of_few_clients(self, choices: Iterable[list[str]]) -> list[str] | None:
        """Of the terms' word sets, one that at most :data:`FEW_CLIENTS` clients'
        names have; None if every term is common.

        The search then reads just those clients and sorts them: SQLite by
        primary key, from the words' index; PostgreSQL from the trigram index,
        which finds them by the LIKE alone. Otherwise it reads the name index
        in order until it has found enough, which is quick for a common term;
        for a rarer one whose names sort late ("virt") it meant reading nearly
        every client, and PostgreSQL's planner could not tell the two apart.
        """
        bound = FEW_CLIENTS_TRIGRAMS if self._postgresql else FEW_CLIENTS
        for words in sorted(choices, key=len):
            if len(words) > FEW_CLIENTS // 10:
                break  # in that many different names the term is common anyway
            # Entries, not distinct clients: counting stops at the bound.
            bounded = _holders_of(words).limit(bound + 1).subquery()
            if (self._session.scalar(select(func.count()).select_from(bounded)) or 0) <= bound:
                return words
        return None

    def _clients_having(self, words: Sequence[str]) -> set[int] | None:
        """The ids of the clients whose name has one of ``words``, if at most
        :data:`FEW_CLIENTS_TRIGRAMS`; else None."""
        # Entries, not distinct clients: reading stops at the bound.
        statement = _holders_of(words).limit(FEW_CLIENTS_TRIGRAMS + 1)
        entries = list(self._session.scalars(statement))
        if len(entries) > FEW_CLIENTS_TRIGRAMS:
            return None
        return set(entries)

    def name_words_with_keys(self, keys: Collection[str]) -> set[str]:
        if not keys:
            return set()
        statement = select(NameTypoKeyRow.word).where(NameTypoKeyRow.key.in_(sorted(keys)))
        return set(self._session.scalars(statement.distinct()))

    def search_corrected(self, query: CorrectedQuery, limit: int) -> list[Client]:
        statement = select(ClientRow)
        order = _BY_NAME
        if self._postgresql:
            # Joined with the words, PostgreSQL preferred reading the whole
            # table; given the few clients' ids it reads them by primary key.
            # The exact fragments narrow the ids down too, by their words.
            few: set[int] | None = None
            looked_up = [f for f in query.fragments if len(f) >= WORD_LOOKUP_MIN_LENGTH]
            holding = self._words_containing(looked_up) if looked_up else {}
            for words in (*query.word_choices, *(tuple(w) for w in holding.values())):
                clients = self._clients_having(words)
                if clients is not None:
                    few = clients if few is None else few & clients
                elif words in query.word_choices:  # a fragment has its LIKE below
                    statement = statement.where(_has_one_of(words))
            if few is not None:
                statement = statement.where(ClientRow.id.in_(sorted(few)))
                order = _FEW_BY_NAME
        else:
            for words in query.word_choices:
                statement = statement.where(_has_one_of(words))
            order = _FEW_BY_NAME
        return self._clients(statement, query.fragments, query, order, limit)

    def _clients(
        self,
        statement: Select[ClientRow],
        fragments: Iterable[str],
        query: ClientQuery | CorrectedQuery,
        order: _Order,
        limit: int,
    ) -> list[Client]:
        """Both searches end alike: every fragment somewhere in the name, the hetu
        and the birth year when given, in name order, at most ``limit``."""
        for fragment in fragments:
            statement = statement.where(
                ClientRow.name_key.like(f"%{_like_escape(fragment)}%", escape="\\")
            )
        if query.hetu is not None:
            statement = statement.where(ClientRow.hetu == query.hetu)
        if query.birth_year is not None:
            statement = statement.where(ClientRow.birth_year == query.birth_year)
        statement = statement.order_by(*order).limit(limit)
        return [client_from_row(row) for row in self._session.scalars(statement)]
