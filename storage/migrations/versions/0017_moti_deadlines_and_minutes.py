"""MOTI: the client takes part, deadlines and referrers, undiscussed items' reasons

Revision ID: 0017
Revises: 0013
Create Date: 2026-12-07

Issue 19, item 3. A proposal says who referred the client to the team
(``referred_by``: sote, third sector, employment services, Kela, the client);
its statutory deadline already had a column. An item the meeting did not
discuss goes back to the backlog with a reason and a note, kept on the agenda
item (for that meeting's minutes) and on the proposal (for the backlog).
An agenda item keeps the client's own view (``client_view``).

An action can be owned by the client or a close person of theirs, not only
by a professional: ``owner_kind`` says which, ``owner_name`` names the close
person, and ``owner_id`` becomes optional. Existing actions are all owned by
professionals, which the server default says.

The client and close people at a meeting are ``meeting_participants``, apart
from the professionals' ``attendance``: they concern a client, so their rows
name the client.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

RETURN_REASONS = ('not_reached', 'person_absent', 'information_missing', 'client_wish', 'other')


def _return_reason() -> sa.Enum:
    return sa.Enum(
        *RETURN_REASONS, name='return_reason', native_enum=False, create_constraint=True, length=20
    )


def upgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'referred_by',
                sa.Enum(
                    'sote', 'third_sector', 'employment', 'kela', 'client',
                    name='referrer', native_enum=False, create_constraint=True, length=20,
                ),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column('return_reason', _return_reason(), nullable=True))
        batch_op.add_column(sa.Column('return_note', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_view', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('return_reason', _return_reason(), nullable=True))
        batch_op.add_column(sa.Column('return_note', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.alter_column('owner_id', existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(
            sa.Column(
                'owner_kind',
                sa.Enum(
                    'professional', 'client', 'close_person',
                    name='owner_kind', native_enum=False, create_constraint=True, length=20,
                ),
                nullable=False,
                server_default='professional',
            )
        )
        batch_op.add_column(
            sa.Column('owner_name', sa.String(length=200), nullable=False, server_default='')
        )
    op.create_table(
        'meeting_participants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('meeting_id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(
                'client', 'close_person',
                name='participant_kind', native_enum=False, create_constraint=True, length=20,
            ),
            nullable=False,
        ),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('present', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ['client_id'], ['clients.id'], name=op.f('fk_meeting_participants_client_id_clients')
        ),
        sa.ForeignKeyConstraint(
            ['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_participants_meeting_id_meetings')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_participants')),
    )
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_meeting_participants_client_id'), ['client_id'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_meeting_participants_meeting_id'), ['meeting_id'], unique=False
        )


def downgrade() -> None:
    bind = op.get_bind()
    others = bind.execute(sa.text("SELECT COUNT(*) FROM actions WHERE owner_id IS NULL"))
    if others.scalar_one():
        raise RuntimeError(
            'actions owned by a client or a close person have no professional owner, '
            'which the older schema requires'
        )
    with op.batch_alter_table('meeting_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_participants_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_participants_client_id'))
    op.drop_table('meeting_participants')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        # SQLite's batch copy keeps a CHECK constraint unless it is dropped first.
        batch_op.drop_constraint(batch_op.f('ck_actions_owner_kind'), type_='check')
        batch_op.drop_column('owner_name')
        batch_op.drop_column('owner_kind')
        batch_op.alter_column('owner_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_agenda_items_return_reason'), type_='check')
        batch_op.drop_column('return_note')
        batch_op.drop_column('return_reason')
        batch_op.drop_column('client_view')
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_proposals_return_reason'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_proposals_referrer'), type_='check')
        batch_op.drop_column('return_note')
        batch_op.drop_column('return_reason')
        batch_op.drop_column('referred_by')
