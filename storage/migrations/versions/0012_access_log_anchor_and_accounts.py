"""access log: ids never reused on SQLite; account administration events

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06

After the newest events were deleted, SQLite handed their ids out again, so
the log could be cut and continued with nothing but a written-down head to
tell. The table is rebuilt with AUTOINCREMENT (SQLite cannot add it to an
existing table); the copy keeps every id, and SQLite's counter starts from the
largest. A PostgreSQL sequence never reuses a value, so there only the
columns change.

Account administration (adding, resetting, disabling, enabling an account and
changing its role) is logged in the same chain: such an event names the
account (``account_id``) and what changed (``detail``, a role) instead of a
client, so ``client_id`` becomes optional and exactly one of the two is set.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

ONE_SUBJECT = '(client_id IS NULL) <> (account_id IS NULL)'


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == 'sqlite'
    with op.batch_alter_table(
        'access_log',
        recreate='always' if sqlite else 'auto',
        table_kwargs={'sqlite_autoincrement': True},
    ) as batch_op:
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('detail', sa.String(length=60), nullable=True))
        batch_op.alter_column('client_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f('fk_access_log_account_id_staff'), 'staff', ['account_id'], ['id']
        )
        batch_op.create_check_constraint('one_subject', ONE_SUBJECT)


def downgrade() -> None:
    bind = op.get_bind()
    accounts = bind.execute(sa.text('SELECT COUNT(*) FROM access_log WHERE account_id IS NOT NULL'))
    if accounts.scalar_one():
        raise RuntimeError(
            'the access log has account events, which the older schema cannot hold; '
            'deleting them would break the chain'
        )
    with op.batch_alter_table('access_log', recreate='always' if bind.dialect.name == 'sqlite' else 'auto') as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_access_log_one_subject'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_access_log_account_id_staff'), type_='foreignkey')
        batch_op.alter_column('client_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('detail')
        batch_op.drop_column('account_id')
