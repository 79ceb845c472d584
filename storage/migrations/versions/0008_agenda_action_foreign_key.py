"""agenda items' follow-up action: the foreign key PostgreSQL never got

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24

``agenda_items.action_id`` and ``actions.item_id`` refer to each other, so
0004 marked the first key ``use_alter``; ``op.create_table`` leaves such a key
out and expects a separate ALTER, which never came. SQLite got the key when
0007 rebuilt the tables; PostgreSQL gets it here.
"""

from __future__ import annotations

from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

NAME = 'fk_agenda_items_action_id_actions'


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.create_foreign_key(NAME, 'agenda_items', 'actions', ['action_id'], ['id'])


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_constraint(NAME, 'agenda_items', type_='foreignkey')
