"""PostgreSQL full-text index: a ``tsvector`` per document under a GIN index.

``preau_french`` is the French configuration with ``unaccent`` before the
Snowball stemmer; ``preau_simple`` keeps whole folded words for prefix matching.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

from preau.core.search import Alternative, Document, Group
from preau.core.search.text import query_terms

CONFIGURATIONS = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'preau_french') THEN
    CREATE TEXT SEARCH CONFIGURATION preau_french (COPY = french);
    ALTER TEXT SEARCH CONFIGURATION preau_french
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'preau_simple') THEN
    CREATE TEXT SEARCH CONFIGURATION preau_simple (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION preau_simple
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
  END IF;
END
$$;
"""

DOCUMENT = (
    "setweight(to_tsvector('preau_french', %s), 'A')"
    " || setweight(to_tsvector('preau_french', %s), 'B')"
    " || setweight(to_tsvector('preau_simple', %s), 'D')"
)


class PostgresIndex:
    def __init__(self, name: str) -> None:
        if not re.fullmatch(r"[a-z][a-z_]*", name):
            raise ValueError(f"bad index name: {name!r}")
        self.name = name
        self.table = f"search_{name}"

    def create(self, conn: BaseDatabaseWrapper) -> None:
        with conn.cursor() as cur:
            cur.execute(CONFIGURATIONS)
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} "
                "(obj_id bigint PRIMARY KEY, document tsvector NOT NULL)"
            )
            cur.execute(
                f"CREATE INDEX IF NOT EXISTS {self.table}_document "
                f"ON {self.table} USING GIN (document)"
            )

    def drop(self, conn: BaseDatabaseWrapper) -> None:
        with conn.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {self.table}")

    def replace(self, docs: Iterable[Document]) -> None:
        rows = [(d.obj_id, d.title, d.body, f"{d.title} {d.body}") for d in docs]
        with connection.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.table} (obj_id, document) VALUES (%s, {DOCUMENT}) "
                "ON CONFLICT (obj_id) DO UPDATE SET document = EXCLUDED.document",
                rows,
            )

    def delete(self, obj_ids: Iterable[int]) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {self.table} WHERE obj_id = ANY(%s)", [list(obj_ids)])

    def clear(self) -> None:
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {self.table}")

    def ids(self) -> set[int]:
        with connection.cursor() as cur:
            cur.execute(f"SELECT obj_id FROM {self.table}")
            return {row[0] for row in cur.fetchall()}

    @staticmethod
    def query(text: str) -> tuple[str, list[Any]] | None:
        """A tsquery: every word must match, by French stem or as a folded prefix."""
        terms = query_terms(text)
        if not terms:
            return None
        part = "(to_tsquery('preau_french', %s) || to_tsquery('preau_simple', %s))"
        params: list[Any] = []
        for t in terms:
            params += [t, f"{t}:*"]
        return " && ".join([part] * len(terms)), params

    def match_sql(self, text: str) -> tuple[str, list[Any]] | None:
        q = self.query(text)
        if q is None:
            return None
        tsquery, params = q
        return f"SELECT obj_id FROM {self.table} WHERE document @@ ({tsquery})", params

    def ranked_ids(self, text: str) -> list[int]:
        q = self.query(text)
        if q is None:
            return []
        tsquery, params = q
        sql = (
            f"SELECT s.obj_id FROM {self.table} s, (SELECT {tsquery} AS q) AS qq "
            "WHERE s.document @@ qq.q ORDER BY ts_rank(s.document, qq.q) DESC, s.obj_id DESC"
        )
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [row[0] for row in cur.fetchall()]

    @staticmethod
    def _alternative(alt: Alternative, title_only: bool) -> tuple[str, list[Any]]:
        if alt.phrase:
            return "phraseto_tsquery('preau_french', %s)", [" ".join(alt.words)]
        parts, params = [], []
        for w in alt.words:
            if title_only:
                parts.append("to_tsquery('preau_french', %s)")
                params.append(f"{w}:A")
            elif not alt.stemmed:
                parts.append("to_tsquery('preau_simple', %s)")
                params.append(f"{w}:*" if alt.prefix else w)
            else:
                parts.append("(to_tsquery('preau_french', %s) || to_tsquery('preau_simple', %s))")
                params += [w, f"{w}:*" if alt.prefix else w]
        return (parts[0] if len(parts) == 1 else "(" + " && ".join(parts) + ")"), params

    def group_query(
        self, groups: list[Group], any_group: bool = False, title_only: bool = False
    ) -> tuple[str, list[Any]] | None:
        """A tsquery: each group is one of its alternatives; groups all (or any) match."""
        compiled, params = [], []
        for group in groups:
            alts = [self._alternative(a, title_only) for a in group.alternatives]
            if not alts:
                continue
            compiled.append("(" + " || ".join(sql for sql, _ in alts) + ")")
            for _sql, p in alts:
                params += p
        if not compiled:
            return None
        return (" || " if any_group else " && ").join(compiled), params

    def ranked_groups(
        self,
        groups: list[Group],
        *,
        any_group: bool = False,
        title_only: bool = False,
        ranked: bool = True,
    ) -> list[int]:
        q = self.group_query(groups, any_group, title_only)
        if q is None:
            return []
        tsquery, params = q
        order = "ts_rank(s.document, qq.q) DESC, s.obj_id DESC" if ranked else "s.obj_id DESC"
        sql = (
            f"SELECT s.obj_id FROM {self.table} s, (SELECT {tsquery} AS q) AS qq "
            f"WHERE s.document @@ qq.q ORDER BY {order}"
        )
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return [row[0] for row in cur.fetchall()]

    def vocabulary(self, obj_ids: Iterable[int] | None = None) -> set[str]:
        """Lexemes of weight D: whole folded words (``preau_simple``)."""
        sql = (
            f"SELECT DISTINCT u.lexeme FROM {self.table} s, unnest(s.document) u "
            "WHERE u.weights @> '{D}'"
        )
        params: list[Any] = []
        if obj_ids is not None:
            sql += " AND s.obj_id = ANY(%s)"
            params.append([int(i) for i in obj_ids])
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return {row[0] for row in cur.fetchall()}
