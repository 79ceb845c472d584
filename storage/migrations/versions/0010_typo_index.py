"""typo index of client names; trigram index of names on PostgreSQL

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24

A search with one typo in a name looked for halves of the term in every name,
which at 100 000 clients was slow and, with its cap on candidates, missed
clients. Three tables now answer it by equality lookups: ``client_name_words``
(each client's name words), ``name_words`` (the distinct words, which also
tell the exact search quickly that no name contains a term) and
``name_typo_keys`` (each distinct word under its typo keys,
``domain.search.typo_keys``). All are filled here from the names already
stored.

On PostgreSQL, ``clients.name_key`` also gets a trigram (pg_trgm) GIN index,
so that ``LIKE '%fragment%'`` reads the index instead of the table. pg_trgm is
a trusted extension since PostgreSQL 13, so the database's owner may create
it; where it cannot be created (not installed, or too few rights), the index
is left out with a warning and the search still works, reading the table.
An administrator can add it later with the same statements as below:
``CREATE EXTENSION pg_trgm; CREATE INDEX ix_clients_name_key_trgm ON clients
USING gin (name_key gin_trgm_ops)``.
"""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.exc import DBAPIError

from domain.search import name_words, typo_keys

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BATCH = 5000
TRIGRAM_INDEX = 'ix_clients_name_key_trgm'

log = logging.getLogger(__name__)


def upgrade() -> None:
    words = op.create_table(
        'client_name_words',
        sa.Column('word', sa.String(length=120), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_name_words_client_id_clients')),
        sa.PrimaryKeyConstraint('word', 'client_id', name=op.f('pk_client_name_words')),
    )
    op.create_index(op.f('ix_client_name_words_client_id'), 'client_name_words', ['client_id'], unique=False)
    distinct = op.create_table(
        'name_words',
        sa.Column('word', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('word', name=op.f('pk_name_words')),
    )
    keys = op.create_table(
        'name_typo_keys',
        sa.Column('key', sa.String(length=20), nullable=False),
        sa.Column('word', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('key', 'word', name=op.f('pk_name_typo_keys')),
    )
    _fill(words, distinct, keys)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql' and _trigrams_available(bind):
        op.create_index(
            TRIGRAM_INDEX,
            'clients',
            ['name_key'],
            unique=False,
            postgresql_using='gin',
            postgresql_ops={'name_key': 'gin_trgm_ops'},
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(f'DROP INDEX IF EXISTS {TRIGRAM_INDEX}')
    op.drop_table('name_typo_keys')
    op.drop_table('name_words')
    op.drop_index(op.f('ix_client_name_words_client_id'), table_name='client_name_words')
    op.drop_table('client_name_words')


def _fill(words: sa.Table, distinct: sa.Table, keys: sa.Table) -> None:
    """Index the names already stored, as storage.name_index does for new ones."""
    bind = op.get_bind()
    clients = sa.table('clients', sa.column('id', sa.Integer), sa.column('name_key', sa.String))
    seen: set[str] = set()
    pending: list[dict[str, Any]] = []
    rows = bind.execute(sa.select(clients.c.id, clients.c.name_key).order_by(clients.c.id))
    for client_id, name_key in rows.all():
        for word in sorted(name_words(name_key or '')):
            pending.append({'word': word, 'client_id': client_id})
            seen.add(word)
        if len(pending) >= BATCH:
            bind.execute(words.insert(), pending)
            pending = []
    if pending:
        bind.execute(words.insert(), pending)
    word_rows = [{'word': word} for word in sorted(seen)]
    for start in range(0, len(word_rows), BATCH):
        bind.execute(distinct.insert(), word_rows[start : start + BATCH])
    key_rows = [{'key': key, 'word': word} for word in sorted(seen) for key in sorted(typo_keys(word))]
    for start in range(0, len(key_rows), BATCH):
        bind.execute(keys.insert(), key_rows[start : start + BATCH])


def _trigrams_available(bind: sa.Connection) -> bool:
    """Create pg_trgm if it is not there yet; False (and a warning) if it cannot be."""
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql('CREATE EXTENSION IF NOT EXISTS pg_trgm')
    except DBAPIError as error:
        savepoint.rollback()
        log.warning('pg_trgm is not available (%s): name search reads the clients table', error.orig)
        return False
    savepoint.commit()
    return True
