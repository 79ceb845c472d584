"""queue moves kept for undo; a called visitor who did not come keeps their place

Revision ID: 0018
Revises: 0013
Create Date: 2026-12-07

A reception worker who pressed the wrong key (called, finished or marked
"left" the wrong visitor) could not take it back, and a visitor called who did
not come could only be marked "left". Each move the queue's keys make is now
kept in ``visit_moves`` with the visit's fields before it, so that the worker's
own last move can be undone for a few minutes; ``visits.absent_at`` says when a
visitor was called and did not come, put back in the queue at their place.
Visits stored before the upgrade have no moves: nothing of theirs can be
undone, as nothing older than a few minutes could be anyway.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from storage.types import UTCDateTime

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

_STATES = ('waiting', 'in_service', 'done', 'left')


def _state(column: str) -> sa.Column[str]:
    return sa.Column(
        column,
        sa.Enum(*_STATES, name=column, native_enum=False, create_constraint=True, length=20),
        nullable=False,
    )


def upgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('absent_at', UTCDateTime(timezone=True), nullable=True))
    op.create_table(
        'visit_moves',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('visit_id', sa.Integer(), nullable=False),
        sa.Column('location_id', sa.Integer(), nullable=False),
        sa.Column(
            'kind',
            sa.Enum(
                'called', 'finished', 'left', 'put_back',
                name='move_kind', native_enum=False, create_constraint=True, length=20,
            ),
            nullable=False,
        ),
        sa.Column('moved_by', sa.Integer(), nullable=False),
        sa.Column('moved_at', UTCDateTime(timezone=True), nullable=False),
        _state('to_state'),
        _state('before_state'),
        sa.Column('before_called_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('before_called_by', sa.Integer(), nullable=True),
        sa.Column('before_ended_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('before_ended_by', sa.Integer(), nullable=True),
        sa.Column('before_absent_at', UTCDateTime(timezone=True), nullable=True),
        sa.Column('undone_at', UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['visit_id'], ['visits.id']),
        sa.ForeignKeyConstraint(['location_id'], ['locations.id']),
        sa.ForeignKeyConstraint(['moved_by'], ['staff.id']),
        sa.ForeignKeyConstraint(['before_called_by'], ['staff.id']),
        sa.ForeignKeyConstraint(['before_ended_by'], ['staff.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('visit_moves', schema=None) as batch_op:
        batch_op.create_index(
            'ix_visit_moves_by_location', ['moved_by', 'location_id', 'moved_at'], unique=False
        )
        batch_op.create_index('ix_visit_moves_visit', ['visit_id', 'moved_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('visit_moves', schema=None) as batch_op:
        batch_op.drop_index('ix_visit_moves_visit')
        batch_op.drop_index('ix_visit_moves_by_location')
    op.drop_table('visit_moves')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_column('absent_at')
