"""who saved the directory, network and catalogue rows, and when

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-25

When two workers edit the same professional, network member or service, the
second save is refused; the refusal names who saved first and when, so these
rows now record it. Both columns are empty on rows saved before this
revision: the refusal then says only that someone else saved first.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

TABLES = ('network_members', 'professionals', 'services')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('updated_by', sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_updated_by_staff'), 'staff', ['updated_by'], ['id'])


def downgrade() -> None:
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_updated_by_staff'), type_='foreignkey')
            batch_op.drop_column('updated_at')
            batch_op.drop_column('updated_by')
