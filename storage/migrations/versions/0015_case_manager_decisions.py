"""case-manager decisions: naming reason, acknowledgement, end participants, joint client

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-07

Naming a case manager now requires a reason, kept with the assignment
(``start_reason``; empty for assignments made before). A worker named by a
colleague sees it on their own list until they acknowledge it
(``acknowledged_at``); assignments made before the upgrade count as seen, so
nobody's list fills with years-old namings. Ending case management records
who took part in the joint decision (``case_end_participants``: the client
and network members, by name as they were then). The worker's yhteisasiakas
(joint client) decision is stored with the criteria that held
(``joint_client_decisions``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('case_manager_assignments', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('start_reason', sa.String(length=200), server_default='', nullable=False)
        )
        batch_op.add_column(
            sa.Column(
                'acknowledged_at', storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
    # Namings made before acknowledgements existed are not news to anyone.
    op.execute('UPDATE case_manager_assignments SET acknowledged_at = started_at')

    op.create_table(
        'case_end_participants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assignment_id', sa.Integer(), nullable=False),
        sa.Column('is_client', sa.Boolean(), nullable=False),
        sa.Column('member_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ['assignment_id'],
            ['case_manager_assignments.id'],
            name=op.f('fk_case_end_participants_assignment_id_case_manager_assignments'),
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_case_end_participants')),
    )
    with op.batch_alter_table('case_end_participants', schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f('ix_case_end_participants_assignment_id'), ['assignment_id'], unique=False
        )

    op.create_table(
        'joint_client_decisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('client_id', sa.Integer(), nullable=False),
        sa.Column('joint', sa.Boolean(), nullable=False),
        sa.Column('criteria', sa.String(length=400), nullable=False),
        sa.Column('note', sa.String(length=200), nullable=False),
        sa.Column('decided_by', sa.Integer(), nullable=False),
        sa.Column('decided_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['client_id'], ['clients.id'], name=op.f('fk_joint_client_decisions_client_id_clients')
        ),
        sa.ForeignKeyConstraint(
            ['decided_by'], ['staff.id'], name=op.f('fk_joint_client_decisions_decided_by_staff')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_joint_client_decisions')),
    )
    with op.batch_alter_table('joint_client_decisions', schema=None) as batch_op:
        batch_op.create_index(
            'ix_joint_client_decisions_client', ['client_id', 'decided_at'], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table('joint_client_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_joint_client_decisions_client')
    op.drop_table('joint_client_decisions')
    with op.batch_alter_table('case_end_participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_end_participants_assignment_id'))
    op.drop_table('case_end_participants')
    with op.batch_alter_table('case_manager_assignments', schema=None) as batch_op:
        batch_op.drop_column('acknowledged_at')
        batch_op.drop_column('start_reason')
