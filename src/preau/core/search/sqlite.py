"""SQLite FTS5 index: folded, stemmed text is computed in Python.

Columns: ``title`` and ``body`` hold stems (weighted for ranking), ``words``
holds every folded word so that a word being typed matches by prefix.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from preau.core.search import Alternative, Document, Group
from preau.core.search.text import STOP_WORDS, query_terms, stem, stems, words

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

    @staticmethod
    def _word(word: str, prefix: bool, title_only: bool, stemmed: bool = True) -> str:
        if title_only:
            return f'title : "{stem(word)}"'
        whole = f'words : "{word}"' + (" *" if prefix else "")
        if word in STOP_WORDS or not stemmed:
            return whole  # stems leave stop words out
        return f'({{title body}} : "{stem(word)}" OR {whole})'

    def _alternative(self, alt: Alternative, title_only: bool) -> str | None:
        if alt.phrase:
            found = [stem(w) for w in alt.words if w not in STOP_WORDS]
            if not found:
                return None
            column = "title" if title_only else "{title body}"
            return f'{column} : "{" ".join(found)}"'
        parts = [self._word(w, alt.prefix, title_only, alt.stemmed) for w in alt.words]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def group_expression(
        self, groups: list[Group], any_group: bool = False, title_only: bool = False
    ) -> str | None:
        """An FTS5 query: each group is one of its alternatives; groups all (or any) match."""
        compiled = []
        for group in groups:
            alts = [a for a in (self._alternative(x, title_only) for x in group.alternatives) if a]
            if alts:
                compiled.append(alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")")
        if not compiled:
            return None
        return (" OR " if any_group else " AND ").join(compiled)

    def ranked_groups(
        self,
        groups: list[Group],
        *,
        any_group: bool = False,
        title_only: bool = False,
        ranked: bool = True,
    ) -> list[int]:
        expr = self.group_expression(groups, any_group, title_only)
        if expr is None:
            return []
        weights = ", ".join(str(w) for w in WEIGHTS)
        order = f"bm25({self.table}, {weights}), rowid DESC" if ranked else "rowid DESC"
        sql = f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s ORDER BY {order}"
        with connection.cursor() as cur:
            cur.execute(sql, [expr])
            return [row[0] for row in cur.fetchall()]

    def vocabulary(self, obj_ids: Iterable[int] | None = None) -> set[str]:
        with connection.cursor() as cur:
            if obj_ids is None:
                cur.execute(
                    f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{self.table}_vocab "
                    f"USING fts5vocab(main, {self.table}, 'col')"
                )
                cur.execute(f"SELECT term FROM temp.{self.table}_vocab WHERE col = 'words'")
                return {row[0] for row in cur.fetchall()}
            ids = [int(i) for i in obj_ids]
            found: set[str] = set()
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                cur.execute(f"SELECT words FROM {self.table} WHERE rowid IN ({marks})", chunk)
                for (text,) in cur.fetchall():
                    found.update(text.split())
            return found
