"""chat: conversations, messages, blocked attempts, warnings, templates, vacations, FAQ

Revision ID: 0002_chat
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sellerdesk.store.tables.base as types

revision = "0002_chat"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "chat_cursors",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column(
            "last_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("updated_at", types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_chat_cursors")),
    )
    op.create_table(
        "chat_seller_states",
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "permissions",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "vacation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("listings_hidden", sa.Boolean(), nullable=False),
        sa.Column("warning_steps", sa.Integer(), nullable=False),
        sa.Column("confirmed_cases", sa.Integer(), nullable=False),
        sa.Column("updated_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_seller_states_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("seller_id", name=op.f("pk_chat_seller_states")),
    )
    op.create_table(
        "chat_templates",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("category", sa.String(length=30), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("review_expected_by", types.UTCDateTime(), nullable=True),
        sa.Column("reviewed_at", types.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=40), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_templates_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_templates")),
    )
    with op.batch_alter_table("chat_templates", schema=None) as batch_op:
        batch_op.create_index("ix_chat_templates_seller_id_id", ["seller_id", "id"], unique=False)
        batch_op.create_index("ix_chat_templates_status_id", ["status", "id"], unique=False)

    op.create_table(
        "chat_vacations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("starts_at", types.UTCDateTime(), nullable=False),
        sa.Column("ends_at", types.UTCDateTime(), nullable=False),
        sa.Column(
            "auto_reply",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_vacations_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_vacations")),
    )
    with op.batch_alter_table("chat_vacations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_vacations_ends_at_active",
            ["ends_at"],
            unique=False,
            postgresql_where=sa.text("status = 'active'"),
            sqlite_where=sa.text("status = 'active'"),
        )
        batch_op.create_index("ix_chat_vacations_seller_id_id", ["seller_id", "id"], unique=False)
        batch_op.create_index(
            "ix_chat_vacations_starts_at_scheduled",
            ["starts_at"],
            unique=False,
            postgresql_where=sa.text("status = 'scheduled'"),
            sqlite_where=sa.text("status = 'scheduled'"),
        )

    op.create_table(
        "chat_violations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "conversation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column(
            "facts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_violations_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_violations")),
    )
    with op.batch_alter_table("chat_violations", schema=None) as batch_op:
        batch_op.create_index("ix_chat_violations_seller_id_id", ["seller_id", "id"], unique=False)

    op.create_table(
        "product_faqs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column(
            "items",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_product_faqs_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_faqs")),
    )
    with op.batch_alter_table("product_faqs", schema=None) as batch_op:
        batch_op.create_index("uq_product_faqs_seller_id_sku", ["seller_id", "sku"], unique=True)

    op.create_table(
        "chat_conversations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("buyer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("sku", sa.String(length=64), nullable=True),
        sa.Column("buyer_alias", sa.String(length=40), nullable=False),
        sa.Column("opened_by", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("last_message_at", types.UTCDateTime(), nullable=True),
        sa.Column("last_buyer_message_at", types.UTCDateTime(), nullable=True),
        sa.Column("reply_from", types.UTCDateTime(), nullable=True),
        sa.Column("first_buyer_message_at", types.UTCDateTime(), nullable=True),
        sa.Column("respond_by", types.UTCDateTime(), nullable=True),
        sa.Column("first_response_at", types.UTCDateTime(), nullable=True),
        sa.Column("response_missed", sa.Boolean(), nullable=False),
        sa.Column("response_paused_seconds", sa.Integer(), nullable=True),
        sa.Column(
            "auto_replied_vacation_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("seller_unread", sa.Integer(), nullable=False),
        sa.Column("buyer_unread", sa.Integer(), nullable=False),
        sa.Column(
            "seller_read_upto", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "buyer_read_upto", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["buyers.id"], name=op.f("fk_chat_conversations_buyer_id_buyers")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_chat_conversations_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_conversations_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_conversations")),
    )
    with op.batch_alter_table("chat_conversations", schema=None) as batch_op:
        batch_op.create_index("ix_chat_conversations_buyer_id_id", ["buyer_id", "id"], unique=False)
        batch_op.create_index(
            "ix_chat_conversations_respond_by_open",
            ["respond_by"],
            unique=False,
            postgresql_where=sa.text("respond_by IS NOT NULL"),
            sqlite_where=sa.text("respond_by IS NOT NULL"),
        )
        batch_op.create_index(
            "ix_chat_conversations_seller_id_id", ["seller_id", "id"], unique=False
        )
        batch_op.create_index("uq_chat_conversations_key", ["key"], unique=True)

    op.create_table(
        "chat_review_invites",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("due_at", types.UTCDateTime(), nullable=False),
        sa.Column("sent_at", types.UTCDateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_chat_review_invites_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_review_invites")),
    )
    with op.batch_alter_table("chat_review_invites", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_review_invites_due_at_open",
            ["due_at"],
            unique=False,
            postgresql_where=sa.text("sent_at IS NULL"),
            sqlite_where=sa.text("sent_at IS NULL"),
        )
        batch_op.create_index("uq_chat_review_invites_order_id", ["order_id"], unique=True)

    op.create_table(
        "chat_blocked_attempts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "conversation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("source", sa.String(length=14), nullable=False),
        sa.Column(
            "template_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "violations",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("reviewed_at", types.UTCDateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=40), nullable=True),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["chat_conversations.id"],
            name=op.f("fk_chat_blocked_attempts_conversation_id_chat_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_blocked_attempts_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_blocked_attempts")),
    )
    with op.batch_alter_table("chat_blocked_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_blocked_attempts_seller_id_id", ["seller_id", "id"], unique=False
        )
        batch_op.create_index("ix_chat_blocked_attempts_status_id", ["status", "id"], unique=False)

    op.create_table(
        "chat_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "conversation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("author", sa.String(length=10), nullable=False),
        sa.Column("actor", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_for_seller", sa.Text(), nullable=False),
        sa.Column(
            "texts",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("notice_kind", sa.String(length=40), nullable=True),
        sa.Column("category", sa.String(length=30), nullable=True),
        sa.Column(
            "template_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "replaces_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "source_event_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "attachments",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["chat_conversations.id"],
            name=op.f("fk_chat_messages_conversation_id_chat_conversations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_messages")),
    )
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_messages_conversation_id_id", ["conversation_id", "id"], unique=False
        )
        batch_op.create_index(
            "ix_chat_messages_order_id_category", ["order_id", "category"], unique=False
        )

    op.create_table(
        "chat_promise_reports",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "conversation_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "message_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("buyer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("surcharge", types.MoneyAmount(), nullable=True),
        sa.Column("month", sa.String(length=7), nullable=True),
        sa.ForeignKeyConstraint(
            ["conversation_id"],
            ["chat_conversations.id"],
            name=op.f("fk_chat_promise_reports_conversation_id_chat_conversations"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["chat_messages.id"],
            name=op.f("fk_chat_promise_reports_message_id_chat_messages"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_promise_reports")),
    )
    with op.batch_alter_table("chat_promise_reports", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_promise_reports_seller_id_id", ["seller_id", "id"], unique=False
        )
        batch_op.create_index("ix_chat_promise_reports_status_id", ["status", "id"], unique=False)
        batch_op.create_index("uq_chat_promise_reports_message_id", ["message_id"], unique=True)

    op.create_table(
        "chat_warnings",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "attempt_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "categories",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("rule", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["chat_blocked_attempts.id"],
            name=op.f("fk_chat_warnings_attempt_id_chat_blocked_attempts"),
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_chat_warnings_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chat_warnings")),
    )
    with op.batch_alter_table("chat_warnings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_chat_warnings_seller_id_status", ["seller_id", "status"], unique=False
        )

    # The projector starts after the events that exist now: no notices for past shipments.
    op.execute(
        "INSERT INTO chat_cursors (name, last_event_id, updated_at) "
        "SELECT 'posting_notices', COALESCE(MAX(id), 0), CURRENT_TIMESTAMP FROM events"
    )


def downgrade() -> None:

    with op.batch_alter_table("chat_warnings", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_warnings_seller_id_status")

    op.drop_table("chat_warnings")
    with op.batch_alter_table("chat_promise_reports", schema=None) as batch_op:
        batch_op.drop_index("uq_chat_promise_reports_message_id")
        batch_op.drop_index("ix_chat_promise_reports_status_id")
        batch_op.drop_index("ix_chat_promise_reports_seller_id_id")

    op.drop_table("chat_promise_reports")
    with op.batch_alter_table("chat_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_messages_order_id_category")
        batch_op.drop_index("ix_chat_messages_conversation_id_id")

    op.drop_table("chat_messages")
    with op.batch_alter_table("chat_blocked_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_blocked_attempts_status_id")
        batch_op.drop_index("ix_chat_blocked_attempts_seller_id_id")

    op.drop_table("chat_blocked_attempts")
    with op.batch_alter_table("chat_review_invites", schema=None) as batch_op:
        batch_op.drop_index("uq_chat_review_invites_order_id")
        batch_op.drop_index(
            "ix_chat_review_invites_due_at_open",
            postgresql_where=sa.text("sent_at IS NULL"),
            sqlite_where=sa.text("sent_at IS NULL"),
        )

    op.drop_table("chat_review_invites")
    with op.batch_alter_table("chat_conversations", schema=None) as batch_op:
        batch_op.drop_index("uq_chat_conversations_key")
        batch_op.drop_index("ix_chat_conversations_seller_id_id")
        batch_op.drop_index(
            "ix_chat_conversations_respond_by_open",
            postgresql_where=sa.text("respond_by IS NOT NULL"),
            sqlite_where=sa.text("respond_by IS NOT NULL"),
        )
        batch_op.drop_index("ix_chat_conversations_buyer_id_id")

    op.drop_table("chat_conversations")
    with op.batch_alter_table("product_faqs", schema=None) as batch_op:
        batch_op.drop_index("uq_product_faqs_seller_id_sku")

    op.drop_table("product_faqs")
    with op.batch_alter_table("chat_violations", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_violations_seller_id_id")

    op.drop_table("chat_violations")
    with op.batch_alter_table("chat_vacations", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_chat_vacations_starts_at_scheduled",
            postgresql_where=sa.text("status = 'scheduled'"),
            sqlite_where=sa.text("status = 'scheduled'"),
        )
        batch_op.drop_index("ix_chat_vacations_seller_id_id")
        batch_op.drop_index(
            "ix_chat_vacations_ends_at_active",
            postgresql_where=sa.text("status = 'active'"),
            sqlite_where=sa.text("status = 'active'"),
        )

    op.drop_table("chat_vacations")
    with op.batch_alter_table("chat_templates", schema=None) as batch_op:
        batch_op.drop_index("ix_chat_templates_status_id")
        batch_op.drop_index("ix_chat_templates_seller_id_id")

    op.drop_table("chat_templates")
    op.drop_table("chat_seller_states")
    op.drop_table("chat_cursors")
