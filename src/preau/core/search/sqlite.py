"""SQLite FTS5 index: folded, stemmed text is computed in Python.

Columns: ``title`` and ``body`` hold stems (weighted for ranking), ``words``
holds every folded word so that a word being typed matches by prefix.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from preau.core.search import Document
from preau.core.search.text import query_terms, stem, stems, words

# bm25 weights of the title, body and words columns.
WEIGHTS = (10.0, 3.0, 1.0)


class SqliteIndex:
    def __init__(self, name: str) -> None:
        if not re.fullmatch(r"[a-z][a-z_]*", name):
            raise ValueError(f"bad index name: {name!r}")
        self.name = name
        self.table = f"search_{name}"

    def create(self, conn: BaseDatabaseWrapper) -> None:
        with conn.cursor() as cur:
            cur.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
                "title, body, words, tokenize='unicode61 remove_diacritics 2')"
            )

    def drop(self, conn: BaseDatabaseWrapper) -> None:
        with conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.table}")

    def replace(self, docs: Iterable[Document]) -> None:
        rows = [
            (
                d.obj_id,
                " ".join(stems(d.title)),
                " ".join(stems(d.body)),
                " ".join(words(f"{d.title} {d.body}")),
            )
            for d in docs
        ]
        with connection.cursor() as cur:
            cur.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(r[0],) for r in rows])
            cur.executemany(
                f"INSERT INTO {self.table} (rowid, title, body, words) VALUES (%s, %s, %s, %s)",
                rows,
            )

    def delete(self, obj_ids: Iterable[int]) -> None:
        with connection.cursor() as cur:
            cur.executemany(f"DELETE FROM {self.table} WHERE rowid = %s", [(i,) for i in obj_ids])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {self.table}")

    def ids(self) -> set[int]:
        with connection.cursor() as cur:
            cur.execute(f"SELECT rowid FROM {self.table}")
            return {row[0] for row in cur.fetchall()}

    @staticmethod
    def expression(text: str) -> str | None:
        """An FTS5 query: every word must match, by stem or as a prefix."""
        terms = query_terms(text)
        if not terms:
            return None
        return " AND ".join(f'({{title body}} : "{stem(t)}" OR words : "{t}" *)' for t in terms)

    def match_sql(self, text: str) -> tuple[str, list[Any]] | None:
        expr = self.expression(text)
        if expr is None:
            return None
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [expr]

    def ranked_ids(self, text: str) -> list[int]:
        expr = self.expression(text)
        if expr is None:
            return []
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "
            f"ORDER BY bm25({self.table}, {weights}), rowid DESC"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [expr])
            return [row[0] for row in cur.fetchall()]
