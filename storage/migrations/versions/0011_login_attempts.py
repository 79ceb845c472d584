"""wrong passphrases counted per name and source, in one statement

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06

The count of wrong passphrases lived on the staff row and was read, compared
and written back by separate statements, so log-ins running at the same time
all read the old count and every one of them got its guess checked. The new
table ``login_attempts`` holds the count per name and per source (where the
log-in comes from: the operating-system user and host of a terminal); a log-in
takes its attempt with one ``UPDATE … RETURNING`` before the passphrase is
checked. Names that are not accounts get a row too, so the waiting time does
not tell which names exist; the name is kept only as a digest. The old columns
``staff.failed_logins`` and ``staff.locked_until`` go: a waiting time that was
running when the database was upgraded ends with the upgrade.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_attempts',
        sa.Column('name_key', sa.String(length=64), nullable=False),
        sa.Column('source', sa.String(length=200), nullable=False),
        sa.Column('failures', sa.Integer(), server_default='0', nullable=False),
        sa.Column('locked_until', storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name_key', 'source', name=op.f('pk_login_attempts')),
    )
    op.create_index(
        op.f('ix_login_attempts_last_at'), 'login_attempts', ['last_at'], unique=False
    )
    # Plain ALTER TABLE … DROP COLUMN (SQLite 3.35 and newer, PostgreSQL): a batch
    # copy of the staff table would have to drop a table other tables refer to.
    op.execute('ALTER TABLE staff DROP COLUMN failed_logins')
    op.execute('ALTER TABLE staff DROP COLUMN locked_until')


def downgrade() -> None:
    with op.batch_alter_table('staff', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False)
        )
        batch_op.add_column(
            sa.Column('locked_until', storage.types.UTCDateTime(timezone=True), nullable=True)
        )
    op.drop_index(op.f('ix_login_attempts_last_at'), table_name='login_attempts')
    op.drop_table('login_attempts')
