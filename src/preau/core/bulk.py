"""Fast inserts for the largest bulk writes (the demo generator's hundreds of
thousands of rows, attestations issued in bulk): like ``bulk_create`` — each
value prepared by its field — but from plain dicts (no model instances) and
one ``executemany`` per batch instead of compiling SQL for every ~100 rows
(SQLite's parameter limit). Auto-incremented keys are left to the database and
not read back; ``auto_now``/``auto_now_add`` fields are not filled in: give
their values."""

from collections.abc import Sequence
from typing import Any

from django.db import connections, router
from django.db.models import AutoField, BigAutoField, Model

BATCH = 5000


def fast_insert(model: type[Model], rows: Sequence[dict[str, Any]]) -> int:
    """Insert ``rows`` ({field name: value}; missing fields take their default)."""
    if not rows:
        return 0
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not isinstance(f, AutoField | BigAutoField)]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Identifiers come from the model's own metadata, values are parameters.
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    names = [f.attname for f in fields]
    defaults = [f.get_default() for f in fields]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    [
                        f.get_db_prep_save(row.get(name, default), connection)
                        for f, name, default in zip(fields, names, defaults, strict=True)
                    ]
                    for row in rows[start : start + BATCH]
                ],
            )
    return len(rows)
