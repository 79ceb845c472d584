"""interview drafts remember the field the worker was in

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07

An interview reopened from the queue put the cursor at its first field,
wherever the worker had left off. The draft now keeps the field that had the
focus when it was last saved (``position``, the field's name on the screen,
such as ``note-housing``); reopening puts the cursor there. Drafts saved
before the upgrade have none and open at the first field, as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('position', sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('intake_drafts', schema=None) as batch_op:
        batch_op.drop_column('position')
