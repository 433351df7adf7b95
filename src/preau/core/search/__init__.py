"""Full-text search in the database itself, behind one small interface.

Each index is a named table of documents (an id, a title, a body). Two
implementations: PostgreSQL full-text search (French configuration with
``unaccent``, GIN index) and SQLite FTS5 (text folded and stemmed in Python).
Apps register a rebuild function per index so ``preau search rebuild`` can
recreate every index from the records.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class Document:
    obj_id: int
    title: str
    body: str


@dataclass(frozen=True)
class Alternative:
    """One way for a query group to match: every word (folded) must be there,
    next to each other when ``phrase``; the last-typed word may match as a
    prefix when ``prefix`` (a word being typed)."""

    words: tuple[str, ...]
    phrase: bool = False
    prefix: bool = False
    stemmed: bool = True  # False: whole words only (an acronym: "CPS" is not "CP")


@dataclass(frozen=True)
class Group:
    """A query word (or words) and what else may stand for it: synonyms,
    corrected spellings. A group matches when one of its alternatives does."""

    alternatives: tuple[Alternative, ...]


class SearchIndex(Protocol):
    name: str

    def create(self, conn: BaseDatabaseWrapper) -> None: ...
    def drop(self, conn: BaseDatabaseWrapper) -> None: ...
    def replace(self, docs: Iterable[Document]) -> None: ...
    def delete(self, obj_ids: Iterable[int]) -> None: ...
    def clear(self) -> None: ...
    def ids(self) -> set[int]: ...
    def match_sql(self, text: str) -> tuple[str, list[Any]] | None:
        """SQL selecting the matching ``obj_id``s, or None when the text has no words."""
        ...

    def ranked_ids(self, text: str) -> list[int]:
        """Every matching id, best first (ties: newest id first)."""
        ...

    def ranked_groups(
        self,
        groups: list[Group],
        *,
        any_group: bool = False,
        title_only: bool = False,
        ranked: bool = True,
    ) -> list[int]:
        """Ids matching every group (or at least one), best first (newest first
        when not ``ranked``: cheaper, for membership)."""
        ...

    def vocabulary(self, obj_ids: Iterable[int] | None = None) -> set[str]:
        """The whole folded words of the documents (all of them by default)."""
        ...


def get_index(name: str, conn: BaseDatabaseWrapper | None = None) -> SearchIndex:
    conn = conn or connection
    if conn.vendor == "postgresql":
        from preau.core.search.postgres import PostgresIndex

        return PostgresIndex(name)
    from preau.core.search.sqlite import SqliteIndex

    return SqliteIndex(name)


Rebuilder = Callable[[Callable[[int, int], None] | None], int]
_rebuilders: dict[str, Rebuilder] = {}


def register_rebuilder(name: str, rebuild: Rebuilder) -> None:
    """``rebuild(progress)`` recreates index ``name`` from records, returns its size."""
    _rebuilders[name] = rebuild


def rebuilders() -> dict[str, Rebuilder]:
    return dict(_rebuilders)
