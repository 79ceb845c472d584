"""client contact details, callbacks, close persons' phones, the directory's edit history

Revision ID: 0016
Revises: 0013
Create Date: 2026-12-07

How to reach a client was nowhere but in an interview's free text: a callback
promised at the desk went to whatever number someone remembered. Clients get
their contact details (``client_contacts``: phone, the way they want to be
contacted, language, interpreter need, address; one row per client, made on
the first save), promised calls become tasks on a worker's list
(``callbacks``), a close person in the network gets a phone number
(``network_members.phone``, empty for the rows already there), and edits of the
shared professional directory leave a history of who changed which fields
(``professional_edits``). Nothing existing is rewritten.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('client_contacts',
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('contact_way', sa.Enum('phone', 'text_message', 'letter', 'in_person', name='contact_way', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('language', sa.Enum('fi', 'sv', 'en', 'other', name='contact_language', native_enum=False, create_constraint=True, length=20), nullable=True),
    sa.Column('language_other', sa.String(length=60), nullable=False),
    sa.Column('interpreter', sa.Boolean(), nullable=False),
    sa.Column('interpreter_language', sa.String(length=60), nullable=False),
    sa.Column('address', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_contacts_client_id_clients')),
    sa.ForeignKeyConstraint(['updated_by'], ['staff.id'], name=op.f('fk_client_contacts_updated_by_staff')),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_client_contacts'))
    )
    op.create_table('callbacks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('caller_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('due_time', sa.Time(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('done_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('done_by', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_callbacks_client_id_clients')),
    sa.ForeignKeyConstraint(['caller_id'], ['staff.id'], name=op.f('fk_callbacks_caller_id_staff')),
    sa.ForeignKeyConstraint(['created_by'], ['staff.id'], name=op.f('fk_callbacks_created_by_staff')),
    sa.ForeignKeyConstraint(['done_by'], ['staff.id'], name=op.f('fk_callbacks_done_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_callbacks'))
    )
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_callbacks_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_callbacks_caller_id'), ['caller_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_callbacks_created_by'), ['created_by'], unique=False)
    op.create_table('professional_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('professional_id', sa.Integer(), nullable=False),
    sa.Column('at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('by', sa.Integer(), nullable=False),
    sa.Column('fields', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['professional_id'], ['professionals.id'], name=op.f('fk_professional_edits_professional_id_professionals')),
    sa.ForeignKeyConstraint(['by'], ['staff.id'], name=op.f('fk_professional_edits_by_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_professional_edits'))
    )
    with op.batch_alter_table('professional_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_professional_edits_professional_id'), ['professional_id'], unique=False)
    with op.batch_alter_table('network_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('phone', sa.String(length=40), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('network_members', schema=None) as batch_op:
        batch_op.drop_column('phone')
    with op.batch_alter_table('professional_edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_professional_edits_professional_id'))
    op.drop_table('professional_edits')
    with op.batch_alter_table('callbacks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_callbacks_created_by'))
        batch_op.drop_index(batch_op.f('ix_callbacks_caller_id'))
        batch_op.drop_index(batch_op.f('ix_callbacks_client_id'))
    op.drop_table('callbacks')
    op.drop_table('client_contacts')
