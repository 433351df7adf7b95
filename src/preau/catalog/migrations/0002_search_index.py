"""Create the offers' full-text index table for the database in use."""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    from preau.core.search import get_index

    get_index("offer", schema_editor.connection).create(schema_editor.connection)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    from preau.core.search import get_index

    get_index("offer", schema_editor.connection).drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
