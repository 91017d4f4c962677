"""outbox mails know their author; audit reasons without e-mail addresses

Revision ID: 7c2f5d9e1a40
Revises: 7b1e2c9d4a60
Create Date: 2026-12-06 05:20:00

"""

import sqlalchemy as sa
from alembic import op

revision = "7c2f5d9e1a40"
down_revision = "7b1e2c9d4a60"
branch_labels = None
depends_on = None

audit = sa.table(
    "audit_entries",
    sa.column("action", sa.String),
    sa.column("subject_kind", sa.String),
    sa.column("reason", sa.Text),
)


def upgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_outbox_mails_author_id"), ["author_id"], unique=False)
    # Older invitations and joins wrote the address into the reason (issue 22, finding 2).
    company = audit.c.subject_kind == "company"
    op.execute(
        audit.update()
        .where(company, audit.c.action == "invite")
        .values(reason="Einladung verschickt")
    )
    op.execute(
        audit.update()
        .where(company, audit.c.action == "join")
        .values(reason="Über eine Einladung beigetreten")
    )


def downgrade():
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_mails_author_id"))
        batch_op.drop_column("author_id")
