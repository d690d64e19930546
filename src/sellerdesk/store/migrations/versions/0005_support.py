"""support desk, payouts and reviews: SUPPORT-1..10, PAYOUT-1..2, REVIEW-1

Knowledge-base full-text search is per dialect: on PostgreSQL a stored generated tsvector column
`kb_articles.search` built with the russian or english configuration of the article's language
(title weighted A, body B) under a GIN index, queried with websearch_to_tsquery and ranked by
ts_rank over the stored vector; on
SQLite an FTS5 table whose Russian words are stemmed by the service (snowballstemmer) and whose
English words are stemmed by FTS5's porter tokenizer.

Revision ID: 0005_support
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

import sellerdesk.store.tables.base as types

revision = "0005_support"
down_revision = "0001_core"
branch_labels = None
depends_on = None

KB_VECTOR = "setweight(to_tsvector('{c}', title), 'A') || setweight(to_tsvector('{c}', body), 'B')"
KB_SEARCH = (
    "CASE WHEN language = 'ru' THEN "
    + KB_VECTOR.format(c="russian")
    + " ELSE "
    + KB_VECTOR.format(c="english")
    + " END"
)


def upgrade() -> None:
    op.create_table(
        "canned_answers",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=True),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_answers")),
    )
    op.create_table(
        "kb_articles",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "rules",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("updated_at", types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_articles")),
        sa.UniqueConstraint("slug", "language", name=op.f("uq_kb_articles_slug_language")),
    )
    op.create_table(
        "support_incidents",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("declared_at", types.UTCDateTime(), nullable=False),
        sa.Column("declared_by", sa.String(length=40), nullable=False),
        sa.Column("closed_at", types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_incidents")),
    )
    op.create_index(
        "ix_support_incidents_status_id", "support_incidents", ["status", "id"], unique=False
    )
    op.create_table(
        "ticket_counters",
        sa.Column("day", sa.String(length=8), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_ticket_counters")),
    )
    op.create_table(
        "account_managers",
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("staff_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("assigned_at", types.UTCDateTime(), nullable=False),
        sa.Column("assigned_by", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_account_managers_seller_id_sellers")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_account_managers_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("seller_id", name=op.f("pk_account_managers")),
    )
    op.create_table(
        "payout_accounts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("bank_name", sa.String(length=200), nullable=False),
        sa.Column("bik", sa.String(length=9), nullable=False),
        sa.Column("account_number", sa.String(length=20), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("is_change", sa.Boolean(), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("retired_at", types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_payout_accounts_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_accounts")),
    )
    op.create_index(
        "ix_payout_accounts_seller_id_id", "payout_accounts", ["seller_id", "id"], unique=False
    )
    op.create_table(
        "seller_balances",
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("withdrawals", sa.Integer(), nullable=False),
        sa.Column("updated_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_seller_balances_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("seller_id", name=op.f("pk_seller_balances")),
    )
    op.create_table(
        "tickets",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column(
            "fields",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "attachments",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("cross_border", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column(
            "missing",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "queued_behind_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("dup_key", sa.String(length=200), nullable=False),
        sa.Column(
            "incident_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "assignee_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("vip", sa.Boolean(), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("opened_at", types.UTCDateTime(), nullable=True),
        sa.Column("ack_by", types.UTCDateTime(), nullable=True),
        sa.Column("acknowledged_at", types.UTCDateTime(), nullable=True),
        sa.Column("ack_breached_at", types.UTCDateTime(), nullable=True),
        sa.Column("clock", sa.String(length=10), nullable=False),
        sa.Column("resolve_by", types.UTCDateTime(), nullable=True),
        sa.Column("remaining_seconds", sa.Integer(), nullable=True),
        sa.Column("paused_at", types.UTCDateTime(), nullable=True),
        sa.Column("resolve_breached_at", types.UTCDateTime(), nullable=True),
        sa.Column("follow_ups", sa.Integer(), nullable=False),
        sa.Column("followed_up_at", types.UTCDateTime(), nullable=True),
        sa.Column("resolved_at", types.UTCDateTime(), nullable=True),
        sa.Column("closed_at", types.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_id"], ["staff.id"], name=op.f("fk_tickets_assignee_id_staff")
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["support_incidents.id"],
            name=op.f("fk_tickets_incident_id_support_incidents"),
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_tickets_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tickets")),
        sa.UniqueConstraint("number", name=op.f("uq_tickets_number")),
    )
    op.create_index(
        "ix_tickets_ack_by_pending",
        "tickets",
        ["ack_by"],
        unique=False,
        postgresql_where=sa.text(
            "status IN ('open', 'on_hold') AND acknowledged_at IS NULL AND ack_breached_at IS NULL"
        ),
        sqlite_where=sa.text(
            "status IN ('open', 'on_hold') AND acknowledged_at IS NULL AND ack_breached_at IS NULL"
        ),
    )
    op.create_index(
        "ix_tickets_category_status", "tickets", ["category", "status", "id"], unique=False
    )
    op.create_index("ix_tickets_incident_id", "tickets", ["incident_id"], unique=False)
    op.create_index(
        "ix_tickets_seller_id_dup_key", "tickets", ["seller_id", "dup_key"], unique=False
    )
    op.create_index(
        "ix_tickets_resolve_by_running",
        "tickets",
        ["resolve_by"],
        unique=False,
        postgresql_where=sa.text("status IN ('open', 'on_hold') AND resolve_breached_at IS NULL"),
        sqlite_where=sa.text("status IN ('open', 'on_hold') AND resolve_breached_at IS NULL"),
    )
    op.create_index("ix_tickets_seller_id_id", "tickets", ["seller_id", "id"], unique=False)
    op.create_table(
        "vip_grants",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column(
            "basis",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("requested_at", types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_vip_grants_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vip_grants")),
    )
    op.create_index("ix_vip_grants_seller_id_id", "vip_grants", ["seller_id", "id"], unique=False)
    op.create_table(
        "kyc_items",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=True),
        sa.Column("file_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("submitted_at", types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["file_id"], ["files.id"], name=op.f("fk_kyc_items_file_id_files")),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_kyc_items_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kyc_items")),
        sa.UniqueConstraint("seller_id", "kind", name=op.f("uq_kyc_items_seller_id_kind")),
    )
    op.create_table(
        "payout_reviews",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column(
            "holds",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "statements",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "letter_file_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("decide_by", types.UTCDateTime(), nullable=False),
        sa.Column("overdue_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column(
            "lifted_reasons",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("lifted_until", types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["letter_file_id"], ["files.id"], name=op.f("fk_payout_reviews_letter_file_id_files")
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_payout_reviews_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payout_reviews")),
    )
    op.create_index(
        "ix_payout_reviews_decide_by_pending",
        "payout_reviews",
        ["decide_by"],
        unique=False,
        postgresql_where=sa.text("status = 'pending' AND overdue_at IS NULL"),
        sqlite_where=sa.text("status = 'pending' AND overdue_at IS NULL"),
    )
    op.create_index(
        "ix_payout_reviews_seller_id_id", "payout_reviews", ["seller_id", "id"], unique=False
    )
    op.create_index("ix_payout_reviews_status_id", "payout_reviews", ["status", "id"], unique=False)
    op.create_table(
        "reviews",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("buyer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("removed_at", types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["buyer_id"], ["buyers.id"], name=op.f("fk_reviews_buyer_id_buyers")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_reviews_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_reviews_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("order_id", name=op.f("uq_reviews_order_id")),
    )
    op.create_index("ix_reviews_seller_id_id", "reviews", ["seller_id", "id"], unique=False)
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "ticket_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("author", sa.String(length=40), nullable=False),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column(
            "canned_answer_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column(
            "attachments",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_messages_ticket_id_tickets")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_messages")),
    )
    op.create_index(
        "ix_ticket_messages_ticket_id_id", "ticket_messages", ["ticket_id", "id"], unique=False
    )
    op.create_table(
        "review_appeals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "review_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column(
            "evidence",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("created_at", types.UTCDateTime(), nullable=False),
        sa.Column("expected_from", types.UTCDateTime(), nullable=False),
        sa.Column("decide_by", types.UTCDateTime(), nullable=False),
        sa.Column("overdue_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_at", types.UTCDateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_appeals_review_id_reviews")
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_review_appeals_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_appeals")),
        sa.UniqueConstraint("review_id", name=op.f("uq_review_appeals_review_id")),
    )
    op.create_index(
        "ix_review_appeals_decide_by_pending",
        "review_appeals",
        ["decide_by"],
        unique=False,
        postgresql_where=sa.text("status = 'pending' AND overdue_at IS NULL"),
        sqlite_where=sa.text("status = 'pending' AND overdue_at IS NULL"),
    )
    op.create_index(
        "ix_review_appeals_seller_id_id", "review_appeals", ["seller_id", "id"], unique=False
    )
    op.create_index("ix_review_appeals_status_id", "review_appeals", ["status", "id"], unique=False)
    op.create_table(
        "withdrawals",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "seller_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "account_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("amount", types.MoneyAmount(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("local_day", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column(
            "ledger_entry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("requested_at", types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["payout_accounts.id"],
            name=op.f("fk_withdrawals_account_id_payout_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_withdrawals_ledger_entry_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["seller_id"], ["sellers.id"], name=op.f("fk_withdrawals_seller_id_sellers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawals")),
    )
    op.create_index(
        "ix_withdrawals_seller_id_local_day",
        "withdrawals",
        ["seller_id", "local_day"],
        unique=False,
    )

    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            f"ALTER TABLE kb_articles ADD COLUMN search tsvector GENERATED ALWAYS AS ({KB_SEARCH}) STORED"
        )
        op.execute("CREATE INDEX ix_kb_articles_search ON kb_articles USING GIN (search)")
    else:
        op.execute(
            "CREATE VIRTUAL TABLE kb_articles_fts USING fts5("
            "title, body, language UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_kb_articles_search")
    else:
        op.execute("DROP TABLE IF EXISTS kb_articles_fts")
    op.drop_table("withdrawals")
    op.drop_table("review_appeals")
    op.drop_table("ticket_messages")
    op.drop_table("reviews")
    op.drop_table("payout_reviews")
    op.drop_table("kyc_items")
    op.drop_table("vip_grants")
    op.drop_table("tickets")
    op.drop_table("seller_balances")
    op.drop_table("payout_accounts")
    op.drop_table("account_managers")
    op.drop_table("ticket_counters")
    op.drop_table("support_incidents")
    op.drop_table("kb_articles")
    op.drop_table("canned_answers")
