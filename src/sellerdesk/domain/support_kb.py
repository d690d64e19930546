"""Knowledge base (SUPPORT-1 tier 1): seed articles from markdown, and search text that matches
word forms on SQLite the way PostgreSQL's russian/english configurations do.

On SQLite, FTS5's porter tokenizer stems English; Russian words are reduced to their Snowball stem
here (snowballstemmer), for the indexed text and the query alike, so "выплаты" finds "выплату".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"\w+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_RULE_ID = re.compile(r"\b(?:[A-Z]+-\d+|K-\d+)\b")
_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


@lru_cache(maxsize=1)
def _russian() -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer("russian")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    word = word.lower().replace("ё", "е")
    if _CYRILLIC.search(word):
        stem: str = _russian().stemWord(word)
        return stem
    return word


def search_text(text: str) -> str:
    """Text as the SQLite index stores it: words lower-cased, Russian ones stemmed."""
    return " ".join(_stem(w) for w in _WORD.findall(text))


def fts5_query(query: str) -> str | None:
    """A web-search style query ("quoted phrase", -exclude, or) as an FTS5 MATCH expression,
    with every term quoted so user input is never FTS5 syntax; None when nothing is searchable."""
    groups: list[list[str]] = [[]]
    excluded: list[str] = []
    for negate, phrase, bare in _QUERY_TOKEN.findall(query):
        if bare and bare.lower() == "or":
            groups.append([])
            continue
        exclude = bool(negate) or (bare.startswith("-") and len(bare) > 1)
        words = _WORD.findall(phrase if phrase else bare.lstrip("-"))
        if not words:
            continue
        term = '"' + " ".join(_stem(w) for w in words) + '"'
        (excluded if exclude else groups[-1]).append(term)
    alternatives = [" AND ".join(g) for g in groups if g]
    if not alternatives:
        return None
    match = " OR ".join(f"({a})" for a in alternatives)
    for term in excluded:
        match = f"({match}) NOT {term}"
    return match


@dataclass(frozen=True)
class ArticleSeed:
    slug: str
    language: str
    title: str
    body: str
    rules: tuple[str, ...]


def parse_kb_markdown(text: str, language: str, family: str) -> list[ArticleSeed]:
    """Split a KB file into articles: each `## ` heading starts one; its rule IDs name it."""
    found: list[ArticleSeed] = []
    title: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if title is None:
            return
        rules = tuple(dict.fromkeys(_RULE_ID.findall(title)))
        slug = (rules[0] if rules else f"{family}-{len(found) + 1}").lower()
        found.append(ArticleSeed(slug, language, title, "\n".join(lines).strip(), rules))

    for line in text.splitlines():
        if line.startswith("## "):
            flush()
            title, lines = line[3:].strip(), []
        elif title is not None:
            lines.append(line)
    flush()
    return found
