"""Knowledge base (SUPPORT-1 tier 1, SUPPORT-10): seed articles, full-text search, staff edits.

PostgreSQL: the stored `search` tsvector of migration 0005 (russian or english configuration by the
article's language; title weight A, body B) under a GIN index, matched with websearch_to_tsquery
and ranked by ts_rank. SQLite: the FTS5 table `kb_articles_fts`, ranked by bm25 with the title weighted higher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from sellerdesk.access import Actor
from sellerdesk.domain.support_kb import ArticleSeed, fts5_query, parse_kb_markdown, search_text
from sellerdesk.errors import InvalidInput, NotFound
from sellerdesk.runtime import Runtime
from sellerdesk.store.tables.support import KbArticle

CONFIGS = {"ru": "russian", "en": "english"}
TITLE_WEIGHT = 10.0
MAX_QUERY = 400


@dataclass(frozen=True)
class Hit:
    article: KbArticle
    rank: float
    snippet: str


def _index(session: Session, article: KbArticle) -> None:
    """Keep the SQLite FTS5 row of an article in step with it (PostgreSQL indexes by itself)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    session.execute(text("DELETE FROM kb_articles_fts WHERE rowid = :id"), {"id": article.id})
    session.execute(
        text(
            "INSERT INTO kb_articles_fts (rowid, title, body, language) "
            "VALUES (:id, :title, :body, :language)"
        ),
        {
            "id": article.id,
            "title": search_text(article.title),
            "body": search_text(article.body),
            "language": article.language,
        },
    )


def _upsert(session: Session, seed: ArticleSeed, now: Any) -> bool:
    row = session.execute(
        select(KbArticle).where(KbArticle.slug == seed.slug, KbArticle.language == seed.language)
    ).scalar()
    if row is not None and (row.title, row.body, list(row.rules)) == (
        seed.title,
        seed.body,
        list(seed.rules),
    ):
        return False
    if row is None:
        row = KbArticle(slug=seed.slug, language=seed.language)
        session.add(row)
    row.title, row.body, row.rules, row.updated_at = seed.title, seed.body, list(seed.rules), now
    session.flush()
    _index(session, row)
    return True


def seed_articles() -> list[ArticleSeed]:
    """Every article of the packaged `kb/<family>.<lang>.md` files."""
    found: list[ArticleSeed] = []
    folder = resources.files("sellerdesk") / "kb"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        parts = entry.name.split(".")
        if len(parts) == 3 and parts[2] == "md" and parts[1] in CONFIGS:
            found.extend(parse_kb_markdown(entry.read_text(encoding="utf-8"), parts[1], parts[0]))
    return found


def load_kb(rt: Runtime) -> int:
    """Load (or refresh) the seed articles explaining the rulebook; returns how many changed."""
    with rt.uow() as uow:
        changed = sum(_upsert(uow.session, seed, uow.now) for seed in seed_articles())
        if changed:
            uow.record(
                subject_type="kb",
                subject_id="seed",
                action="kb_loaded",
                actor="system",
                rule="SUPPORT-1",
                payload={"changed": changed},
            )
        uow.commit()
    return changed


def save_article(
    rt: Runtime, actor: Actor, *, slug: str, language: str, title: str, body: str, rules: list[str]
) -> KbArticle:
    """Staff write or edit an article in a support language (SUPPORT-10)."""
    actor.require_staff("support_agent")
    if language not in rt.policy.support.languages or language not in CONFIGS:
        raise InvalidInput(
            f"articles are written in {', '.join(rt.policy.support.languages)}", rule="SUPPORT-10"
        )
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,119}", slug):
        raise InvalidInput("a slug is lower-case letters, digits and dashes")
    with rt.uow() as uow:
        _upsert(uow.session, ArticleSeed(slug, language, title, body, tuple(rules)), uow.now)
        row = uow.session.execute(
            select(KbArticle).where(KbArticle.slug == slug, KbArticle.language == language)
        ).scalar_one()
        uow.record(
            subject_type="kb",
            subject_id=f"{slug}:{language}",
            action="article_saved",
            actor=actor.label,
            rule="SUPPORT-1",
        )
        uow.commit()
        return row


def get_article(rt: Runtime, slug: str, language: str) -> KbArticle:
    with rt.reader() as uow:
        row = uow.session.execute(
            select(KbArticle).where(KbArticle.slug == slug, KbArticle.language == language)
        ).scalar()
    if row is None:
        raise NotFound(f"article {slug} ({language}) not found")
    return row


def _ranked_pg(session: Session, query: str, languages: list[str], limit: int) -> list[Any]:
    parts = []
    for lang in languages:
        tsq = f"websearch_to_tsquery('{CONFIGS[lang]}', :q)"
        parts.append(
            f"SELECT id, ts_rank(search, {tsq}) AS rank FROM kb_articles "
            f"WHERE search @@ {tsq} AND language = '{lang}'"
        )
    sql = " UNION ALL ".join(parts) + " ORDER BY rank DESC, id LIMIT :limit"
    return list(session.execute(text(sql), {"q": query, "limit": limit}).all())


def _ranked_sqlite(session: Session, query: str, languages: list[str], limit: int) -> list[Any]:
    match = fts5_query(query)
    if match is None:
        return []
    marks = ", ".join(f"'{lang}'" for lang in languages)
    sql = (
        f"SELECT rowid, -bm25(kb_articles_fts, {TITLE_WEIGHT}, 1.0) AS rank FROM kb_articles_fts "
        f"WHERE kb_articles_fts MATCH :m AND language IN ({marks}) ORDER BY rank DESC, rowid "
        "LIMIT :limit"
    )
    return list(session.execute(text(sql), {"m": match, "limit": limit}).all())


def snippet(body: str, query: str, width: int = 220) -> str:
    """The first passage of the body that holds a query word (by stem), else its opening."""
    stems = [s for s in search_text(query).split() if len(s) > 2]
    flat = " ".join(body.split())
    lowered = search_text(flat)
    for stem in stems:
        at = flat.lower().find(stem[: max(3, len(stem) - 1)])
        if at >= 0 or stem in lowered:
            start = max(0, at - 60) if at >= 0 else 0
            return ("…" if start else "") + flat[start : start + width].strip() + "…"
    return flat[:width].strip() + ("…" if len(flat) > width else "")


def search(rt: Runtime, query: str, *, language: str | None = None, limit: int = 10) -> list[Hit]:
    """Ranked articles matching `query` in any word form; seeds the KB on first use."""
    query = query.strip()
    if not query:
        raise InvalidInput("give something to search for")
    if len(query) > MAX_QUERY:
        raise InvalidInput(f"a search is at most {MAX_QUERY} characters")
    languages = [language] if language else [lang for lang in CONFIGS]
    if any(lang not in CONFIGS for lang in languages):
        raise InvalidInput("the knowledge base is in ru and en", rule="SUPPORT-10")
    limit = max(1, min(limit, 50))
    with rt.reader() as uow:
        empty = uow.session.execute(select(KbArticle.id).limit(1)).first() is None
    if empty:
        load_kb(rt)
    with rt.reader() as uow:
        session = uow.session
        if session.get_bind().dialect.name == "postgresql":
            ranked = _ranked_pg(session, query, languages, limit)
        else:
            ranked = _ranked_sqlite(session, query, languages, limit)
        ids = [row[0] for row in ranked]
        rows = {
            a.id: a
            for a in session.execute(select(KbArticle).where(KbArticle.id.in_(ids))).scalars()
        }
    return [Hit(rows[i], float(r), snippet(rows[i].body, query)) for i, r in ranked if i in rows]
